// Training curves (loss and accuracy, training vs validation, best epoch marked) used by the
// live and results panels, and overlaid-curve charts for the sweep and compare panels.
// Live updates append points and call update('none'): no rebuild, no animation.
import * as l10n from '@vscode/l10n';
import type { Chart, ScatterDataPoint } from 'chart.js';
import type { EpochRecord } from '../../core/record';
import { chartCard, lineChart, makeDataset, onRetheme, tickCallback, type Dataset } from './charts';
import { clear, h } from './dom';
import { formatNumber, formatPercent } from '../../core/format';
import { chartTable, overlaySentence, sentence, trendPhrase, type TextSeries, type XY } from './chart-summary';
import type { ChartText } from './chart-text';

export type MetricKey = 'val_accuracy' | 'val_loss' | 'accuracy' | 'loss';
// Labels are getters: read when drawn, after the app's translations are configured.
export const METRICS: Record<
  MetricKey,
  { readonly label: string; get: (e: EpochRecord) => number | null; percent: boolean }
> = {
  val_accuracy: {
    get label() {
      return l10n.t('Validation accuracy');
    },
    get: (e) => e.valAccuracy,
    percent: true,
  },
  val_loss: {
    get label() {
      return l10n.t('Validation loss');
    },
    get: (e) => e.valLoss,
    percent: false,
  },
  accuracy: {
    get label() {
      return l10n.t('Training accuracy');
    },
    get: (e) => e.accuracy,
    percent: true,
  },
  loss: {
    get label() {
      return l10n.t('Training loss');
    },
    get: (e) => e.loss,
    percent: false,
  },
};

/** The three lines of one metric in the curves charts, as whole phrases for translators. */
const curveLabels = (what: 'loss' | 'accuracy') =>
  what === 'loss'
    ? { training: l10n.t('training loss'), validation: l10n.t('validation loss'), batch: l10n.t('batch loss') }
    : {
        training: l10n.t('training accuracy'),
        validation: l10n.t('validation accuracy'),
        batch: l10n.t('batch accuracy'),
      };

export function points(history: EpochRecord[], get: (e: EpochRecord) => number | null): XY[] {
  const out: XY[] = [];
  for (const e of history) {
    const y = get(e);
    if (y !== null && Number.isFinite(y)) out.push({ x: e.epoch, y });
  }
  return out;
}

const pct = (v: number): string => formatPercent(v, 1);

/** Indexes of the datasets inside each curves chart. */
const TRAIN = 0;
const VAL = 1;
const BATCH = 2;
const BEST = 3;
/** Within-epoch points kept per chart: plenty for one trial, bounded for long runs. */
const MAX_BATCH_POINTS = 4000;

export class TrainingCurves {
  readonly element: HTMLElement;
  private loss: Chart<'line', ScatterDataPoint[]>;
  private acc: Chart<'line', ScatterDataPoint[]>;
  private history: EpochRecord[] = [];
  private best: number | null = null;
  private frameQueued = false;
  private lossText: ChartText;
  private accText: ChartText;

  constructor(fileStem: string, withBatchLine: boolean) {
    const l = chartCard(l10n.t('Loss'), `${fileStem}-loss`, 'chart-loss');
    const a = chartCard(l10n.t('Accuracy'), `${fileStem}-accuracy`, 'chart-accuracy');
    this.lossText = l.text;
    this.accText = a.text;
    this.element = h('div', { class: 'grid curves' }, l.card, a.card);
    const series = (what: 'loss' | 'accuracy') => [
      { label: curveLabels(what).training, role: 'train' as const },
      { label: curveLabels(what).validation, role: 'validation' as const, dash: [6, 3] },
      // The fine line: running batch values inside the current epoch, at fractional epochs.
      { label: curveLabels(what).batch, role: 'muted' as const, borderWidth: 1, hidden: !withBatchLine },
      {
        label: l10n.t('best epoch'),
        role: 'best' as const,
        showLine: false,
        pointRadius: 7,
        pointStyle: 'star' as const,
        borderWidth: 2,
      },
    ];
    // Same x range on both charts: from 1 (0 live, where batch points of epoch 1 sit at 0..1).
    const xMin = withBatchLine ? 0 : 1;
    this.loss = lineChart(l.canvas, {
      xTitle: l10n.t('epoch'),
      yTitle: l10n.t('loss'),
      integerX: true,
      xMin,
      series: series('loss'),
    });
    this.acc = lineChart(a.canvas, {
      xTitle: l10n.t('epoch'),
      yTitle: l10n.t('accuracy'),
      integerX: true,
      xMin,
      series: series('accuracy'),
      formatY: pct,
    });
    if (!withBatchLine) {
      // Hidden from the legend too: the results panel has no within-epoch data.
      for (const c of [this.loss, this.acc]) {
        const legend = c.options.plugins?.legend;
        if (legend?.labels) legend.labels.filter = (item) => item.datasetIndex !== BATCH;
      }
    }
  }

