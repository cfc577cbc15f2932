// Which trial of a run is the best, and which epoch of a trial is. Every view that marks a
// "best" (tree, notifications, panels, CLI, report) and the trainer itself ask these functions,
// so they can never disagree.
import type { EpochRecord } from './record';

/** What ranking needs of a trial; TrialRecord and the panels' TrialSummary both fit. */
export interface RankedTrial {
  index: number;
  result: { testAccuracy: number; testLoss: number } | null;
  /** Successive halving's verdict; a trial stopped at a rung trained too few epochs to compete. */
  rung?: { state: string } | null;
}

const orLowest = (x: number) => (Number.isFinite(x) ? x : -Infinity);
const orHighest = (x: number) => (Number.isFinite(x) ? x : Infinity);

/** A trial that has finished, so it has test metrics to rank by. */
export type FinishedTrial<T extends RankedTrial = RankedTrial> = T & { result: NonNullable<T['result']> };

/**
 * Orders finished trials best first: higher test accuracy; on equal accuracy the lower test
 * loss (the more confident model); then the earlier trial, so the order is total and stable.
 */
export function compareTrials(a: FinishedTrial, b: FinishedTrial): number {
  return (
    orLowest(b.result.testAccuracy) - orLowest(a.result.testAccuracy) ||
    orHighest(a.result.testLoss) - orHighest(b.result.testLoss) ||
    a.index - b.index
  );
}

/**
 * The finished trials (those with a result), best first; see compareTrials for the order.
 * Trials successive halving stopped at a lower rung are left out: their numbers are those of a
 * shorter training, not a verdict on the configuration.
 */
export function rankTrials<T extends RankedTrial>(trials: readonly T[]): FinishedTrial<T>[] {
  return trials
    .filter(
      (t): t is FinishedTrial<T> => t.result !== null && t.rung?.state !== 'stopped' && t.rung?.state !== 'paused',
    )
    .sort(compareTrials);
}

/** The best finished trial, or undefined when none has finished. */
export function bestTrial<T extends RankedTrial>(trials: readonly T[]): FinishedTrial<T> | undefined {
  return rankTrials(trials)[0];
}

export type Monitor = 'val_loss' | 'val_accuracy' | 'loss' | 'accuracy';

const MONITORED: Record<Monitor, (e: EpochRecord) => number | null> = {
  val_loss: (e) => e.valLoss,
  val_accuracy: (e) => e.valAccuracy,
  loss: (e) => e.loss,
  accuracy: (e) => e.accuracy,
};

/** The monitored quantity of one epoch; null when the run does not compute it (no validation set). */
export function monitoredValue(epoch: EpochRecord, monitor: Monitor): number | null {
  return MONITORED[monitor](epoch);
}

/**
 * Keras's test for "improved": lower loss or higher accuracy than the best so far by more than
 * `minDelta`. An equal value is no improvement, so ties keep the earlier epoch. Before the
 * first epoch the best is ±Infinity, as in Keras, so an infinite loss never counts.
 */
export function improves(value: number, best: number | null, monitor: Monitor, minDelta = 0): boolean {
  const higherIsBetter = monitor.endsWith('accuracy');
  const current = best ?? (higherIsBetter ? -Infinity : Infinity);
  return higherIsBetter ? value > current + minDelta : value < current - minDelta;
}

/**
 * The epoch early stopping keeps (1-based): the best monitored value, improvements counted as
 * in `improves`. When the monitored quantity is missing from every epoch (no validation set)
 * the training loss decides. Non-finite values are skipped; null when no epoch has a value.
 */
export function bestEpoch(history: readonly EpochRecord[], monitor: string = 'val_loss', minDelta = 0): number | null {
  let watch: Monitor = monitor in MONITORED ? (monitor as Monitor) : 'val_loss';
  if (history.every((e) => monitoredValue(e, watch) === null)) watch = 'loss';
  let best: { epoch: number; value: number } | null = null;
  for (const e of history) {
    const v = monitoredValue(e, watch);
    if (v === null || !Number.isFinite(v)) continue;
    if (improves(v, best?.value ?? null, watch, minDelta)) best = { epoch: e.epoch, value: v };
  }
  return best?.epoch ?? null;
}
