// The live panel's view of training dynamics: a gradient-flow chart (‖∂L/∂W‖ of each layer over
// epochs, log scale) and the activation distributions over epochs as one heat strip per layer
// (TensorBoard's "distributions": bins bottom to top, epochs left to right). Each has an
// accessible name, a one-sentence summary computed from the records, and a "show as table".
import { cancelNextFrame, inNextFrame } from './next-frame';
import * as l10n from '@vscode/l10n';
import type { Chart, ScatterDataPoint } from 'chart.js';
import { histogramRange, type LayerActivation } from '../../core/dynamics';
import { formatPercent, formatScientific } from '../../core/format';
import { gradientFlowSentence, gradientSeries } from '../../core/gradient-flow';
import type { EpochRecord } from '../../core/record';
import { chartCard, lineChart, makeDataset } from './charts';
import { clear, h } from './dom';
import { heatPalette, heatRgb, paintGrid } from './heat';

export class GradientFlow {
  readonly element: HTMLElement;
  private chart: Chart<'line', ScatterDataPoint[]> | null = null;
  private readonly canvas: HTMLCanvasElement;
  private readonly summary: HTMLElement;
  private readonly table: HTMLElement;
  private readonly strips: HTMLElement;
  private history: EpochRecord[] = [];

  constructor(
    fileStem: string,
    /** Each layer's activation, input side first (the output layer last). */
    private readonly activations: LayerActivation[],
  ) {
    const card = chartCard(
      l10n.t('Gradient flow: ‖∂L/∂W‖ per layer (log scale)'),
      `${fileStem}-gradient-flow`,
      'chart-gradient-flow',
    );
    this.canvas = card.canvas;
    this.summary = h('p', { class: 'muted chart-summary', id: 'gradient-flow-summary' });
    this.canvas.setAttribute('aria-describedby', 'gradient-flow-summary');
    this.table = h('div', { class: 'scroll-x' });
    card.card.append(
      this.summary,
      h('details', { id: 'gradient-flow-table' }, h('summary', {}, l10n.t('Show as table')), this.table),
    );
    this.strips = h('div', { id: 'activation-strips' });
    const stripsCard = h(
      'section',
      { class: 'card', id: 'activation-distributions', 'aria-labelledby': 'activation-title' },
      h(
        'div',
        { class: 'card-head' },
        h('h3', { id: 'activation-title' }, l10n.t('Activation distributions over epochs')),
      ),
      this.strips,
    );
    this.element = h('div', { class: 'grid dynamics' }, card.card, stripsCard);
  }

  /** Whether this view's layers are these (a sweep's trials may differ in activation). */
  hasActivations(activations: readonly LayerActivation[]): boolean {
    return activations.length === this.activations.length && activations.every((a, i) => a === this.activations[i]);
  }

  private layerLabel(i: number): string {
    return `dense_${i + 1} (${this.activations[i] ?? '?'})`;
  }

  setHistory(history: readonly EpochRecord[]): void {
    this.history = [...history];
    this.renderSoon();
  }

  appendEpoch(record: EpochRecord): void {
    this.history.push(record);
    this.renderSoon();
  }

  /**
   * One render per animation frame, however many epochs arrive in it: a render rebuilds the
   * chart's datasets, the per-layer table and every heat strip, and a live run (or the backlog
   * sent after "ready") can bring several updates in a frame.
   */
  private renderSoon(): void {
    inNextFrame(this, () => this.render());
  }

