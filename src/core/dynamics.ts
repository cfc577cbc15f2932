// Training dynamics recorded with a run: what happens inside each Dense layer, epoch by
// epoch. The rules (histogram bins, what counts as dead or saturated, how numbers are
// rounded for run.json) live here once; the trainer measures, the panels, the CLI and the
// report only read. Pure: no tfjs, no Node.
import type { ACTIVATIONS } from './names';

/**
 * Training batches per epoch whose gradients and updates are measured (evenly spaced, the
 * last batch always included); the epoch's value is their mean. Measuring every batch would
 * read back every gradient, which costs more than the 5 % budget on small batches.
 */
export const MEASURED_BATCHES_PER_EPOCH = 8;

/** Bins of every activation histogram. */
export const HISTOGRAM_BINS = 20;

/** A sigmoid unit is saturated on an image below this or above 1 minus it; tanh beyond ±(1 − it). */
export const SATURATION_MARGIN = 0.02;

/** A unit is saturated when it is saturated on more than this share of the probe images. */
export const SATURATED_SHARE = 0.5;

/** The seed offset of the probe batch's draw (so it does not follow the shuffles). */
export const PROBE_SEED_OFFSET = 0x9b0b;

export type LayerActivation = (typeof ACTIVATIONS)[number] | 'softmax';

/**
 * The fixed value range of an activation's histogram: bounded activations use their whole
 * range; unbounded ones a range wide enough for trained MNIST nets, values beyond it are
 * counted in the edge bins so the counts always sum to probe images × units.
 */
export function histogramRange(activation: LayerActivation): [lo: number, hi: number] {
  switch (activation) {
    case 'sigmoid':
    case 'softmax':
      return [0, 1];
    case 'tanh':
      return [-1, 1];
    case 'relu':
    case 'softplus':
      return [0, 5];
    case 'elu':
    case 'selu':
      return [-2, 5];
    case 'linear':
      return [-5, 5];
  }
}

/** Bin index of a value in a histogram over [lo, hi) with HISTOGRAM_BINS bins, clamped into the edge bins. */
export function histogramBin(value: number, lo: number, hi: number, bins = HISTOGRAM_BINS): number {
  const b = Math.floor(((value - lo) / (hi - lo)) * bins);
  return b < 0 || Number.isNaN(b) ? 0 : b >= bins ? bins - 1 : b;
}

/** One Dense layer (hidden or output) in one epoch. Norms are L2 norms. */
export interface LayerDynamics {
  /** Mean over the measured batches of ‖∂L/∂W‖ (the batch-mean gradient of the kernel). */
  gradKernel: number;
  /** The same for the bias. */
  gradBias: number;
  /** ‖W‖ of the kernel at the end of the epoch. */
  weightNorm: number;
  /** Mean over the measured batches of one update's ‖ΔW‖ / ‖W‖ (kernel). */
  updateRatio: number;
  /** Pre-activations (x·W + b) over the probe batch: mean and standard deviation. */
  preMean: number;
  preStd: number;
  /** Activation histogram over histogramRange(activation); counts sum to probe images × units. */
  histogram: number[];
  /** ReLU hidden layers: share of units that are zero on every probe image; else null. */
  dead: number | null;
  /** Sigmoid and tanh hidden layers: share of units saturated on most probe images; else null. */
  saturated: number | null;
}

/** Gradient norms of each layer's kernel at one training batch (the finer interval). */
export interface GradientSample {
  /** Batch within the epoch, 1-based. */
  batch: number;
  gradKernel: number[];
}

export interface EpochDynamics {
  /** Input side first; the output layer last. */
  layers: LayerDynamics[];
  /** Present when the experiment asked for a sample every n batches. */
  samples?: GradientSample[];
}

/** The activation statistics of one layer over the probe batch. */
export type ActivationStats = Pick<LayerDynamics, 'preMean' | 'preStd' | 'histogram' | 'dead' | 'saturated'>;

