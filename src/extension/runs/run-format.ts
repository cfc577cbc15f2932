// How a run's state reads in the tree, the progress notification and the status bar, so the
// three never disagree about what "epoch 3/10" means.
import * as l10n from '@vscode/l10n';
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
  return l10n.t('epoch {0}/{1}', current, total);
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
      if (!trial.result) return l10n.t('done');
      return short
        ? formatPercent(trial.result.testAccuracy)
        : l10n.t('test acc {0}', formatPercent(trial.result.testAccuracy));
    case 'failed':
      return trial.error ? l10n.t('failed: {0}', trial.error) : l10n.t('failed');
    default:
      return statusText(trial.status);
  }
}

export function runDescription(run: RunLike): string {
  const record = asSummary(run);
  const sweep = record.trials.length > 1;
  switch (record.status) {
    case 'queued':
      return l10n.t('queued');
    case 'running': {
      const trial = record.trials.find((t) => t.status === 'running');
      if (!trial) return l10n.t('starting…');
      return sweep
        ? l10n.t('trial {0}/{1} · {2}', trial.index + 1, record.trials.length, trialEpochText(trial))
        : trialEpochText(trial);
    }
    case 'done': {
      if (record.experiment.kind === 'backprop') return l10n.t('walkthrough done');
      const best = record.bestTestAccuracy;
      if (best === null) return l10n.t('done');
      return sweep
        ? l10n.t('{0} trials · best {1}', record.trials.length, formatPercent(best))
        : l10n.t('test acc {0}', formatPercent(best));
    }
    case 'failed':
      return record.error ? l10n.t('failed: {0}', record.error) : l10n.t('failed');
    case 'cancelled':
      return l10n.t('cancelled');
  }
}

/** A run or trial status in the user's language ("done", "failed", ...). */
export function statusText(status: RunRecord['status']): string {
  switch (status) {
    case 'queued':
      return l10n.t('queued');
    case 'running':
      return l10n.t('running');
    case 'done':
      return l10n.t('done');
    case 'failed':
      return l10n.t('failed');
    case 'cancelled':
      return l10n.t('cancelled');
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
  const latest = progress ?? last;
  if (latest)
    parts.push(l10n.t('loss {0}', formatNumber(latest.loss)), l10n.t('acc {0}', formatPercent(latest.accuracy)));
  return parts.join(' · ');
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-30 08:04:58 · quick": how the tree and pickers name a run. */
export function runTitle(record: Pick<RunLike, 'createdAt' | 'id' | 'quick'>): string {
  const when = new Date(record.createdAt);
  const stamp = Number.isNaN(when.getTime())
    ? record.id
    : `${when.getFullYear()}-${two(when.getMonth() + 1)}-${two(when.getDate())} ${two(when.getHours())}:${two(when.getMinutes())}:${two(when.getSeconds())}`;
  return record.quick ? l10n.t('{0} · quick', stamp) : stamp;
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
    return epochs === 1 ? l10n.t('1 epoch trained') : l10n.t('{0} epochs trained', epochs);
  }
  const ran = record.trials.filter((t) => t.startedAt !== null || t.history.length > 0).length;
  const skipped = record.trials.length - ran;
  return skipped > 0
    ? l10n.t('{0} of {1} trials trained, {2} not run', ran, record.trials.length, skipped)
    : l10n.t('{0} of {1} trials trained', ran, record.trials.length);
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
