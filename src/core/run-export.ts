// A run as files for people and scripts: history as CSV, metrics as JSON without the pixels.
// The "Export Run…" command writes them; the unit tests read them back.
import { formatParam, formatTrialStatus } from './format';
import { rungValue } from './halving';
import type { RunRecord, TrialRecord } from './record';

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break. Text that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first: OWASP's CSV injection list) gets a leading
 * apostrophe, so a name like =HYPERLINK(…) shows as text. Numbers are written as they are.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? String(value)
        : ''
      : typeof value === 'string'
        ? value
        : formatParam(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One row per trial and epoch, with the trial's swept values and final test metrics. */
export function historyCsv(record: RunRecord): string {
  const params = record.sweepParameters;
  const header = [
    'run',
    'trial',
    'label',
    ...params,
    'epoch',
    'loss',
    'accuracy',
    'val_loss',
    'val_accuracy',
    'seconds',
    'samples_per_second',
    'test_loss',
    'test_accuracy',
    'best_epoch',
  ];
  const rows: unknown[][] = [header];
  for (const t of record.trials) {
    for (const e of t.history) {
      rows.push([
        record.id,
        t.index,
        t.label,
        ...params.map((p) => t.params[p]),
        e.epoch,
        e.loss,
        e.accuracy,
        e.valLoss,
        e.valAccuracy,
        e.seconds,
        e.samplesPerSecond,
        t.result?.testLoss,
        t.result?.testAccuracy,
        t.result?.bestEpoch,
      ]);
    }
  }
  return toCsv(rows);
}

/**
 * One row per trial: every swept value, the seed and configuration (repeats share one), the
 * status (with the rung successive halving stopped it at), epochs, best validation numbers,
 * test metrics and time. What a sweep's table shows, for a spreadsheet.
 */
export function trialsCsv(record: RunRecord): string {
  const params = record.sweepParameters;
  const header = [
    'run',
    'trial',
    'label',
    ...params,
    'seed',
    'configuration',
    'status',
    'rung',
    'rung_epochs',
    'epochs_run',
    'best_epoch',
    'best_val_loss',
    'best_val_accuracy',
    'test_loss',
    'test_accuracy',
    'macro_f1',
    'train_seconds',
    'started_at',
    'finished_at',
    'error',
  ];
  const rows: unknown[][] = [header];
  for (const t of record.trials) {
    const r = t.result;
    rows.push([
      record.id,
      t.index,
      t.label,
      ...params.map((p) => t.params[p]),
      t.config?.training?.seed,
      t.config?.configuration ?? t.index,
      formatTrialStatus(t.status, t.rung),
      t.rung?.rung ?? null,
      t.rung?.epochs ?? null,
      r?.epochsRun ?? t.history.length,
      r?.bestEpoch,
      rungValue(t.history, 'val_loss'),
      rungValue(t.history, 'val_accuracy'),
      r?.testLoss,
      r?.testAccuracy,
      r?.report.macro.f1,
      r?.trainSeconds,
      t.startedAt,
      t.finishedAt,
      t.error,
    ]);
  }
  return toCsv(rows);
}

/** Metrics and history without the bulky parts (pixels), for people and scripts. */
export function metricsJson(record: RunRecord): string {
  const trial = (t: TrialRecord) => ({
    index: t.index,
    label: t.label,
    params: t.params,
    seed: t.config?.training?.seed ?? null,
    configuration: t.config?.configuration ?? t.index,
    status: t.status,
    rung: t.rung ?? null,
    history: t.history,
    result: t.result && {
      testLoss: t.result.testLoss,
      testAccuracy: t.result.testAccuracy,
      epochsRun: t.result.epochsRun,
      bestEpoch: t.result.bestEpoch,
      stoppedEarly: t.result.stoppedEarly,
      trainSeconds: t.result.trainSeconds,
      threads: t.result.threads ?? 1,
      sizes: t.result.sizes,
      confusionMatrix: t.result.confusionMatrix,
      report: t.result.report,
    },
  });
  return (
    JSON.stringify(
      {
        run: record.id,
        experiment: record.experiment.name,
        status: record.status,
        backend: record.backend,
        createdAt: record.createdAt,
        finishedAt: record.finishedAt,
        wallSeconds: record.wallSeconds,
        sweepParameters: record.sweepParameters,
        search: record.search ?? null,
        trials: record.trials.map(trial),
      },
      null,
      2,
    ) + '\n'
  );
}