  /** Also after a theme change (strip colours). */
  render(): void {
    cancelNextFrame(this);
    const { epochs, layers } = gradientSeries(this.history);
    const series = layers.map((values, i) => ({
      label: this.layerLabel(i),
      role: { series: i },
      pointRadius: 3,
      data: values.flatMap((y, k) => (y > 0 && Number.isFinite(y) ? [{ x: epochs[k], y }] : [])),
    }));
    if (!this.chart) {
      this.chart = lineChart(this.canvas, {
        xTitle: l10n.t('epoch'),
        yTitle: '‖∂L/∂W‖',
        yLog: true,
        integerX: true,
        xMin: 1,
        series,
        formatY: (v) => formatScientific(v, 0),
      });
    } else {
      this.chart.data.datasets = series.map((s) => makeDataset(s));
      this.chart.update('none');
    }
    this.canvas.dataset.epochs = String(epochs.length);
    this.summary.textContent = gradientFlowSentence(this.history);
    clear(this.table);
    this.table.append(
      h(
        'table',
        { class: 'inside-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, l10n.t('epoch')),
            ...layers.map((_, i) => h('th', { scope: 'col' }, this.layerLabel(i))),
          ),
        ),
        h(
          'tbody',
          {},
          ...epochs.map((e, k) =>
            h(
              'tr',
              { 'data-epoch': e },
              h('th', { scope: 'row' }, String(e)),
              ...layers.map((l) => h('td', {}, formatScientific(l[k]))),
            ),
          ),
        ),
      ),
    );
    this.renderStrips();
  }

  private renderStrips(): void {
    clear(this.strips);
    const recorded = this.history.filter((e) => e.dynamics);
    if (recorded.length === 0) {
      this.strips.append(
        h('p', { class: 'muted' }, l10n.t('No training dynamics recorded yet (they arrive with each epoch).')),
      );
      return;
    }
    const palette = heatPalette();
    const count = recorded[0].dynamics!.layers.length;
    for (let i = 0; i < count; i++) {
      const activation = this.activations[i] ?? 'linear';
      const [lo, hi] = histogramRange(activation);
      const bins = recorded[0].dynamics!.layers[i].histogram.length;
      // Rows are bins with the highest value on top, columns are epochs; each column scaled to its own total.
      const values = new Float32Array(bins * recorded.length);
      recorded.forEach((e, col) => {
        const hist = e.dynamics!.layers[i]?.histogram ?? [];
        const total = hist.reduce((a, b) => a + b, 0) || 1;
        const peak = Math.max(...hist) / total || 1;
        hist.forEach((c, b) => (values[(bins - 1 - b) * recorded.length + col] = c / total / peak));
      });
      const last = recorded.at(-1)!.dynamics!.layers[i];
      const extra = [
        last.dead !== null ? l10n.t('dead {0}', formatPercent(last.dead, 0)) : '',
        last.saturated !== null ? l10n.t('saturated {0}', formatPercent(last.saturated, 0)) : '',
      ]
        .filter(Boolean)
        .join(', ');
      const canvas = h('canvas', {
        class: 'distribution-strip',
        role: 'img',
        'data-layer': i,
        'aria-label':
          l10n.t(
            '{0}: share of activations in {1} bins from {2} to {3}, epochs 1 to {4}',
            this.layerLabel(i),
            bins,
            lo,
            hi,
            recorded.at(-1)!.epoch,
          ) + (extra ? l10n.t('; at the last epoch {0}', extra) : ''),
      });
      paintGrid(canvas, values, bins, recorded.length, (v) => heatRgb(v, palette));
      this.strips.append(
        h(
          'div',
          { class: 'strip-row' },
          h('span', { class: 'small' }, this.layerLabel(i)),
          h(
            'div',
            { class: 'strip-axis' },
            h('span', { class: 'muted small' }, String(hi)),
            canvas,
            h('span', { class: 'muted small' }, String(lo)),
          ),
          h('span', { class: 'muted small' }, extra || ' '),
        ),
      );
    }
    this.strips.append(
      h(
        'details',
        { id: 'activation-table' },
        h('summary', {}, l10n.t('Show as table')),
        this.distributionTable(recorded, count),
      ),
    );
  }

  private distributionTable(recorded: EpochRecord[], count: number): HTMLElement {
    return h(
      'div',
      { class: 'scroll-x' },
      h(
        'table',
        { class: 'inside-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, l10n.t('epoch')),
            h('th', { scope: 'col', class: 'text' }, l10n.t('layer')),
            h('th', { scope: 'col' }, l10n.t('pre-act mean')),
            h('th', { scope: 'col' }, l10n.t('pre-act std')),
            h('th', { scope: 'col' }, l10n.t('dead')),
            h('th', { scope: 'col' }, l10n.t('saturated')),
            h('th', { scope: 'col', class: 'text' }, l10n.t('histogram counts (low → high)')),
          ),
        ),
        h(
          'tbody',
          {},
          ...recorded.flatMap((e) =>
            Array.from({ length: count }, (_, i) => {
              const l = e.dynamics!.layers[i];
              return h(
                'tr',
                {},
                h('th', { scope: 'row' }, String(e.epoch)),
                h('td', { class: 'text' }, this.layerLabel(i)),
                h('td', {}, l.preMean.toFixed(3)),
                h('td', {}, l.preStd.toFixed(3)),
                h('td', {}, l.dead === null ? '–' : formatPercent(l.dead, 1)),
                h('td', {}, l.saturated === null ? '–' : formatPercent(l.saturated, 1)),
                h('td', { class: 'text' }, l.histogram.join(' ')),
              );
            }),
          ),
        ),
      ),
    );
  }
}
