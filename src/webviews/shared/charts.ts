// Chart.js setup shared by the apps: only the pieces we use are registered (smaller bundle),
// no animation (updates every epoch must be cheap: append points, update('none')), and every
// colour is a theme colour looked up by role so a theme change re-colours existing charts.
import * as l10n from '@vscode/l10n';
import {
  Chart,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type Plugin,
  type ScatterDataPoint,
} from 'chart.js';
import { post } from './vscode-api';
import { formatTick, tickStep } from '../../core/ticks';
import { safeFileName } from '../../extension/panels/shared/contract';
import { dashFor, onThemeChange, themeColors, withAlpha, type ThemeColors } from './theme';
import { h } from './dom';
import { ChartText } from './chart-text';

Chart.register(
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
);

/** Which theme colour a dataset takes; resolved again on every theme change. */
export type ColorRole = 'train' | 'validation' | 'best' | 'error' | 'muted' | { series: number };

export interface SeriesSpec {
  label: string;
  role: ColorRole;
  /** Dashed line (validation curves, overlays beyond the palette). */
  dash?: number[];
  /** Point radius; 0 = line only. */
  pointRadius?: number;
  pointStyle?: 'circle' | 'star' | 'triangle' | 'rectRot' | 'crossRot';
  borderWidth?: number;
  /** Draw points only (markers such as the best epoch). */
  showLine?: boolean;
  /** Line opacity (0..1) for a faint companion line: a raw curve, an envelope's edges. */
  faint?: number;
  hidden?: boolean;
  /** False: a NaN point breaks the line (error bars drawn as segments in one dataset). */
  spanGaps?: boolean;
  /** Area between this line and the dataset `fill` refers to (a ± std envelope). */
  fill?: number | string | false;
  data?: ScatterDataPoint[];
}

export type Dataset = ChartDataset<'line', ScatterDataPoint[]> & { role?: ColorRole; faint?: number };

export interface LineChartOptions {
  xTitle: string;
  yTitle: string;
  xLog?: boolean;
  yLog?: boolean;
  xMin?: number;
  /** Ticks exactly at these x values (the swept values on a log axis, instead of 32 33 34…). */
  xTicks?: number[];
  yMin?: number;
  yMax?: number;
  /** Integer ticks on x (epochs). */
  integerX?: boolean;
  legend?: boolean;
  series: SeriesSpec[];
  /** Scatter: points without lines between them, for test accuracy vs a parameter. */
  scatter?: boolean;
  formatY?: (v: number) => string;
  formatX?: (v: number) => string;
  onClickPoint?: (datasetIndex: number, index: number) => void;
}

function colorFor(role: ColorRole | undefined, c: ThemeColors): string {
  if (role === undefined) return c.foreground;
  if (typeof role === 'object') return c.series[role.series % c.series.length];
  switch (role) {
    case 'train':
      return c.train;
    case 'validation':
      return c.validation;
    case 'best':
      return c.best;
    case 'error':
      return c.error;
    case 'muted':
      return c.muted;
  }
}

function styleDataset(ds: Dataset, c: ThemeColors): void {
  const color = colorFor(ds.role, c);
  // Faint: a raw curve beside its smoothed line, the edges and fill of a ± std envelope.
  const faint = (ds as { faint?: number }).faint;
  ds.borderColor = faint === undefined ? color : withAlpha(color, faint);
  ds.backgroundColor = ds.fill
    ? withAlpha(color, c.highContrast ? 0.25 : 0.15)
    : ds.role === 'best'
      ? color
      : withAlpha(color, 0.6);
  ds.pointBorderColor = color;
  ds.pointBackgroundColor = ds.role === 'best' ? color : withAlpha(color, 0.6);
}

export function makeDataset(spec: SeriesSpec, c: ThemeColors = themeColors()): Dataset {
  const ds: Dataset = {
    label: spec.label,
    data: spec.data ?? [],
    role: spec.role,
    faint: spec.faint,
    borderWidth: spec.borderWidth ?? 2,
    borderDash: spec.dash ?? (typeof spec.role === 'object' ? dashFor(spec.role.series, c.series.length) : []),
    pointRadius: spec.pointRadius ?? 0,
    pointHoverRadius: Math.max(4, (spec.pointRadius ?? 0) + 2),
    pointStyle: spec.pointStyle ?? 'circle',
    showLine: spec.showLine ?? true,
    hidden: spec.hidden ?? false,
    tension: 0,
    spanGaps: spec.spanGaps ?? true,
    fill: spec.fill ?? false,
  };
  styleDataset(ds, c);
  return ds;
}

