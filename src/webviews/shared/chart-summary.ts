// What a chart shows, in words and as a table: the one-sentence summary read by screen readers
// and shown under each chart, and the rows of its "show as table" alternative. Pure (no DOM),
// computed from the same points the chart draws. Sentences are whole messages for translators.
import * as l10n from '@vscode/l10n';

export interface XY {
  x: number;
  y: number;
}

export interface TextSeries {
  label: string;
  points: readonly XY[];
}

type Fmt = (v: number) => string;

/** What the x axis counts: each has its own whole sentences, so translators see them complete. */
export type XUnit = 'epoch' | 'step';

const PHRASES: Record<
  XUnit,
  {
    at(label: string, y: string, x: number): string;
    stayed(label: string, y: string, span: string): string;
    rose(label: string, a: string, b: string, span: string): string;
    fell(label: string, a: string, b: string, span: string): string;
    best(x: number): string;
  }
> = {
  epoch: {
    at: (label, y, x) => l10n.t('{0} {1} at epoch {2}', label, y, x),
    stayed: (label, y, span) => l10n.t('{0} stayed at {1} over epochs {2}', label, y, span),
    rose: (label, a, b, span) => l10n.t('{0} rose from {1} to {2} over epochs {3}', label, a, b, span),
    fell: (label, a, b, span) => l10n.t('{0} fell from {1} to {2} over epochs {3}', label, a, b, span),
    best: (x) => l10n.t(', best at epoch {0}', x),
  },
  step: {
    at: (label, y, x) => l10n.t('{0} {1} at step {2}', label, y, x),
    stayed: (label, y, span) => l10n.t('{0} stayed at {1} over steps {2}', label, y, span),
    rose: (label, a, b, span) => l10n.t('{0} rose from {1} to {2} over steps {3}', label, a, b, span),
    fell: (label, a, b, span) => l10n.t('{0} fell from {1} to {2} over steps {3}', label, a, b, span),
    best: (x) => l10n.t(', best at step {0}', x),
  },
};

/**
 * "validation accuracy rose from 93.9 % to 98.7 % over epochs 1–20, best at epoch 15" — how one
 * series moved from its first to its last point, and where its best point is when one is given.
 */
export function trendPhrase(
  label: string,
  points: readonly XY[],
  formatY: Fmt,
  unit: XUnit = 'epoch',
  bestX: number | null = null,
): string {
  if (points.length === 0) return l10n.t('{0}: no values yet', label);
  const say = PHRASES[unit];
  const first = points[0];
  const last = points[points.length - 1];
  const best = bestX === null ? '' : say.best(bestX);
  if (points.length === 1) return say.at(label, formatY(first.y), first.x) + best;
  const a = formatY(first.y);
  const b = formatY(last.y);
  const span = `${first.x}–${last.x}`;
  const moved =
    a === b ? say.stayed(label, a, span) : last.y > first.y ? say.rose(label, a, b, span) : say.fell(label, a, b, span);
  return moved + best;
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
  if (ends.length === 0) return sentence([l10n.t('{0}: no values yet', metric)]);
  if (ends.length === 1)
    return sentence([l10n.t('{0} of {1}: {2} at its last epoch', metric, ends[0].label, formatY(ends[0].y))]);
  const hi = ends.reduce((m, e) => (e.y > m.y ? e : m));
  const lo = ends.reduce((m, e) => (e.y < m.y ? e : m));
  return sentence([
    l10n.t(
      '{0} of {1} {2} at their last epoch: highest {3} ({4}), lowest {5} ({6})',
      metric,
      series.length,
      what,
      formatY(hi.y),
      hi.label,
      formatY(lo.y),
      lo.label,
    ),
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
  if (all.length === 0) return sentence([l10n.t('{0}: no values yet', metric)]);
  const hi = all.reduce((m, p) => (p.y > m.y ? p : m));
  const lo = all.reduce((m, p) => (p.y < m.y ? p : m));
  const where = (p: { x: number; label: string }) =>
    series.length > 1 ? l10n.t('{0} {1} ({2})', xName, formatX(p.x), p.label) : l10n.t('{0} {1}', xName, formatX(p.x));
  return sentence([
    l10n.t('highest {0} {1} at {2}', metric, formatY(hi.y), where(hi)),
    l10n.t('lowest {0} at {1}', formatY(lo.y), where(lo)),
  ]);
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
