// How long a run still has to go, from the speed of its recent epochs.

export interface EtaInput {
  /** Durations of finished epochs in this run so far (seconds), most recent last. */
  epochSeconds: number[];
  /** Fraction (0..1) of the current epoch already done. */
  currentEpochFraction: number;
  /** Whole epochs still to run in the current trial after the current one. */
  epochsLeftInTrial: number;
  /** Epoch caps of the trials that have not started yet. */
  laterTrialEpochs: number[];
  /** Epochs still to run in the other trials running at the same time (a sweep on several workers). */
  otherRunningEpochs?: number[];
}

/**
 * Seconds until the run ends if every trial runs to its epoch cap (early stopping can only
 * make it sooner, so this is an upper estimate). Uses the mean of the last 5 epochs, which
 * follows speed changes (backend warm-up) without jumping on one slow epoch. Null until one
 * epoch has finished: there is nothing to extrapolate from. With trials running side by side
 * the work left is shared by that many workers, but never ends before the current trial.
 */
export function estimateEtaSeconds(input: EtaInput): number | null {
  const recent = input.epochSeconds.slice(-5).filter((s) => Number.isFinite(s) && s >= 0);
  if (recent.length === 0) return null;
  const perEpoch = recent.reduce((a, b) => a + b, 0) / recent.length;
  const fraction = Math.min(1, Math.max(0, input.currentEpochFraction));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + Math.max(0, b), 0);
  const own = 1 - fraction + Math.max(0, input.epochsLeftInTrial);
  const others = input.otherRunningEpochs ?? [];
  const lanes = 1 + others.length;
  const epochs = Math.max(own, (own + sum(others) + sum(input.laterTrialEpochs)) / lanes);
  return Math.max(0, epochs * perEpoch);
}
