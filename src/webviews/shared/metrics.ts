// Pure helpers shared by the webview apps and the panel controllers: no DOM, no vscode, so
// they are unit-tested directly in Node.
import type { EpochRecord, RunRecord, TrialRecord } from '../../core/record';

/** Each row divided by its sum (recall per true class); an all-zero row stays zero. */
export function rowNormalise(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
}

/**
 * The epoch early stopping would keep: best value of the monitored quantity (lowest loss,
 * highest accuracy). Falls back to training loss when validation values are missing.
 * Ties keep the earlier epoch, as Keras does. Returns null for an empty history.
 */
export function bestEpochOf(history: EpochRecord[], monitor = 'val_loss'): number | null {
  const pick: Record<string, (e: EpochRecord) => number | null> = {
    val_loss: (e) => e.valLoss,
    val_accuracy: (e) => e.valAccuracy,
    loss: (e) => e.loss,
    accuracy: (e) => e.accuracy,
  };
  let get = pick[monitor] ?? pick.val_loss;
  if (history.every((e) => get(e) === null)) get = pick.loss;
  const higherIsBetter = monitor.endsWith('accuracy') && get !== pick.loss;
  let best: EpochRecord | null = null;
  let bestValue = 0;
  for (const e of history) {
    const v = get(e);
    if (v === null || !Number.isFinite(v)) continue;
    if (best === null || (higherIsBetter ? v > bestValue : v < bestValue)) {
      best = e;
      bestValue = v;
    }
  }
  return best ? best.epoch : null;
}

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

/** "42 s", "3 m 05 s", "1 h 02 m"; "–" for unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

export function formatPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${(value * 100).toFixed(digits)} %`;
}

export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

/** A swept value as text: numbers compactly (1e-5), initializer objects by name. */
export function formatParam(value: unknown): string {
  if (typeof value === 'number') {
    if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) return value.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string') {
    const { name, ...rest } = value as Record<string, unknown>;
    const extra = Object.entries(rest).map(([k, v]) => `${k}=${formatParam(v)}`);
    return extra.length > 0 ? `${String(name)}(${extra.join(', ')})` : String(name);
  }
  return JSON.stringify(value) ?? String(value);
}

const PARAM_NAMES: Record<string, string> = {
  'model.initializer': 'initializer',
  'model.activation': 'activation',
  'training.batchSize': 'batch size',
  'training.learningRate': 'learning rate',
  'training.optimizer': 'optimizer',
  'training.seed': 'seed',
};
/** "training.learningRate" → "learning rate". */
export function paramLabel(key: string): string {
  return PARAM_NAMES[key] ?? key.replace(/^.*\./, '');
}

// ---- CSV / JSON export -----------------------------------------------------------------

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value : formatParam(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One row per trial and epoch, with the trial's swept values and final test metrics. */
export function historyCsv(record: RunRecord): string {
  const params = record.sweepParameters;
  const header = [
    'run', 'trial', 'label', ...params, 'epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'seconds', 'samples_per_second',
    'test_loss', 'test_accuracy', 'best_epoch',
  ];
  const rows: unknown[][] = [header];
  for (const t of record.trials) {
    for (const e of t.history) {
      rows.push([
        record.id, t.index, t.label, ...params.map((p) => t.params[p]), e.epoch, e.loss, e.accuracy, e.valLoss, e.valAccuracy,
        e.seconds, e.samplesPerSecond, t.result?.testLoss, t.result?.testAccuracy, t.result?.bestEpoch,
      ]);
    }
  }
  return toCsv(rows);
}

/** Metrics and history without the bulky parts (pixels), for people and scripts. */
export function metricsJson(record: RunRecord): string {
  const trial = (t: TrialRecord) => ({
    index: t.index,
    label: t.label,
    params: t.params,
    status: t.status,
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
        trials: record.trials.map(trial),
      },
      null,
      2,
    ) + '\n'
  );
}

// ---- tables ----------------------------------------------------------------------------

/** Index of the trial with the highest test accuracy (lowest test loss breaks ties). */
export function bestTrialIndex(trials: Array<{ index: number; result: { testAccuracy: number; testLoss: number } | null }>): number | null {
  let best: (typeof trials)[number] | null = null;
  for (const t of trials) {
    if (!t.result) continue;
    if (
      best === null ||
      t.result.testAccuracy > (best.result as { testAccuracy: number }).testAccuracy ||
      (t.result.testAccuracy === (best.result as { testAccuracy: number }).testAccuracy &&
        t.result.testLoss < (best.result as { testLoss: number }).testLoss)
    ) {
      best = t;
    }
  }
  return best ? best.index : null;
}

export type SortValue = string | number | null;
/** Stable sort by a key; nulls (unfinished trials) always last whatever the direction. */
export function sortRows<T>(rows: T[], key: (row: T) => SortValue, descending: boolean): T[] {
  return rows
    .map((row, i) => ({ row, i, k: key(row) }))
    .sort((a, b) => {
      if (a.k === null && b.k === null) return a.i - b.i;
      if (a.k === null) return 1;
      if (b.k === null) return -1;
      const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k), undefined, { numeric: true });
      return (descending ? -c : c) || a.i - b.i;
    })
    .map((x) => x.row);
}

/** Case-insensitive match of every whitespace-separated term against the row's text. */
export function matchesFilter(text: string, filter: string): boolean {
  const hay = text.toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .every((term) => hay.includes(term));
}

/** Decodes base64 28×28 pixels (row-major bytes); throws on a wrong length. */
export function decodePixels(base64: string, size = 28): Uint8Array {
  const bin = atob(base64);
  if (bin.length !== size * size) throw new Error(`expected ${size * size} pixels, got ${bin.length}`);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Values that differ across runs in a side-by-side table: true per row when not all
 * defined cells are equal (numbers compared after rounding to the shown precision).
 */
export function differingRows(rows: Array<Array<string | null>>): boolean[] {
  return rows.map((cells) => new Set(cells.filter((c): c is string => c !== null)).size > 1);
}

export interface GridCell {
  /** Mean test accuracy of the finished trials in the cell (several when a third parameter, e.g. seed, is swept). */
  value: number | null;
  trials: number[];
}
export interface SweepGrid {
  rows: string[];
  cols: string[];
  cells: GridCell[][];
}

/** Test accuracy over two swept parameters, values in the order they were swept. */
export function sweepGrid(
  trials: Array<{ index: number; params: Record<string, unknown>; result: { testAccuracy: number } | null }>,
  rowParam: string,
  colParam: string,
): SweepGrid {
  const rows: string[] = [];
  const cols: string[] = [];
  for (const t of trials) {
    const r = formatParam(t.params[rowParam]);
    const c = formatParam(t.params[colParam]);
    if (!rows.includes(r)) rows.push(r);
    if (!cols.includes(c)) cols.push(c);
  }
  const acc = rows.map(() => cols.map(() => ({ sum: 0, n: 0, trials: [] as number[] })));
  for (const t of trials) {
    const cell = acc[rows.indexOf(formatParam(t.params[rowParam]))][cols.indexOf(formatParam(t.params[colParam]))];
    cell.trials.push(t.index);
    if (t.result) {
      cell.sum += t.result.testAccuracy;
      cell.n += 1;
    }
  }
  return { rows, cols, cells: acc.map((r) => r.map((c) => ({ value: c.n > 0 ? c.sum / c.n : null, trials: c.trials }))) };
}
