// How a run's state reads in the tree, the progress notification and the status bar, so the
// three never disagree about what "epoch 3/10" means.
import type { RunRecord, TrialRecord } from '../../core/record';
import type { ProgressEvent } from '../../core/events';
import { formatNumber, formatParam, formatPercent } from '../../core/format';
import { asSummary, type RunSummary, type TrialBrief } from '../../core/run-summary';

/** The tree lists summaries (src/core/run-summary.ts); the run manager holds whole records. */
type RunLike = RunRecord | RunSummary;
type TrialLike = TrialRecord | TrialBrief;

const epochsOf = (trial: TrialLike): { total: number; run: number } =>
  'config' in trial
    ? { total: trial.config.training.epochs, run: trial.history.length }
    : { total: trial.epochs, run: trial.epochsRun };

/** The epoch being trained (1-based) while running; the last completed one otherwise. */
export function trialEpochText(trial: TrialLike): string {
  const { total, run } = epochsOf(trial);
  const current = trial.status === 'running' ? Math.min(run + 1, total) : run;
  return `epoch ${current}/${total}`;
}

function runningTrial(record: RunRecord): TrialRecord | undefined {
  return record.trials.find((t) => t.status === 'running');
}

/** `short`: for a narrow tree row, the accuracy alone ("97.50 %"). */
export function trialDescription(trial: TrialLike, short = false): string {
  switch (trial.status) {
    case 'running':
      return trialEpochText(trial);
    case 'done':
      return trial.result ? `${short ? '' : 'test acc '}${formatPercent(trial.result.testAccuracy)}` : 'done';
    case 'failed':
      return `failed${trial.error ? `: ${trial.error}` : ''}`;
    default:
      return trial.status;
  }
}

export function runDescription(run: RunLike): string {
  const record = asSummary(run);
  const sweep = record.trials.length > 1;
  switch (record.status) {
    case 'queued':
      return 'queued';
    case 'running': {
      const trial = record.trials.find((t) => t.status === 'running');
      if (!trial) return 'starting…';
      return sweep
        ? `trial ${trial.index + 1}/${record.trials.length} · ${trialEpochText(trial)}`
        : trialEpochText(trial);
    }
    case 'done': {
      if (record.experiment.kind === 'backprop') return 'walkthrough done';
      const best = record.bestTestAccuracy;
      if (best === null) return 'done';
      return sweep ? `${record.trials.length} trials · best ${formatPercent(best)}` : `test acc ${formatPercent(best)}`;
    }
    case 'failed':
      return `failed${record.error ? `: ${record.error}` : ''}`;
    case 'cancelled':
      return 'cancelled';
  }
}

/** Share of the whole run done, for the notification's progress bar. */
export function runFraction(record: RunRecord, progress?: ProgressEvent): number {
  if (record.trials.length === 0) return record.status === 'done' ? 1 : 0;
  let sum = 0;
  for (const trial of record.trials) {
    if (trial.status === 'done' || trial.status === 'failed' || trial.status === 'cancelled') {
      sum += 1;
      continue;
    }
    const epochs = trial.config.training.epochs;
    let done = trial.history.length;
    if (progress && progress.trial === trial.index && progress.epoch === done + 1 && progress.batches > 0) {
      done += progress.batch / progress.batches;
    }
    sum += Math.min(done / epochs, 1);
  }
  return sum / record.trials.length;
}

/** "trial 2/9 · epoch 3/10 · loss 0.1234 · acc 97.10 %" */
export function runProgressMessage(record: RunRecord, progress?: ProgressEvent): string {
  const parts = [runDescription(record)];
  const trial = runningTrial(record);
  const last = trial?.history.at(-1);
  if (progress) parts.push(`loss ${formatNumber(progress.loss)}`, `acc ${formatPercent(progress.accuracy)}`);
  else if (last) parts.push(`loss ${formatNumber(last.loss)}`, `acc ${formatPercent(last.accuracy)}`);
  return parts.join(' · ');
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-30 08:04:58 · quick": how the tree and pickers name a run. */
export function runTitle(record: Pick<RunLike, 'createdAt' | 'id' | 'quick'>): string {
  const when = new Date(record.createdAt);
  const stamp = Number.isNaN(when.getTime())
    ? record.id
    : `${when.getFullYear()}-${two(when.getMonth() + 1)}-${two(when.getDate())} ${two(when.getHours())}:${two(when.getMinutes())}:${two(when.getSeconds())}`;
  return record.quick ? `${stamp} · quick` : stamp;
}

/** "08:04:58", the time part of runTitle: short enough for a tab, and found again in the tree. */
export function runTime(record: Pick<RunLike, 'createdAt' | 'id'>): string {
  const when = new Date(record.createdAt);
  return Number.isNaN(when.getTime())
    ? record.id.slice(-4)
    : `${two(when.getHours())}:${two(when.getMinutes())}:${two(when.getSeconds())}`;
}

/** "2 of 16 trials trained, 14 not run" / "3 epochs trained": what a cancelled run kept. */
export function cancelledSummary(record: RunRecord): string {
  if (record.trials.length <= 1) {
    const epochs = record.trials[0]?.history.length ?? 0;
    return `${epochs} epoch${epochs === 1 ? '' : 's'} trained`;
  }
  const ran = record.trials.filter((t) => t.startedAt !== null || t.history.length > 0).length;
  const skipped = record.trials.length - ran;
  return `${ran} of ${record.trials.length} trials trained${skipped > 0 ? `, ${skipped} not run` : ''}`;
}

const SHORT_PARAMS: Record<string, string> = {
  'training.batchSize': 'batch',
  'training.learningRate': 'lr',
  'model.initializer': 'init',
  'model.activation': 'act',
  'training.optimizer': 'opt',
};

/** "batch 4 · lr 1e-5" for "batchSize=4 · learningRate=0.00001": what tells trials apart, first. */
export function compactTrialLabel(trial: Pick<TrialLike, 'params' | 'label'>): string {
  const entries = Object.entries(trial.params ?? {});
  if (entries.length === 0) return trial.label;
  return entries.map(([k, v]) => `${SHORT_PARAMS[k] ?? k.replace(/^.*\./, '')} ${formatParam(v)}`).join(' · ');
}
