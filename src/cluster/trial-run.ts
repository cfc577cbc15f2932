// A cluster task: some trials of a sweep, trained exactly as the local sweep trains them (same
// resolved configs, same indices), written as a trial record — a run record with `sweepPart` —
// in a fresh folder under the trials folder, so a retried task never overwrites an attempt.
import type { ResolvedExperiment } from '../core/experiment';
import type { SweepPart } from '../core/record';
import { startRun, type RunHandle, type RunOptions } from '../runs/controller';
import { sweepKey } from './sweep-key';

export interface TrialRunRequest {
  experiment: ResolvedExperiment;
  source: unknown;
  indices: readonly number[];
  /** How the indices were chosen, kept in the record ("SLURM_ARRAY_TASK_ID=3"). */
  indexFrom: string;
  quick: boolean;
  seed: number | null;
}

export function sweepPartOf(
  request: Pick<TrialRunRequest, 'experiment' | 'source' | 'quick' | 'seed' | 'indexFrom'>,
): SweepPart {
  return {
    of: request.experiment.trials.length,
    key: sweepKey(request.source, request.quick, request.seed),
    quick: request.quick,
    seed: request.seed,
    indexFrom: request.indexFrom,
  };
}

/** Starts the chosen trials; `options.runsRoot` is the trials folder. */
export function startTrials(request: TrialRunRequest, options: Omit<RunOptions, 'sweepPart'>): RunHandle {
  if (request.experiment.kind === 'backprop')
    throw new Error('a backprop walkthrough is one run, not a sweep of trials; run it without --trial');
  const trials = request.indices.map((i) => request.experiment.trials[i]);
  const part: ResolvedExperiment = { ...request.experiment, trials };
  return startRun(part, request.source, { ...options, sweepPart: sweepPartOf(request) });
}
