// What a chart shows, in words and as a table: the one-sentence summary read by screen readers
// and shown under each chart, and the rows of its "show as table" alternative. Pure (no DOM),
// computed from the same points the chart draws.

export interface XY {
  x: number;
  y: number;
}

export interface TextSeries {
  label: string;
  points: readonly XY[];
}

type Fmt = (v: number) => string;

/**
 * "validation accuracy rose from 93.9 % to 98.7 %, best at epoch 15" — how one series moved
 * from its first to its last point, and where its best point is when one is given.
 */
export function trendPhrase(
  label: string,
  points: readonly XY[],
  formatY: Fmt,
  xName = 'epoch',
  bestX: number | null = null,
): string {
  if (points.length === 0) return `${label}: no values yet`;
  const first = points[0];
  const last = points[points.length - 1];
  const best = bestX === null ? '' : `, best at ${xName} ${bestX}`;
  if (points.length === 1) return `${label} ${formatY(first.y)} at ${xName} ${first.x}${best}`;
  const a = formatY(first.y);
  const b = formatY(last.y);
  const verb = a === b ? `stayed at ${a}` : `${last.y > first.y ? 'rose' : 'fell'} from ${a} to ${b}`;
  return `${label} ${verb} over ${xName}s ${first.x}–${last.x}${best}`;
}

/** Joins phrases into one sentence: capital first letter, "; " between, a full stop. */
export function sentence(phrases: string[]): string {
  const text = phrases.filter(Boolean).join('; ');
  return text ? `${text[0].toUpperCase()}${text.slice(1)}.` : '';
}

/**
 * Several series of one metric (trials of a sweep, compared runs): which ends highest and which
 * lowest at its last point. "Validation accuracy of 4 trials at their last epoch: highest 97.1 %
 * (3. batch 32 · lr 0.001), lowest 90.2 % (1. batch 64 · lr 0.01)."
 */
export function overlaySentence(metric: string, what: string, series: readonly TextSeries[], formatY: Fmt): string {
  const ends = series
    .filter((s) => s.points.length > 0)
    .map((s) => ({ label: s.label, y: s.points[s.points.length - 1].y }));
  if (ends.length === 0) return sentence([`${metric}: no values yet`]);
  if (ends.length === 1) return sentence([`${metric} of ${ends[0].label}: ${formatY(ends[0].y)} at its last epoch`]);
  const hi = ends.reduce((m, e) => (e.y > m.y ? e : m));
  const lo = ends.reduce((m, e) => (e.y < m.y ? e : m));
  return sentence([
    `${metric} of ${series.length} ${what} at their last epoch: highest ${formatY(hi.y)} (${hi.label}), lowest ${formatY(lo.y)} (${lo.label})`,
  ]);
}

/** Points against a parameter: "Highest test accuracy 97.1 % at batch size 16 (lr 0.001); lowest …". */
export function extremesSentence(
  metric: string,
  xName: string,
  series: readonly TextSeries[],
  formatY: Fmt,
  formatX: Fmt,
): string {
  const all = series.flatMap((s) => s.points.map((p) => ({ ...p, label: s.label })));
  if (all.length === 0) return sentence([`${metric}: no values yet`]);
  const hi = all.reduce((m, p) => (p.y > m.y ? p : m));
  const lo = all.reduce((m, p) => (p.y < m.y ? p : m));
  const where = (p: { x: number; label: string }) =>
    `${xName} ${formatX(p.x)}${series.length > 1 ? ` (${p.label})` : ''}`;
  return sentence([`highest ${metric} ${formatY(hi.y)} at ${where(hi)}`, `lowest ${formatY(lo.y)} at ${where(lo)}`]);
}

export interface DataTable {
  columns: string[];
  rows: string[][];
}

/** The table behind a chart: one row per x value, one column per series ("–" where absent). */
export function chartTable(xName: string, series: readonly TextSeries[], formatX: Fmt, formatY: Fmt): DataTable {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const lookup = series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
  return {
    columns: [xName, ...series.map((s) => s.label)],
    rows: xs.map((x) => [formatX(x), ...lookup.map((m) => (m.has(x) ? formatY(m.get(x) as number) : '–'))]),
  };
}
