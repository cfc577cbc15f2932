// Test accuracy against each swept hyperparameter (log axis for values spanning a factor of ten
// or more, names placed in the sweep's order), and the study's own plot against batch size /
// learning rate. With repeats each configuration is its mean with a ± std error bar, the seeds
// faint beside it. Trials successive halving stopped early are left out (not comparable).
import type { ScatterDataPoint } from 'chart.js';
import * as l10n from '@vscode/l10n';
import { chartCard, lineChart, type SeriesSpec } from '../shared/charts';
import { chartTable, extremesSentence, type TextSeries } from '../shared/chart-summary';
import { formatParam, formatPercent, paramLabel } from '../../core/format';
import { formatTick, logTicks } from '../../core/ticks';
import { axisPosition, type ParamAxis } from '../../core/param-axes';
import { comparableAccuracy, configurationOf } from '../../core/repeats';
import { spread } from '../../core/stats';
import type { RunHeader, TrialSummary } from '../../extension/panels/shared/contract';

const pct = (v: number) => formatPercent(v, 1);
const CHART_IDS: Record<string, string> = {
  'training.batchSize': 'chart-batch',
  'training.learningRate': 'chart-lr',
};
export const paramChartId = (param: string) => CHART_IDS[param] ?? `chart-p-${param.replace(/[^\w-]/g, '-')}`;

const configOf = (t: TrialSummary) => configurationOf({ index: t.index, config: { configuration: t.configuration } });

/**
 * Test accuracy vs one parameter over `trials` (the filtered set). `axis` is built from every
 * trial of the run, so brushing or filtering does not move the axis.
 */
export function paramChart(
  header: RunHeader,
  axis: ParamAxis,
  trials: TrialSummary[],
  allAxes: ParamAxis[],
): HTMLElement {
  const param = axis.param;
  const id = paramChartId(param);
  const { card, canvas, text } = chartCard(
    l10n.t('Test accuracy vs {0}', paramLabel(param)),
    `${header.id}-acc-vs-${paramLabel(param).replace(/\s+/g, '-')}`,
    id,
  );
  const category = axis.kind === 'category';
  const xOf = (t: TrialSummary) =>
    category ? axis.categories.indexOf(formatParam(t.params[param])) : (t.params[param] as number);
  const formatX = (v: number) => (category ? (axis.categories[Math.round(v)] ?? '') : formatTick(v));
  const drawn = trials.filter((t) => comparableAccuracy(t) !== null && axisPosition(axis, t.params[param]) !== null);
  const repeats = (header.search?.repeats ?? 1) > 1;
  // Lines per value of another swept parameter on a grid with few values; else one scatter.
  const other = allAxes.find((a) => a.param !== param && (a.kind === 'category' || a.min !== a.max));
  const groupBy =
    header.search?.strategy !== 'random' &&
    header.sweepParameters.length === 2 &&
    other &&
    distinct(trials, other.param) <= 6
      ? other.param
      : null;
  const groups = new Map<string, TrialSummary[]>();
  for (const t of drawn) {
    const g = groupBy ? `${paramLabel(groupBy)} ${formatParam(t.params[groupBy])}` : l10n.t('test accuracy');
    groups.set(g, [...(groups.get(g) ?? []), t]);
  }
  const series: SeriesSpec[] = [];
  const textSeries: TextSeries[] = [];
  const errorBars: ScatterDataPoint[] = [];
  [...groups.entries()].forEach(([label, ts], i) => {
    let pts: Array<{ x: number; y: number }>;
    if (repeats) {
      const byConfig = new Map<number, TrialSummary[]>();
      for (const t of ts) byConfig.set(configOf(t), [...(byConfig.get(configOf(t)) ?? []), t]);
      const means = [...byConfig.values()].map((cs) => {
        const s = spread(cs.map((t) => comparableAccuracy(t) as number));
        return { x: xOf(cs[0]), y: s.mean, std: s.std };
      });
      for (const m of means)
        if (m.std > 0) errorBars.push({ x: m.x, y: m.y - m.std }, { x: m.x, y: m.y + m.std }, { x: m.x, y: NaN });
      pts = means.map(({ x, y }) => ({ x, y })).sort((a, b) => a.x - b.x);
      series.push({
        label: l10n.t('{0}, seeds', label),
        role: { series: i },
        showLine: false,
        pointRadius: 2,
        faint: 0.45,
        data: ts.map((t) => ({ x: xOf(t), y: comparableAccuracy(t) as number })),
      });
    } else pts = ts.map((t) => ({ x: xOf(t), y: comparableAccuracy(t) as number })).sort((a, b) => a.x - b.x);
    series.push({
      label: repeats ? l10n.t('{0}, mean ± std', label) : label,
      role: { series: i },
      pointRadius: 4,
      showLine: !!groupBy,
      data: pts,
    });
    textSeries.push({ label, points: pts });
  });
  if (errorBars.length > 0)
    series.push({
      label: l10n.t('± std'),
      role: 'muted',
      showLine: true,
      spanGaps: false,
      borderWidth: 1.5,
      data: errorBars,
    });
  // Ticks from every trial of the run: filtering does not move the axis.
  const ticks = category ? axis.categories.map((_, i) => i) : axis.values;
  // Values drawn at random (or many): round ticks over their range instead of one per value.
  const many = !category && (ticks.length > 8 || header.search?.strategy === 'random');
  const roundTicks = axis.kind === 'log' ? logTicks(axis.min, axis.max) : undefined;
  lineChart(canvas, {
    xTitle: axis.kind === 'log' ? l10n.t('{0} (log scale)', paramLabel(param)) : paramLabel(param),
    // Random search draws many distinct values: let the axis choose its ticks then.
    xTicks: many ? roundTicks : ticks.length > 0 ? ticks : undefined,
    yTitle: l10n.t('test accuracy'),
    xLog: axis.kind === 'log',
    legend: groupBy !== null || repeats,
    series,
    scatter: true,
    formatY: pct,
    formatX,
  });
  canvas.dataset.trials = drawn.map((t) => t.index).join(',');
  canvas.dataset.points = String(drawn.length);
  text.update(
    extremesSentence(
      repeats ? l10n.t('mean test accuracy') : l10n.t('test accuracy'),
      paramLabel(param),
      textSeries,
      pct,
      formatX,
    ),
    chartTable(paramLabel(param), textSeries, formatX, pct),
  );
  return card;
}

