// "Inside the network" on the results panel: the model summary (Keras's count), the per-layer
// training dynamics at the best epoch, and the first hidden layer's weights drawn as 28 × 28
// images — what each unit responds to. The weights arrive after the first paint.
import * as l10n from '@vscode/l10n';
import { dynamicsAtBest, type LayerDynamics } from '../../core/dynamics';
import { formatNumber, formatPercent, formatScientific } from '../../core/format';
import type { DenseWeights } from '../../core/saved-model';
import type { TrialDetail } from '../../extension/panels/results/contract';
import { clear, h } from '../shared/dom';
import { divergingRgb, heatPalette, paintGrid } from '../shared/heat';

const share = (x: number | null) => (x === null ? '–' : formatPercent(x, 1));

function summaryTable(t: TrialDetail): HTMLElement | null {
  const s = t.modelSummary;
  if (!s) return null;
  const row = (cells: string[], attrs: Record<string, string> = {}) =>
    h(
      'tr',
      attrs,
      ...cells.map((c, i) =>
        h(
          i === 0 ? 'th' : 'td',
          i === 0 ? { scope: 'row', class: 'text' } : i >= 2 && i <= 4 ? { class: 'text' } : {},
          c,
        ),
      ),
    );
  return h(
    'table',
    { id: 'model-summary', class: 'inside-table' },
    h('caption', {}, l10n.t('Model summary: {0} parameters', s.total.toLocaleString('en-US'))),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[
          l10n.t('layer'),
          l10n.t('units'),
          l10n.t('activation'),
          l10n.t('initializer'),
          l10n.t('output shape'),
          l10n.t('params'),
        ].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      row([l10n.t('input'), String(s.inputs), '', '', `(None, ${s.inputs})`, '0']),
      ...s.layers.map((l) =>
        row([l.name, String(l.units), l.activation, l.initializer, l.outputShape, l.params.toLocaleString('en-US')], {
          'data-layer': l.name,
        }),
      ),
      h(
        'tr',
        { class: 'summary', 'data-layer': 'total' },
        h('th', { scope: 'row', class: 'text' }, l10n.t('total')),
        h('td', {}),
        h('td', {}),
        h('td', {}),
        h('td', {}),
        h('td', { 'data-key': 'total' }, s.total.toLocaleString('en-US')),
      ),
    ),
  );
}

// Labels are functions: translated when drawn, never at module load.
const COLUMNS: Array<[key: keyof LayerDynamics, label: () => string, format: (v: number | null) => string]> = [
  ['gradKernel', () => '‖∂L/∂W‖', (v) => formatScientific(v)],
  ['gradBias', () => '‖∂L/∂b‖', (v) => formatScientific(v)],
  ['weightNorm', () => '‖W‖', (v) => formatNumber(v, 3)],
  ['updateRatio', () => '‖ΔW‖/‖W‖', (v) => formatScientific(v)],
  ['preMean', () => l10n.t('pre-act mean'), (v) => formatNumber(v, 3)],
  ['preStd', () => l10n.t('pre-act std'), (v) => formatNumber(v, 3)],
  ['dead', () => l10n.t('dead units'), share],
  ['saturated', () => l10n.t('saturated units'), share],
];

function dynamicsTable(t: TrialDetail): HTMLElement {
  const at = dynamicsAtBest({ history: t.history, result: t.result });
  if (!at)
    return h(
      'p',
      { class: 'muted', id: 'no-dynamics' },
      l10n.t(
        'No training dynamics were recorded for this trial (an older run, or "dynamics": false in the experiment).',
      ),
    );
  const names = t.modelSummary?.layers.map((l) => `${l.name} (${l.units} ${l.activation})`) ?? [];
  return h(
    'table',
    { id: 'layer-dynamics', class: 'inside-table', 'data-epoch': at.epoch },
    h(
      'caption',
      {},
      t.result?.bestEpoch === at.epoch
        ? l10n.t('Per layer at epoch {0} (best): gradient norms, update ratio, dead and saturated units', at.epoch)
        : l10n.t('Per layer at epoch {0}: gradient norms, update ratio, dead and saturated units', at.epoch),
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'text' }, l10n.t('layer')),
        ...COLUMNS.map(([, label]) => h('th', { scope: 'col' }, label())),
      ),
    ),
    h(
      'tbody',
      {},
      ...at.dynamics.layers.map((l, i) =>
        h(
          'tr',
          { 'data-layer': i },
          h('th', { scope: 'row', class: 'text' }, names[i] ?? `dense_${i + 1}`),
          ...COLUMNS.map(([key, , format]) =>
            h('td', { 'data-key': key, 'data-value': String(l[key] ?? '') }, format(l[key] as number | null)),
          ),
        ),
      ),
    ),
  );
}

