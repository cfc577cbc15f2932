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
import { smoothPoints } from '../../core/smoothing';
import { meanBand } from '../../core/curve-band';
import { smoothingControl, smoothingWeight } from './smoothing-control';
import { inNextFrame } from './next-frame';

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
/** The raw epoch lines drawn faint beside the smoothed ones (empty when smoothing is off). */
const RAW_TRAIN = 4;
const RAW_VAL = 5;
const RAW_ALPHA = 0.3;
/** Within-epoch points kept per chart: plenty for one trial, bounded for long runs. */
const MAX_BATCH_POINTS = 4000;

export class TrainingCurves {
  readonly element: HTMLElement;
  private loss: Chart<'line', ScatterDataPoint[]>;
  private acc: Chart<'line', ScatterDataPoint[]>;
  private history: EpochRecord[] = [];
  private best: number | null = null;
  private lossText: ChartText;
  private accText: ChartText;
  private beta = smoothingWeight();

  constructor(fileStem: string, withBatchLine: boolean) {
    const l = chartCard(l10n.t('Loss'), `${fileStem}-loss`, 'chart-loss');
    const a = chartCard(l10n.t('Accuracy'), `${fileStem}-accuracy`, 'chart-accuracy');
    this.lossText = l.text;
    this.accText = a.text;
    this.element = h(
      'div',
      {},
      smoothingControl(`curves-${fileStem}`, (b) => {
        this.beta = b;
        this.fillEpochLines();
        this.describe();
        this.scheduleDraw();
      }),
      h('div', { class: 'grid curves' }, l.card, a.card),
    );
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
      { label: `training ${what}, raw`, role: 'train' as const, faint: RAW_ALPHA, borderWidth: 1 },
      { label: `validation ${what}, raw`, role: 'validation' as const, faint: RAW_ALPHA, borderWidth: 1, dash: [6, 3] },
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
    // The raw lines are explained by the smoothing control, not listed; the results panel has
    // no within-epoch data, so its batch line is not listed either.
    for (const c of [this.loss, this.acc]) {
      const legend = c.options.plugins?.legend;
      if (legend?.labels)
        legend.labels.filter = (item) =>
          item.datasetIndex !== RAW_TRAIN &&
          item.datasetIndex !== RAW_VAL &&
          (withBatchLine || item.datasetIndex !== BATCH);
    }
  }

  /** Replaces everything (first load, another trial selected). */
  setHistory(history: EpochRecord[], bestEpoch: number | null): void {
    this.history = [...history];
    this.best = bestEpoch;
    this.fillEpochLines();
    this.ds(this.loss, BATCH).data = [];
    this.ds(this.acc, BATCH).data = [];
    this.markBest();
    this.loss.update('none');
    this.acc.update('none');
    this.markCount();
    this.describe();
  }

