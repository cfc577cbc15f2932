// What a list of runs needs to know about each one (a tree row, a picker line, `list`), a few
// hundred bytes instead of the whole record: a ten-digit run.json with its kept test images is
// ~100 KB, and reading thousands of them whole is what made long run lists slow.
import type { RunOwner, RunRecord, RunStatus, TrialRecord } from './record';
import { bestTrial } from './best';

export const SUMMARY_FORMAT = 1;

export interface TrialBrief {
  index: number;
  label: string;
  /** The sweep parameters of this trial ({} for a single run). */
  params: Record<string, unknown>;
  status: RunStatus;
  /** Epochs the trial is configured for, and epochs it has finished. */
  epochs: number;
  epochsRun: number;
  result: { testAccuracy: number; testLoss: number } | null;
  error: string | null;
}

export interface RunSummary {
  summaryFormat: typeof SUMMARY_FORMAT;
  id: string;
  experiment: RunRecord['experiment'];
  status: RunStatus;
  quick: boolean;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  owner?: RunOwner;
  heartbeatAt?: string;
  trials: TrialBrief[];
  /** Test accuracy of the best trial (src/core/best.ts), null until one has finished. */
  bestTestAccuracy: number | null;
}

export function trialBrief(trial: TrialRecord): TrialBrief {
  return {
    index: trial.index,
    label: trial.label,
    params: trial.params ?? {},
    status: trial.status,
    epochs: trial.config.training.epochs,
    epochsRun: trial.history.length,
    result: trial.result ? { testAccuracy: trial.result.testAccuracy, testLoss: trial.result.testLoss } : null,
    error: trial.error,
  };
}

export function summarizeRun(record: RunRecord): RunSummary {
  const trials = record.trials.map(trialBrief);
  const summary: RunSummary = {
    summaryFormat: SUMMARY_FORMAT,
    id: record.id,
    experiment: record.experiment,
    status: record.status,
    quick: record.quick,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    error: record.error,
    trials,
    bestTestAccuracy: bestTrial(trials)?.result.testAccuracy ?? null,
  };
  if (record.owner) summary.owner = record.owner;
  if (record.heartbeatAt) summary.heartbeatAt = record.heartbeatAt;
  return summary;
}

export function isRunSummary(value: RunRecord | RunSummary): value is RunSummary {
  return (value as Partial<RunSummary>).summaryFormat === SUMMARY_FORMAT;
}

/** A summary as is, a record summarised: for code that is handed either. */
export function asSummary(value: RunRecord | RunSummary): RunSummary {
  return isRunSummary(value) ? value : summarizeRun(value);
}