function distinct(trials: TrialSummary[], param: string): number {
  return new Set(trials.map((t) => formatParam(t.params[param]))).size;
}

/** The study's own plot: test accuracy against batch size / learning rate. */
export function ratioChart(header: RunHeader, trials: TrialSummary[]): HTMLElement {
  const { card, canvas, text } = chartCard(
    l10n.t('Test accuracy vs batch size / learning rate'),
    `${header.id}-acc-vs-ratio`,
    'chart-ratio',
  );
  const drawn = trials.filter(
    (t) =>
      comparableAccuracy(t) !== null &&
      typeof t.params['training.batchSize'] === 'number' &&
      typeof t.params['training.learningRate'] === 'number',
  );
  const data = drawn
    .map((t) => ({
      x: (t.params['training.batchSize'] as number) / (t.params['training.learningRate'] as number),
      y: comparableAccuracy(t) as number,
    }))
    .sort((a, b) => a.x - b.x);
  const xs = data.map((d) => d.x);
  lineChart(canvas, {
    xTitle: l10n.t('batch size / learning rate (log scale)'),
    // One tick per ratio on a grid (few, swept); round ticks when the values were drawn at random.
    xTicks: header.search?.strategy === 'random' && xs.length > 0 ? logTicks(Math.min(...xs), Math.max(...xs)) : xs,
    yTitle: l10n.t('test accuracy'),
    xLog: true,
    legend: false,
    series: [{ label: l10n.t('trial'), role: { series: 0 }, pointRadius: 4, data, showLine: false }],
    formatY: pct,
    // A computed ratio (4 / 0.00001 = 399999.99999999994): printed as a tick, not as a value.
    formatX: (v) => formatTick(v),
  });
  canvas.dataset.trials = drawn.map((t) => t.index).join(',');
  canvas.dataset.points = String(drawn.length);
  const series = [{ label: l10n.t('test accuracy'), points: data }];
  const ratio = l10n.t('batch size / learning rate');
  text.update(
    extremesSentence(l10n.t('test accuracy'), ratio, series, pct, (v) => formatTick(v)),
    chartTable(ratio, series, (v) => formatTick(v), pct),
  );
  return card;
}