  /** The epoch lines from the history: smoothed when the weight is above 0, the raw ones faint beside. */
  private fillEpochLines(): void {
    const lines: Array<[Chart<'line', ScatterDataPoint[]>, number, number, (e: EpochRecord) => number | null]> = [
      [this.loss, TRAIN, RAW_TRAIN, (e) => e.loss],
      [this.loss, VAL, RAW_VAL, (e) => e.valLoss],
      [this.acc, TRAIN, RAW_TRAIN, (e) => e.accuracy],
      [this.acc, VAL, RAW_VAL, (e) => e.valAccuracy],
    ];
    for (const [c, line, raw, get] of lines) {
      const pts = points(this.history, get);
      this.ds(c, line).data = this.beta > 0 ? smoothPoints(pts, this.beta) : pts;
      this.ds(c, raw).data = this.beta > 0 ? pts : [];
    }
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
        sentence([
          ...(phrases.length > 0 ? phrases : [l10n.t('no epoch has finished yet')]),
          this.beta > 0 ? l10n.t('lines drawn smoothed (weight {0}), the values here raw', this.beta.toFixed(2)) : '',
        ]),
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
    // Rebuilt from the history (a few hundred points at most): a smoothed point depends on all before it.
    this.fillEpochLines();
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
    inNextFrame(this, () => {
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
  /** Several seeds of one configuration: drawn as their mean with a ± std envelope. */
  runs?: EpochRecord[][];
}

/** Which line a dataset belongs to: its index in the series, and whether it is the line itself. */
type OverlayDataset = Dataset & { owner?: number; main?: boolean };

/**
 * One line per trial/run for a chosen metric; the legend toggles lines on and off. A smoothing
 * slider draws each line smoothed with its raw curve faint beside it; a series of several seeds
 * is drawn as the mean with a ± std envelope.
 */
export class OverlayChart {
  readonly element: HTMLElement;
  private chart: Chart<'line', ScatterDataPoint[]>;
  private metric: MetricKey;
  private series: OverlaySeries[] = [];
  private text: ChartText;
  private what: string;
  private beta = smoothingWeight();
  private readonly canvas: HTMLCanvasElement;

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
    this.canvas = canvas;
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
    card.insertBefore(
      smoothingControl(id, (b) => {
        this.beta = b;
        this.render();
      }),
      card.querySelector('.chart-box'),
    );
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

  private datasets(): OverlayDataset[] {
    return this.chart.data.datasets as OverlayDataset[];
  }

  /** Shows or hides a line with its raw curve and envelope. */
  private setVisible(owner: number, visible: boolean): void {
    this.datasets().forEach((d, i) => {
      if (d.owner === owner) this.chart.setDatasetVisibility(i, visible);
    });
  }

  private renderLegend(): void {
    clear(this.legend);
    this.datasets().forEach((d, i) => {
      if (!d.main) return;
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
        this.setVisible(d.owner!, !this.chart.isDatasetVisible(i));
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
    return this.datasets()
      .filter((d, i) => d.main && !this.chart.isDatasetVisible(i))
      .map((d) => d.label ?? '');
  }

  private render(): void {
    const m = METRICS[this.metric];
    const hidden = new Set(
      this.chart.data.datasets.length > 0
        ? this.hiddenLabels()
        : this.series.filter((s) => s.hidden).map((s) => s.label),
    );
    const smooth = (pts: XY[]) => (this.beta > 0 ? smoothPoints(pts, this.beta) : pts);
    const datasets: OverlayDataset[] = [];
    const textSeries: TextSeries[] = [];
    /** The table's columns: each line, and beside a mean its standard deviation. */
    const tableSeries: TextSeries[] = [];
    this.series.forEach((s, i) => {
      const role = { series: i };
      const off = hidden.has(s.label);
      const add = (d: Dataset, main = false) => datasets.push(Object.assign(d, { owner: i, main }));
      let line: XY[];
      if (s.runs && s.runs.length > 1) {
        const band = meanBand(s.runs.map((r) => points(r, m.get)));
        line = band.map((b) => ({ x: b.x, y: b.mean }));
        tableSeries.push({ label: `${s.label} mean`, points: line });
        tableSeries.push({ label: `${s.label} std`, points: band.map((b) => ({ x: b.x, y: b.std })) });
        const edge = (sign: number) => smooth(band.map((b) => ({ x: b.x, y: b.mean + sign * b.std })));
        add(makeDataset({ label: `${s.label} −std`, role, data: edge(-1), faint: 0.2, borderWidth: 1, hidden: off }));
        add(
          makeDataset({
            label: `${s.label} +std`,
            role,
            data: edge(1),
            faint: 0.2,
            borderWidth: 1,
            fill: '-1',
            hidden: off,
          }),
        );
      } else {
        line = points(s.history, m.get);
        tableSeries.push({ label: s.label, points: line });
      }
      if (this.beta > 0)
        add(
          makeDataset({ label: `${s.label} (raw)`, role, data: line, faint: RAW_ALPHA, borderWidth: 1, hidden: off }),
        );
      add(
        makeDataset({
          label: s.label,
          role,
          data: smooth(line),
          hidden: off,
          pointRadius: line.length < 3 ? 3 : 0,
        }),
        true,
      );
      textSeries.push({ label: s.label, points: line });
    });
    this.chart.data.datasets = datasets;
    this.canvas.dataset.lines = String(this.series.length);
    this.canvas.dataset.bands = String(this.series.filter((s) => s.runs && s.runs.length > 1).length);
    const y = this.chart.options.scales?.y as { title?: { text?: string }; ticks?: { callback?: unknown } } | undefined;
    if (y?.title) y.title.text = m.label;
    if (y?.ticks) y.ticks.callback = tickCallback(m.percent ? pct : undefined, false);
    this.chart.update('none');
    this.renderLegend();
    const fmt = m.percent ? pct : (v: number) => formatNumber(v);
    const banded = this.series.some((s) => s.runs && s.runs.length > 1);
    const summary = overlaySentence(m.label, this.what, textSeries, fmt);
    const notes = [
      banded ? l10n.t('Lines of several seeds are their mean, the shaded band ± one standard deviation.') : '',
      this.beta > 0
        ? l10n.t('Drawn smoothed (weight {0}); the values in the table are raw.', this.beta.toFixed(2))
        : '',
    ].filter(Boolean);
    this.text.update([summary, ...notes].join(' '), chartTable(l10n.t('epoch'), tableSeries, String, fmt));
  }
}
