// Records the training dynamics of one trial (src/core/dynamics.ts says what and by which
// rules). The gradients and updates come from the training step itself on a few measured
// batches per epoch, so nothing is computed twice; the activations come from one forward pass
// over a fixed probe batch at the end of each epoch.
import * as tf from '@tensorflow/tfjs';
import {
  activationStats,
  compactLayer,
  compactNumber,
  MEASURED_BATCHES_PER_EPOCH,
  PROBE_SEED_OFFSET,
  type EpochDynamics,
  type GradientSample,
  type LayerActivation,
  type LayerDynamics,
} from '../../core/dynamics';
import type { ResolvedDynamics, ResolvedTrial } from '../../core/experiment';
import { seededRandom, shuffleInPlace } from '../../core/random';
import { inputBatch } from '../net/batches';
import type { Dataset } from '../data/dataset';
import type { Scaling, Split } from '../data/splits';
import { newStepMeasure, type StepMeasure } from './measure';

/** A seeded draw of up to `size` references of a split, in split order. */
export function probeRefs(split: Split, size: number, seed: number): Uint32Array {
  const order = shuffleInPlace(Uint32Array.from(split.refs.keys()), seededRandom(seed ^ PROBE_SEED_OFFSET));
  const picked = order.subarray(0, Math.min(size, order.length)).sort();
  return picked.map((i) => split.refs[i]);
}

/** Per Dense layer: pre-activations and activations of the probe batch, row-major. */
export interface LayerOutputs {
  pre: Float32Array;
  post: Float32Array;
  units: number;
}

/**
 * The first layer's pre-activations x·W + b of rows [start, end) of refs by the training step's
 * own route (the sparse-pixel kernel), or null when the dense matmul should do it.
 */
export type FirstPreActivation = (refs: ArrayLike<number>, start: number, end: number) => tf.Tensor2D | null;

/** Every layer's outputs for rows [start, end) of refs by the training step's own route, or null. */
export type ProbeForward = (refs: ArrayLike<number>, start: number, end: number) => LayerOutputs[] | null;

/**
 * The model's forward pass layer by layer, keeping what each Dense layer computes. `first`
 * gives the first layer's pre-activations (called inside this function's tidy).
 */
