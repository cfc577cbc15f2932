// What the recorded training dynamics say about gradient flow, in one place for the live and
// sweep panels and the reproduction report: per-layer series over epochs, and the two
// verdicts the case study's part 3 is about — a vanishing gradient in the first layer and dead
// ReLU units. The thresholds are stated here so every view calls the same trial the same thing.
import type { EpochDynamics } from './dynamics';
import { formatPercent, formatScientific } from './format';

/**
 * The first layer's gradient is called vanishing when its kernel gradient norm is below this
 * share of the output layer's. Norms grow with a layer's size, and the first layer is the
 * largest (784 inputs), so a healthy net has the first layer's norm the same order as the
 * output's or above; a tenth means the signal has faded on its way back.
 */
export const VANISHING_RATIO = 0.1;

/** A net is said to have dead units when at least this share of a ReLU hidden layer is dead. */
export const DEAD_SHARE = 0.1;

/** A net is said to saturate when at least this share of a sigmoid or tanh hidden layer is saturated. */
export const SATURATED_LAYER_SHARE = 0.1;

interface Recorded {
  epoch: number;
  dynamics?: EpochDynamics;
}

/** One point per recorded epoch and layer: ‖∂L/∂W‖ of each layer's kernel, input side first. */
export function gradientSeries(history: readonly Recorded[]): { epochs: number[]; layers: number[][] } {
  const recorded = history.filter((h) => h.dynamics);
  const count = Math.max(0, ...recorded.map((h) => h.dynamics!.layers.length));
  return {
    epochs: recorded.map((h) => h.epoch),
    layers: Array.from({ length: count }, (_, i) => recorded.map((h) => h.dynamics!.layers[i]?.gradKernel ?? NaN)),
  };
}

export interface FlowVerdict {
  epoch: number;
  /** First hidden layer's ‖∂L/∂W‖ over the output layer's. */
  firstToLast: number;
  vanishing: boolean;
  /** The largest dead share over ReLU hidden layers; null without ReLU layers. */
  dead: number | null;
  hasDead: boolean;
  /** The largest saturated share over sigmoid/tanh hidden layers; null without them. */
  saturated: number | null;
  saturates: boolean;
  /** Gradient norm of the first layer. */
  firstGrad: number;
}

function maxOrNull(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

/** The verdict of one epoch's dynamics (usually dynamicsAtBest's). */
export function flowVerdict(epoch: number, d: EpochDynamics): FlowVerdict | null {
  if (d.layers.length < 2) return null;
  const first = d.layers[0];
  const last = d.layers[d.layers.length - 1];
  const hidden = d.layers.slice(0, -1);
  const firstToLast = last.gradKernel > 0 ? first.gradKernel / last.gradKernel : Infinity;
  const dead = maxOrNull(hidden.map((l) => l.dead));
  const saturated = maxOrNull(hidden.map((l) => l.saturated));
  return {
    epoch,
    firstToLast,
    vanishing: firstToLast < VANISHING_RATIO,
    dead,
    hasDead: dead !== null && dead >= DEAD_SHARE,
    saturated,
    saturates: saturated !== null && saturated >= SATURATED_LAYER_SHARE,
    firstGrad: first.gradKernel,
  };
}

/** 0.53 → "0.53", 0.0012 → "1.20e-3": ratios read as plain numbers unless tiny. */
export function formatRatio(value: number): string {
  return Math.abs(value) >= 0.01 && Math.abs(value) < 1000 ? value.toFixed(2) : formatScientific(value);
}

/** One sentence for a gradient-flow chart's summary (what a screen reader hears first). */
export function gradientFlowSentence(history: readonly Recorded[]): string {
  const recorded = history.filter((h) => h.dynamics);
  const last = recorded.at(-1);
  if (!last) return 'No training dynamics recorded yet.';
  const v = flowVerdict(last.epoch, last.dynamics!);
  if (!v) return `Epoch ${last.epoch}: one layer, ‖∂L/∂W‖ ${formatScientific(last.dynamics!.layers[0]?.gradKernel)}.`;
  const parts = [
    `Epoch ${last.epoch}: the first layer's gradient norm is ${formatScientific(v.firstGrad)}, ${formatRatio(v.firstToLast)} times the output layer's`,
    v.vanishing ? ' (vanishing: below a tenth)' : '',
    v.dead !== null ? `; up to ${formatPercent(v.dead, 0)} of a ReLU layer's units are dead` : '',
    v.saturated !== null ? `; up to ${formatPercent(v.saturated, 0)} of a layer's units are saturated` : '',
    '.',
  ];
  return parts.join('');
}