/** The weights into one unit of the first layer, as a 28 × 28 image scaled to its largest |w|. */
function unitImage(layer: DenseWeights, unit: number): { values: Float32Array; max: number } {
  const values = new Float32Array(layer.inputs);
  let max = 0;
  for (let i = 0; i < layer.inputs; i++) {
    const w = layer.kernel[i * layer.units + unit];
    values[i] = w;
    if (Math.abs(w) > max) max = Math.abs(w);
  }
  return { values, max };
}

export class InsideNetwork {
  readonly element: HTMLElement;
  private readonly weightsBox: HTMLElement;
  private layers: DenseWeights[] | null = null;

  constructor(t: TrialDetail) {
    this.weightsBox = h(
      'div',
      { id: 'first-layer-weights', 'aria-busy': 'true' },
      h('p', { class: 'muted' }, l10n.t('Reading the saved weights…')),
    );
    this.element = h(
      'section',
      { class: 'card inside', id: 'inside-network', 'aria-labelledby': 'inside-title' },
      h('div', { class: 'card-head' }, h('h3', { id: 'inside-title' }, l10n.t('Inside the network'))),
      h('div', { class: 'scroll-x' }, summaryTable(t)),
      h('div', { class: 'scroll-x' }, dynamicsTable(t)),
      h('h4', {}, l10n.t('What the first hidden layer looks for')),
      this.weightsBox,
    );
  }

  showWeights(layers: DenseWeights[]): void {
    this.layers = layers;
    this.renderWeights();
  }

  showError(message: string): void {
    clear(this.weightsBox);
    this.weightsBox.removeAttribute('aria-busy');
    this.weightsBox.append(
      h('p', { class: 'muted', id: 'weights-error' }, l10n.t('The weights cannot be shown: {0}', message)),
    );
  }

  /** Also called after a theme change: the colours come from the theme. */
  renderWeights(): void {
    const first = this.layers?.[0];
    if (!first) return;
    clear(this.weightsBox);
    this.weightsBox.removeAttribute('aria-busy');
    if (first.inputs !== 784) {
      this.weightsBox.append(
        h('p', { class: 'muted' }, l10n.t('The first layer has {0} inputs, not 28 × 28 pixels.', first.inputs)),
      );
      return;
    }
    const palette = heatPalette();
    this.weightsBox.append(
      h(
        'p',
        { class: 'muted', id: 'weights-legend' },
        l10n.t(
          'Each tile is one of the {0} units of dense_1: the weight it gives each pixel, scaled to its largest magnitude.',
          first.units,
        ),
        ' ',
        h('span', { class: 'swatch positive' }),
        ' ',
        l10n.t('positive (ink there raises the unit),'),
        ' ',
        h('span', { class: 'swatch negative' }),
        ' ',
        l10n.t('negative (ink there lowers it).'),
      ),
    );
    const grid = h('div', {
      class: 'weight-tiles',
      role: 'list',
      'aria-label': l10n.t('Input weights of the {0} units of the first hidden layer', first.units),
    });
    for (let u = 0; u < first.units; u++) {
      const { values, max } = unitImage(first, u);
      const canvas = h('canvas', {
        class: 'weight-tile',
        role: 'img',
        'data-unit': u,
        'aria-label': l10n.t('unit {0}, largest weight magnitude {1}', u + 1, formatScientific(max)),
        title: l10n.t('unit {0}: |w| ≤ {1}', u + 1, formatScientific(max)),
      });
      paintGrid(canvas, values, 28, 28, (v) => divergingRgb(max > 0 ? v / max : 0, palette));
      grid.append(h('div', { role: 'listitem' }, canvas));
    }
    this.weightsBox.append(grid);
  }
}
