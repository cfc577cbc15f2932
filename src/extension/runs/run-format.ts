// How a run's state reads in the tree, the progress notification and the status bar, so the
// three never disagree about what "epoch 3/10" means.
import type { RunRecord, TrialRecord } from '../../core/record';
import type { ProgressEvent } from '../../core/events';
import { bestTrial } from '../../core/best';
import { formatNumber, formatPercent } from '../../core/format';

/** The epoch being trained (1-based) while running; the last completed one otherwise. */
export function trialEpochText(trial: TrialRecord): string {
  const total = trial.config.training.epochs;
  const current = trial.status === 'running' ? Math.min(trial.history.length + 1, total) : trial.history.length;
  return `epoch ${current}/${total}`;
}

function runningTrial(record: RunRecord): TrialRecord | undefined {
  return record.trials.find((t) => t.status === 'running');
}

export function trialDescription(trial: TrialRecord): string {
  switch (trial.status) {
    case 'running':
      return trialEpochText(trial);
    case 'done':
      return trial.result ? `test acc ${formatPercent(trial.result.testAccuracy)}` : 'done';
    case 'failed':
      return `failed${trial.error ? `: ${trial.error}` : ''}`;
    default:
      return trial.status;
  }
}

export function runDescription(record: RunRecord): string {
  const sweep = record.trials.length > 1;
  switch (record.status) {
    case 'queued':
      return 'queued';
    case 'running': {
      const trial = runningTrial(record);
      if (!trial) return 'starting…';
      return sweep ? `trial ${trial.index + 1}/${record.trials.length} · ${trialEpochText(trial)}` : trialEpochText(trial);
    }
    case 'done': {
      if (record.experiment.kind === 'backprop') return 'walkthrough done';
      const best = bestTrial(record.trials);
      if (!best) return 'done';
      return sweep ? `${record.trials.length} trials · best ${formatPercent(best.result.testAccuracy)}` : `test acc ${formatPercent(best.result.testAccuracy)}`;
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

export function runTitle(record: RunRecord): string {
  const when = new Date(record.createdAt);
  const stamp = Number.isNaN(when.getTime())
    ? record.id
    : `${when.getFullYear()}-${String(when.getMonth() + 1).padStart(2, '0')}-${String(when.getDate()).padStart(2, '0')} ${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}:${String(when.getSeconds()).padStart(2, '0')}`;
  return record.quick ? `${stamp} · quick` : stamp;
}