  /** Replaces everything (first load, another trial selected). */
  setHistory(history: EpochRecord[], bestEpoch: number | null): void {
    this.history = [...history];
    this.best = bestEpoch;
    this.ds(this.loss, TRAIN).data = points(history, (e) => e.loss);
    this.ds(this.loss, VAL).data = points(history, (e) => e.valLoss);
    this.ds(this.acc, TRAIN).data = points(history, (e) => e.accuracy);
    this.ds(this.acc, VAL).data = points(history, (e) => e.valAccuracy);
    this.ds(this.loss, BATCH).data = [];
    this.ds(this.acc, BATCH).data = [];
    this.markBest();
    this.loss.update('none');
    this.acc.update('none');
    this.markCount();
    this.describe();
  }

  /** The summaries and tables of both charts, from the epochs drawn (batch points left out). */
  private describe(): void {
    const num = (v: number) => formatNumber(v);
    const epoch = (x: number) => String(x);
    const text = (
      t: ChartText,
      what: 'loss' | 'accuracy',
      fmt: (v: number) => string,
      train: (e: EpochRecord) => number | null,
      val: (e: EpochRecord) => number | null,
    ) => {
      const series: TextSeries[] = [
        { label: curveLabels(what).validation, points: points(this.history, val) },
        { label: curveLabels(what).training, points: points(this.history, train) },
      ].filter((s) => s.points.length > 0);
      const phrases = series.map((s, i) => trendPhrase(s.label, s.points, fmt, 'epoch', i === 0 ? this.best : null));
      t.update(
        sentence(phrases.length > 0 ? phrases : [l10n.t('no epoch has finished yet')]),
        chartTable(l10n.t('epoch'), series, epoch, fmt),
      );
    };
    text(
      this.lossText,
      'loss',
      num,
      (e) => e.loss,
      (e) => e.valLoss,
    );
    text(
      this.accText,
      'accuracy',
      pct,
      (e) => e.accuracy,
      (e) => e.valAccuracy,
    );
  }

  /** One finished epoch: append four points and move the best marker. */
  appendEpoch(e: EpochRecord, bestEpoch: number | null): void {
    this.history.push(e);
    this.best = bestEpoch;
    const push = (c: Chart<'line', ScatterDataPoint[]>, i: number, y: number | null) => {
      if (y !== null && Number.isFinite(y)) this.ds(c, i).data.push({ x: e.epoch, y });
    };
    push(this.loss, TRAIN, e.loss);
    push(this.loss, VAL, e.valLoss);
    push(this.acc, TRAIN, e.accuracy);
    push(this.acc, VAL, e.valAccuracy);
    this.markBest();
    this.markCount();
    this.describe();
    this.scheduleDraw();
  }

  /**
   * Draws at most once per animation frame: a burst of progress and epoch messages (a busy
   * sweep) costs one redraw, and nothing is drawn while the panel is not painted.
   */
  private scheduleDraw(): void {
    if (this.frameQueued) return;
    this.frameQueued = true;
    requestAnimationFrame(() => {
      this.frameQueued = false;
      this.loss.update('none');
      this.acc.update('none');
    });
  }

  /** Epochs drawn, on the canvases: lets a UI test check the whole history is shown. */
  private markCount(): void {
    for (const c of [this.loss, this.acc]) c.canvas.dataset.epochs = String(this.ds(c, TRAIN).data.length);
  }

  /** A within-epoch reading (batch b of B of epoch n) on the fine line. */
  appendProgress(x: number, loss: number, accuracy: number): void {
    for (const [c, y] of [
      [this.loss, loss],
      [this.acc, accuracy],
    ] as const) {
      const data = this.ds(c, BATCH).data;
      if (!Number.isFinite(y)) continue;
      data.push({ x, y });
      if (data.length > MAX_BATCH_POINTS) data.splice(0, data.length - MAX_BATCH_POINTS);
    }
    this.scheduleDraw();
  }

  private markBest(): void {
    const e = this.best === null ? undefined : this.history.find((r) => r.epoch === this.best);
    const mark = (c: Chart<'line', ScatterDataPoint[]>, y: number | null | undefined) => {
      this.ds(c, BEST).data = e && y !== null && y !== undefined ? [{ x: e.epoch, y }] : [];
    };
    mark(this.loss, e && (e.valLoss ?? e.loss));
    mark(this.acc, e && (e.valAccuracy ?? e.accuracy));
  }