const charts = new Set<Chart<'line', ScatterDataPoint[]>>();

function themeScales(chart: Chart<'line', ScatterDataPoint[]>, c: ThemeColors): void {
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale) continue;
    const s = scale as {
      ticks?: { color?: string };
      grid?: { color?: string };
      border?: { color?: string };
      title?: { color?: string };
    };
    if (s.ticks) s.ticks.color = c.muted;
    if (s.grid) s.grid.color = withAlpha(c.grid, c.highContrast ? 0.8 : 0.35);
    if (s.border) s.border.color = c.grid;
    if (s.title) s.title.color = c.muted;
  }
  const legend = chart.options.plugins?.legend;
  if (legend?.labels) legend.labels.color = c.foreground;
  const tooltip = chart.options.plugins?.tooltip;
  if (tooltip) {
    tooltip.backgroundColor = c.background;
    tooltip.titleColor = c.foreground;
    tooltip.bodyColor = c.foreground;
    tooltip.borderColor = c.grid;
    tooltip.borderWidth = 1;
  }
}

/**
 * The tick labels as drawn, on the canvas as data-x-ticks / data-y-ticks (JSON): what the
 * axes say can then be read and checked, which the pixels of a canvas do not allow.
 */
const tickLabels: Plugin<'line'> = {
  id: 'mnistLabTickLabels',
  afterLayout(chart) {
    for (const [id, scale] of Object.entries(chart.scales)) {
      chart.canvas.dataset[`${id}Ticks`] = JSON.stringify(
        scale.ticks.map((t) => (Array.isArray(t.label) ? t.label.join(' ') : (t.label ?? ''))),
      );
    }
  },
};

/**
 * Every axis prints through formatTick unless the chart formats its own (percentages): a
 * linear axis rounds to its tick spacing, a log axis (uneven spacing) to three digits.
 */
export function tickCallback(format: ((v: number) => string) | undefined, log: boolean) {
  return (value: number | string, _index: number, ticks: Array<{ value: number }>): string => {
    const v = Number(value);
    if (format) return format(v);
    return formatTick(v, log ? undefined : tickStep(ticks.map((t) => t.value)));
  };
}

/** The x range around fixed ticks, with room for the end points (a factor on a log axis). */
function padRange(ticks: number[], log: boolean): [number, number] {
  const lo = Math.min(...ticks);
  const hi = Math.max(...ticks);
  if (log) return [lo / 1.6, hi * 1.6];
  const pad = hi > lo ? (hi - lo) * 0.08 : 0.5;
  return [lo - pad, hi + pad];
}