/**
 * Statistics of one layer from its pre-activations and activations over the probe batch
 * (row-major, rows × units). `hidden` is false for the output layer, whose units are
 * probabilities and are never called dead or saturated.
 */
export function activationStats(
  pre: ArrayLike<number>,
  post: ArrayLike<number>,
  rows: number,
  units: number,
  activation: LayerActivation,
  hidden: boolean,
): ActivationStats {
  const n = rows * units;
  if (pre.length !== n || post.length !== n)
    throw new Error(`activationStats: expected ${rows}×${units} values, got ${pre.length} and ${post.length}`);
  // One pass for the sum and the histogram, one for the spread (two passes keep it exact
  // when the mean is large against the spread): this runs at every epoch's end, on the clock.
  const [lo, hi] = histogramRange(activation);
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += pre[i];
    histogram[histogramBin(post[i], lo, hi)]++;
  }
  const mean = n > 0 ? sum / n : 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = pre[i] - mean;
    sq += d * d;
  }
  return {
    preMean: mean,
    preStd: n > 0 ? Math.sqrt(sq / n) : 0,
    histogram,
    dead: hidden ? deadFraction(post, rows, units, activation) : null,
    saturated: hidden ? saturatedFraction(post, rows, units, activation) : null,
  };
}

/** ReLU: the share of units whose output is zero on every probe image; null for other activations. */
export function deadFraction(
  post: ArrayLike<number>,
  rows: number,
  units: number,
  activation: LayerActivation,
): number | null {
  if (activation !== 'relu' || units === 0) return null;
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) alive = post[r * units + u] !== 0;
    if (!alive) dead++;
  }
  return dead / units;
}

/** Whether one output of a sigmoid or tanh unit is saturated. */
export function isSaturated(value: number, activation: LayerActivation): boolean {
  if (activation === 'sigmoid') return value < SATURATION_MARGIN || value > 1 - SATURATION_MARGIN;
  if (activation === 'tanh') return Math.abs(value) > 1 - SATURATION_MARGIN;
  return false;
}

/** Sigmoid and tanh: the share of units saturated on more than half of the probe images; null otherwise. */
export function saturatedFraction(
  post: ArrayLike<number>,
  rows: number,
  units: number,
  activation: LayerActivation,
): number | null {
  if ((activation !== 'sigmoid' && activation !== 'tanh') || units === 0 || rows === 0) return null;
  // Row by row, as the values lie in memory.
  const counts = new Uint32Array(units);
  for (let r = 0; r < rows; r++) {
    const base = r * units;
    for (let u = 0; u < units; u++) if (isSaturated(post[base + u], activation)) counts[u]++;
  }
  let saturated = 0;
  for (let u = 0; u < units; u++) if (counts[u] > rows * SATURATED_SHARE) saturated++;
  return saturated / units;
}

/** Four significant digits: enough to plot and compare, and run.json stays small. */
export function compactNumber(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(4));
}

export function compactLayer(layer: LayerDynamics): LayerDynamics {
  const c = compactNumber;
  return {
    gradKernel: c(layer.gradKernel),
    gradBias: c(layer.gradBias),
    weightNorm: c(layer.weightNorm),
    updateRatio: c(layer.updateRatio),
    preMean: c(layer.preMean),
    preStd: c(layer.preStd),
    histogram: layer.histogram,
    dead: layer.dead === null ? null : c(layer.dead),
    saturated: layer.saturated === null ? null : c(layer.saturated),
  };
}

/** The epoch a trial's "inside" views show: its best epoch (TrialResult.bestEpoch), else the last one recorded. */
export function dynamicsAtBest(trial: {
  history: readonly { epoch: number; dynamics?: EpochDynamics }[];
  result: { bestEpoch: number } | null;
}): { epoch: number; dynamics: EpochDynamics } | null {
  const recorded = trial.history.filter((h) => h.dynamics);
  const at = recorded.find((h) => h.epoch === trial.result?.bestEpoch) ?? recorded.at(-1);
  return at ? { epoch: at.epoch, dynamics: at.dynamics! } : null;
}