export function layerOutputs(
  model: tf.Sequential,
  first: (kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D,
): LayerOutputs[] {
  const out: LayerOutputs[] = [];
  tf.tidy(() => {
    let h: tf.Tensor2D | null = null;
    for (const layer of model.layers) {
      const [kernel, bias] = layer.getWeights() as [tf.Tensor2D, tf.Tensor1D];
      const z = h === null ? first(kernel, bias) : (tf.add(tf.matMul(h, kernel), bias) as tf.Tensor2D);
      const activation = (layer as unknown as { activation: { apply(t: tf.Tensor): tf.Tensor } }).activation;
      h = activation.apply(z) as tf.Tensor2D;
      out.push({ pre: z.dataSync() as Float32Array, post: h.dataSync() as Float32Array, units: kernel.shape[1] });
    }
  });
  return out;
}

export class DynamicsRecorder {
  /** The probe images' dataset references. */
  readonly probeRefs: Uint32Array;
  /** The probe's images as a dense tensor, made only when the dense matmul needs them. */
  private probe: tf.Tensor2D | null = null;
  private readonly probeRows: number;
  private readonly activations: LayerActivation[];
  private readonly layers: number;
  private readonly measure: StepMeasure;
  private readonly sums: { gradKernel: Float64Array; gradBias: Float64Array; updateRatio: Float64Array };
  private measured = 0;
  private samples: GradientSample[] = [];
  private measuredBatches = new Set<number>();
  private lastBatch = -1;
  /** Σ W² of each kernel after the epoch's last step, when that step was measured. */
  private readonly endWeight: Float64Array;
  private endWeightKnown = false;

  constructor(
    private readonly settings: ResolvedDynamics,
    trial: ResolvedTrial,
    private readonly dataset: Dataset,
    probeSplit: Split,
    private readonly scaling: Scaling,
  ) {
    this.probeRefs = probeRefs(probeSplit, settings.probeSize, trial.training.seed);
    this.probeRows = this.probeRefs.length;
    this.activations = [...trial.model.hidden.map((l) => l.activation), trial.model.outputActivation];
    this.layers = this.activations.length;
    this.measure = newStepMeasure(2 * this.layers);
    const zeros = () => new Float64Array(this.layers);
    this.sums = { gradKernel: zeros(), gradBias: zeros(), updateRatio: zeros() };
    this.endWeight = zeros();
  }

  /** Called before an epoch of `batches` batches. */
  beginEpoch(batches: number): void {
    this.measured = 0;
    this.samples = [];
    this.sums.gradKernel.fill(0);
    this.sums.gradBias.fill(0);
    this.sums.updateRatio.fill(0);
    this.measuredBatches = new Set();
    this.lastBatch = batches - 1;
    this.endWeightKnown = false;
    const m = Math.min(MEASURED_BATCHES_PER_EPOCH, batches);
    for (let k = 1; k <= m; k++) this.measuredBatches.add(Math.floor((k * batches) / m) - 1);
  }

  /** The measure object to pass to step() for 0-based batch b, or undefined when b is not measured. */
  measureFor(b: number): StepMeasure | undefined {
    const every = this.settings.everyBatches;
    return this.measuredBatches.has(b) || (every > 0 && (b + 1) % every === 0) ? this.measure : undefined;
  }

  /** After a step that was given measureFor(b). */
  afterStep(b: number): void {
    const { grad, delta, weight } = this.measure;
    const every = this.settings.everyBatches;
    if (every > 0 && (b + 1) % every === 0) {
      this.samples.push({
        batch: b + 1,
        gradKernel: Array.from({ length: this.layers }, (_, l) => compactNumber(Math.sqrt(grad[2 * l]))),
      });
    }
    if (b === this.lastBatch) {
      for (let l = 0; l < this.layers; l++) this.endWeight[l] = weight[2 * l];
      this.endWeightKnown = true;
    }
    if (!this.measuredBatches.has(b)) return;
    this.measured++;
    for (let l = 0; l < this.layers; l++) {
      this.sums.gradKernel[l] += Math.sqrt(grad[2 * l]);
      this.sums.gradBias[l] += Math.sqrt(grad[2 * l + 1]);
      this.sums.updateRatio[l] += weight[2 * l] > 0 ? Math.sqrt(delta[2 * l] / weight[2 * l]) : 0;
    }
  }

  /**
   * After the epoch's last step: the epoch's record, from the model's current weights.
   * `whole` is the training step's route for the whole probe pass (TrainingStep.probeForward),
   * else `first` its route for the first layer (TrainingStep.firstPreActivation).
   */
  endEpoch(
    model: tf.Sequential,
    first: FirstPreActivation = () => null,
    whole: ProbeForward = () => null,
  ): EpochDynamics {
    const outputs =
      whole(this.probeRefs, 0, this.probeRows) ??
      layerOutputs(
        model,
        (kernel, bias) =>
          first(this.probeRefs, 0, this.probeRows) ??
          (tf.add(tf.matMul(this.denseProbe(), kernel), bias) as tf.Tensor2D),
      );
    const n = Math.max(1, this.measured);
    const layers = outputs.map((o, l): LayerDynamics => {
      // The epoch's last step is measured (beginEpoch), and its Σ W² is the kernel's now.
      const weightNorm = Math.sqrt(
        this.endWeightKnown
          ? this.endWeight[l]
          : tf.tidy(() => tf.sum(tf.square(model.layers[l].getWeights()[0])).dataSync()[0]),
      );
      const stats = activationStats(o.pre, o.post, this.probeRows, o.units, this.activations[l], l < this.layers - 1);
      return compactLayer({
        gradKernel: this.sums.gradKernel[l] / n,
        gradBias: this.sums.gradBias[l] / n,
        weightNorm,
        updateRatio: this.sums.updateRatio[l] / n,
        ...stats,
      });
    });
    return this.samples.length > 0 ? { layers, samples: this.samples } : { layers };
  }

  /** The probe's images as a tensor; kept out of any tidy, released by dispose(). */
  private denseProbe(): tf.Tensor2D {
    this.probe ??= tf.keep(inputBatch(this.dataset, this.probeRefs, 0, this.probeRows, this.scaling));
    return this.probe;
  }

  dispose(): void {
    this.probe?.dispose();
    this.probe = null;
  }
}