  private ds(c: Chart<'line', ScatterDataPoint[]>, i: number): Dataset {
    return c.data.datasets[i] as Dataset;
  }
}

export interface OverlaySeries {
  label: string;
  history: EpochRecord[];
  hidden?: boolean;
}

/** One line per trial/run for a chosen metric; the legend toggles lines on and off. */
export class OverlayChart {
  readonly element: HTMLElement;
  private chart: Chart<'line', ScatterDataPoint[]>;
  private metric: MetricKey;
  private series: OverlaySeries[] = [];
  private text: ChartText;
  private what: string;

  constructor(
    title: string,
    fileStem: string,
    id: string,
    metric: MetricKey,
    onMetric: (m: MetricKey) => void,
    what = l10n.t('series'),
  ) {
    this.metric = metric;
    this.what = what;
    const { card, canvas, head, text } = chartCard(title, fileStem, id);
    this.text = text;
    const select = h('select', { 'aria-label': l10n.t('Metric'), 'data-metric-select': id });
    for (const [key, m] of Object.entries(METRICS)) {
      const opt = h('option', { value: key }, m.label);
      if (key === metric) opt.selected = true;
      select.append(opt);
    }
    select.addEventListener('change', () => {
      this.metric = select.value as MetricKey;
      onMetric(this.metric);
      this.render();
    });
    head.insertBefore(select, head.lastChild);
    card.querySelector('.chart-box')?.classList.add('tall');
    // An HTML legend below the plot: it wraps to as many lines as there are trials, where
    // Chart.js's canvas legend dropped entries and took its space from the plot.
    this.legend = h('ul', {
      class: 'legend',
      id: `${id}-legend`,
      'aria-label': l10n.t('Lines shown (click to hide or show)'),
    });
    card.insertBefore(this.legend, text.element);
    this.element = card;
    this.chart = lineChart(canvas, {
      xTitle: l10n.t('epoch'),
      yTitle: METRICS[metric].label,
      integerX: true,
      legend: false,
      series: [],
    });
    onRetheme(() => this.renderLegend());
  }

  private readonly legend: HTMLElement;

  private renderLegend(): void {
    clear(this.legend);
    this.chart.data.datasets.forEach((ds, i) => {
      const d = ds as Dataset;
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.borderTopColor = String(d.borderColor);
      swatch.style.borderTopStyle = d.borderDash && (d.borderDash as number[]).length > 0 ? 'dashed' : 'solid';
      const visible = this.chart.isDatasetVisible(i);
      const button = h(
        'button',
        { class: 'legend-item', type: 'button', 'aria-pressed': String(visible), title: d.label ?? '' },
        swatch,
        d.label ?? '',
      );
      button.addEventListener('click', () => {
        this.chart.setDatasetVisibility(i, !this.chart.isDatasetVisible(i));
        this.chart.update('none');
        button.setAttribute('aria-pressed', String(this.chart.isDatasetVisible(i)));
      });
      this.legend.append(h('li', {}, button));
    });
  }

  setSeries(series: OverlaySeries[]): void {
    this.series = series;
    this.render();
  }

  /** Which series the user switched off in the legend (kept across reloads by the app). */
  hiddenLabels(): string[] {
    return this.chart.data.datasets.filter((_, i) => !this.chart.isDatasetVisible(i)).map((d) => d.label ?? '');
  }

  private render(): void {
    const m = METRICS[this.metric];
    const hidden = new Set(
      this.chart.data.datasets.length > 0
        ? this.hiddenLabels()
        : this.series.filter((s) => s.hidden).map((s) => s.label),
    );
    this.chart.data.datasets = this.series.map((s, i) =>
      makeDataset({
        label: s.label,
        role: { series: i },
        data: points(s.history, m.get),
        hidden: hidden.has(s.label),
        pointRadius: s.history.length < 3 ? 3 : 0,
      }),
    );
    const y = this.chart.options.scales?.y as { title?: { text?: string }; ticks?: { callback?: unknown } } | undefined;
    if (y?.title) y.title.text = m.label;
    if (y?.ticks) y.ticks.callback = tickCallback(m.percent ? pct : undefined, false);
    this.chart.update('none');
    this.renderLegend();
    const fmt = m.percent ? pct : (v: number) => formatNumber(v);
    const series: TextSeries[] = this.series.map((s) => ({ label: s.label, points: points(s.history, m.get) }));
    this.text.update(
      overlaySentence(m.label, this.what, series, fmt),
      chartTable(l10n.t('epoch'), series, String, fmt),
    );
  }
}