export function lineChart(canvas: HTMLCanvasElement, o: LineChartOptions): Chart<'line', ScatterDataPoint[]> {
  const c = themeColors();
  // Fixed ticks set the range; the points must fit too (round ticks need not reach the ends).
  const xRange =
    o.xTicks && o.xTicks.length > 0
      ? padRange(
          [
            ...o.xTicks,
            ...o.series.flatMap((sp) =>
              (sp.data ?? []).map((p) => p.x).filter((x): x is number => x !== null && Number.isFinite(x)),
            ),
          ],
          !!o.xLog,
        )
      : undefined;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const chart = new Chart<'line', ScatterDataPoint[]>(canvas, {
    type: 'line',
    plugins: [tickLabels],
    data: {
      datasets: o.series.map((s) =>
        makeDataset(
          s.showLine === undefined && o.scatter ? { ...s, showLine: false, pointRadius: s.pointRadius ?? 4 } : s,
          c,
        ),
      ),
    },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: o.scatter ? 'nearest' : 'index', intersect: !!o.scatter },
      // Cast: Chart.js types each scale kind separately and cannot narrow a runtime choice.
      scales: {
        x: {
          type: o.xLog ? 'logarithmic' : 'linear',
          // With fixed ticks, leave room so the first and last points are not cut in half.
          min: xRange ? xRange[0] : o.xMin,
          max: xRange ? xRange[1] : undefined,
          afterBuildTicks: o.xTicks
            ? (axis: { ticks: Array<{ value: number }> }) => {
                axis.ticks = (o.xTicks as number[]).map((value) => ({ value }));
              }
            : undefined,
          title: { display: true, text: o.xTitle },
          ticks: {
            precision: o.integerX ? 0 : undefined,
            callback: tickCallback(o.formatX, !!o.xLog),
          },
          grid: {},
          border: {},
        },
        y: {
          type: o.yLog ? 'logarithmic' : 'linear',
          min: o.yMin,
          max: o.yMax,
          grace: o.scatter || o.xTicks ? '5%' : undefined,
          title: { display: true, text: o.yTitle },
          ticks: { callback: tickCallback(o.formatY, !!o.yLog) },
          grid: {},
          border: {},
        },
      } as ChartOptions<'line'>['scales'],
      plugins: {
        legend: {
          display: o.legend ?? true,
          position: 'bottom',
          labels: { boxWidth: 18, boxHeight: 2, usePointStyle: false },
        },
        tooltip: {
          callbacks: {
            title: (items) => {
              const x = (items[0]?.raw as ScatterDataPoint | undefined)?.x;
              return x === undefined || x === null ? '' : o.formatX ? o.formatX(x) : formatTick(x);
            },
            label: (ctx) => {
              const y = (ctx.raw as ScatterDataPoint).y;
              if (y === null) return ctx.dataset.label ?? '';
              return `${ctx.dataset.label ?? ''}: ${o.formatY ? o.formatY(y) : y.toFixed(4)}`;
            },
          },
        },
      },
      onClick: o.onClickPoint
        ? (_e, elements) => {
            const first = elements[0];
            if (first) (o.onClickPoint as (d: number, i: number) => void)(first.datasetIndex, first.index);
          }
        : undefined,
    },
  });
  themeScales(chart, c);
  chart.update('none');
  charts.add(chart);
  return chart;
}

/** Lets go of the charts inside `container` before it is rebuilt (a filter typed, a brush drawn). */
export function releaseCharts(container: Element): void {
  for (const chart of charts)
    if (container.contains(chart.canvas)) {
      chart.destroy();
      charts.delete(chart);
    }
}

/** Extra redraws to run on a theme change (canvases that are not Chart.js charts). */
const themeListeners = new Set<(c: ThemeColors) => void>();
export function onRetheme(listener: (c: ThemeColors) => void): void {
  themeListeners.add(listener);
}

onThemeChange((c) => {
  for (const chart of charts) {
    for (const ds of chart.data.datasets as Dataset[]) styleDataset(ds, c);
    themeScales(chart, c);
    chart.update('none');
  }
  for (const l of themeListeners) l(c);
});

/**
 * Sends a canvas as PNG to the host, which asks where to save it. The chart canvas is
 * transparent, so it is first painted on the editor background: a saved PNG must stay
 * readable outside VS Code.
 */
export function exportPng(canvas: HTMLCanvasElement, name: string): void {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = themeColors().background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  post({ type: 'savePng', name: safeFileName(name), dataUrl: out.toDataURL('image/png') });
}

/** A titled card holding a chart canvas, its "PNG" button and its text alternative. */
export function chartCard(
  title: string,
  fileName: string,
  id: string,
): { card: HTMLElement; canvas: HTMLCanvasElement; head: HTMLElement; text: ChartText } {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': title });
  const pngButton = h(
    'button',
    {
      class: 'secondary small',
      title: l10n.t('Save "{0}" as PNG', title),
      'aria-label': l10n.t('Save {0} as PNG', title),
      'data-png': id,
      onclick: () => exportPng(canvas, fileName),
    },
    'PNG',
  );
  const head = h('div', { class: 'card-head' }, h('h3', {}, title), pngButton);
  const text = new ChartText(canvas, title);
  const card = h(
    'section',
    { class: 'card', 'data-chart': id, 'aria-label': title },
    head,
    h('div', { class: 'chart-box' }, canvas),
    text.element,
  );
  return { card, canvas, head, text };
}
