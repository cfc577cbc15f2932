// The backprop walkthrough panel: the 2-3-1 network, revealed stage by stage (forward,
// backward, update), the equations in MathML, the gradient check and the symmetry demo.
// Browser code only: everything it shows arrives in one "init" message.
// First: translations are configured before anything draws.
import '../shared/l10n';
import * as l10n from '@vscode/l10n';
import type { Chart } from 'chart.js';
import type { BackpropRecord } from '../../core/record';
import type { CheckSummary } from '../../core/backprop-walkthrough';
import {
  isBackpropHostMessage,
  isBackpropViewState,
  STAGES,
  type BackpropViewState,
  type BackpropWebviewMessage,
  type Stage,
} from '../../extension/panels/backprop/contract';
import { backwardEquations, forwardEquations, lossConvention, updateEquations } from './equations';
import { formatNumber } from './mathml';
import { networkSvg } from './network-svg';
import { lossChart, symmetryChart } from './symmetry-chart';
import { clear, fact, h } from '../shared/dom';
import { onThemeChange, themeColors } from '../shared/theme';
import { vscodeApi } from '../shared/vscode-api';
import { keepFocus } from '../shared/focus';
import { ChartText } from '../shared/chart-text';
import { chartTable, sentence, trendPhrase, type TextSeries } from '../shared/chart-summary';

interface VsCodeApi {
  postMessage(message: BackpropWebviewMessage): void;
  getState(): unknown;
  setState(state: BackpropViewState): void;
}
const vscode = vscodeApi<VsCodeApi>();

const saved = vscode.getState();
let state: BackpropViewState | undefined = isBackpropViewState(saved) ? saved : undefined;
let charts: Chart[] = [];

function setState(patch: Partial<BackpropViewState>): void {
  if (!state) return;
  state = { ...state, ...patch };
  vscode.setState(state);
  rerender();
}

// A disabled button cannot keep focus (▶ on the last step): the nearest step control takes it.
const FOCUS_FALLBACKS = ['step-prev', 'step-next', 'stage-forward'];
function rerender(): void {
  keepFocus(render, FOCUS_FALLBACKS);
}

/** The series of a category-axis chart (x = step) as text rows. */
function chartSeries(chart: Chart): TextSeries[] {
  const labels = (chart.data.labels ?? []).map(Number);
  return chart.data.datasets.map((d) => ({
    label: d.label ?? '',
    points: (d.data as number[]).map((y, i) => ({ x: labels[i], y })),
  }));
}

/** Summary sentence and "show as table" under a canvas, from what the chart draws. */
function describeChart(canvas: HTMLCanvasElement, chart: Chart, caption: string, summary: string): HTMLElement {
  const text = new ChartText(canvas, caption);
  text.update(
    summary,
    chartTable(l10n.t('step'), chartSeries(chart), String, (v) => formatNumber(v, 4)),
  );
  return text.element;
}

const reached = (stage: Stage, at: Stage) => STAGES.indexOf(at) >= STAGES.indexOf(stage);

function stageText(stage: Stage): string {
  switch (stage) {
    case 'start':
      return l10n.t('The network with its starting weights. Press Forward to push the inputs through.');
    case 'forward':
      return l10n.t('Forward pass: every pre-activation z, activation a, the output ŷ and the loss L.');
    case 'backward':
      return l10n.t('Backward pass: every ∂L/∂θ as a product of local derivatives (chain rule).');
    case 'update':
      return l10n.t('Update: the selected parameters move against their gradient; the loss is recomputed.');
  }
}

function controls(s: BackpropViewState): HTMLElement {
  const steps = s.record.steps.length;
  const button = (label: string, stage: Stage, enabledFrom: Stage) =>
    h(
      'button',
      {
        class: s.stage === stage ? '' : 'secondary',
        'data-focus-key': `stage-${stage}`,
        'aria-pressed': String(s.stage === stage),
        disabled: !reached(enabledFrom, s.stage),
        onclick: () => setState({ stage }),
      },
      label,
    );
  const bar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': l10n.t('Walkthrough stages') },
    button(l10n.t('Forward'), 'forward', 'start'),
    button(l10n.t('Backward'), 'backward', 'forward'),
    button(l10n.t('Update'), 'update', 'backward'),
    h(
      'button',
      { class: 'secondary', 'data-focus-key': 'reset', onclick: () => setState({ stage: 'start', stepIndex: 0 }) },
      l10n.t('Reset'),
    ),
  );
  if (steps > 1) {
    bar.append(
      h('span', { class: 'spacer' }),
      h(
        'button',
        {
          class: 'secondary small',
          'data-focus-key': 'step-prev',
          disabled: s.stepIndex === 0,
          onclick: () => setState({ stepIndex: s.stepIndex - 1, stage: 'forward' }),
          'aria-label': l10n.t('Previous step'),
        },
        '◀',
      ),
      h(
        'span',
        { class: 'bp-step', 'aria-live': 'polite' },
        `step ${s.stepIndex + 1} of ${steps}${s.record.config.steps > steps ? ` shown (${s.record.config.steps} run)` : ''}`,
      ),
      h(
        'button',
        {
          class: 'secondary small',
          'data-focus-key': 'step-next',
          disabled: s.stepIndex >= steps - 1,
          onclick: () => setState({ stepIndex: s.stepIndex + 1, stage: 'forward' }),
          'aria-label': l10n.t('Next step'),
        },
        '▶',
      ),
    );
  }
  return bar;
}

function header(s: BackpropViewState): HTMLElement {
  const c = s.record.config;
  return h(
    'div',
    { class: 'header' },
    h(
      'div',
      { class: 'title' },
      h('h1', {}, s.title),
      h(
        'p',
        { class: 'muted' },
        c.loss === 'mse'
          ? l10n.t('2 inputs → 3 hidden ({0}) → 1 output ({1}), loss MSE', c.hiddenActivation, c.outputActivation)
          : l10n.t(
              '2 inputs → 3 hidden ({0}) → 1 output ({1}), loss binary cross-entropy',
              c.hiddenActivation,
              c.outputActivation,
            ),
      ),
    ),
    h(
      'div',
      { class: 'facts' },
      fact('x', `(${c.inputs.map((x) => formatNumber(x, 4)).join(', ')})`),
      fact(l10n.t('target y'), formatNumber(c.target, 4)),
      fact(l10n.t('learning rate η'), formatNumber(c.learningRate)),
      fact(l10n.t('steps'), String(c.steps)),
      fact(l10n.t('updated'), c.update.join(', '), 'update'),
    ),
  );
}

function equationsCard(title: string, nodes: Element[], note?: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'card bp-equations' },
    h('h2', { class: 'card-title' }, title),
    note,
    h('div', { class: 'scroll-x' }, ...nodes.map((n) => h('div', { class: 'bp-eq' }, n))),
  );
}

function lossNote(r: BackpropRecord): HTMLElement {
  const c = lossConvention(r.config);
  return h('p', { class: 'muted' }, c.text, c.math);
}

function summaryLine(label: string, c: CheckSummary | null, missing: string | null): HTMLElement {
  if (!c) return h('p', { class: 'muted' }, l10n.t('{0}: not run — {1}', label, missing ?? l10n.t('unavailable')));
  const worst = c.maxRelativeDifference.toExponential(2);
  return h(
    'p',
    { class: c.ok ? 'bp-ok' : 'error' },
    c.ok
      ? l10n.t(
          '{0}: agree — largest relative difference {1} at {2} (tolerance {3}; {4})',
          label,
          worst,
          c.worst,
          c.tolerance,
          c.method,
        )
      : l10n.t(
          '{0}: DISAGREE — largest relative difference {1} at {2} (tolerance {3}; {4})',
          label,
          worst,
          c.worst,
          c.tolerance,
          c.method,
        ),
  );
}

function verificationCard(r: BackpropRecord): HTMLElement {
  const v = r.verification;
  const diff = (d: number | null) => (d === null ? '—' : d === 0 ? '0' : d.toExponential(1));
  const rows = v.rows.map((row) =>
    h(
      'tr',
      {},
      h('td', {}, `∂L/∂${row.param}`),
      h('td', {}, formatNumber(row.chainRule, 8)),
      h('td', {}, formatNumber(row.finiteDifference, 8)),
      h('td', {}, diff(row.vsFiniteDifference)),
      h('td', {}, row.autodiff === null ? '—' : formatNumber(row.autodiff, 8)),
      h('td', {}, diff(row.vsAutodiff)),
      h('td', { class: 'text muted' }, row.atKink ? l10n.t('at the ReLU kink: not compared') : ''),
    ),
  );
  return h(
    'section',
    { class: 'card' },
    h('h2', { class: 'card-title' }, l10n.t('Check: hand chain rule vs finite differences vs TensorFlow.js autodiff')),
    h(
      'p',
      { class: 'muted' },
      l10n.t(
        'At the starting parameters. Relative difference = |a − b| / max(|a|, |b|, {0}).',
        v.relativeDifferenceFloor,
      ),
    ),
    h(
      'div',
      { class: 'scroll-x' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...[
              l10n.t('gradient'),
              l10n.t('chain rule'),
              l10n.t('finite difference'),
              l10n.t('rel. diff'),
              'tf.grads',
              l10n.t('rel. diff'),
              l10n.t('note'),
            ].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
    summaryLine(l10n.t('Finite differences'), v.finiteDifference, null),
    summaryLine('tf.grads', v.autodiff, v.autodiffMissing),
  );
}

function symmetryCard(r: BackpropRecord): HTMLElement | null {
  const s = r.symmetry;
  if (!s) return null;
  const colors = themeColors();
  const box = (title: string, note: string) => {
    const canvas = h('canvas', { role: 'img', 'aria-label': l10n.t('{0}: weights per step', title) });
    return {
      canvas,
      note,
      el: h('div', { class: 'card' }, h('h3', {}, title), h('div', { class: 'chart-box' }, canvas)),
    };
  };
  const maxSpread = (xs: number[]) => formatNumber(Math.max(...xs), 3);
  const same = box(
    l10n.t('Identical start'),
    l10n.t(
      'Start: {0}. Largest difference between hidden neurons over {1} steps: {2} (gradients: {3}) — the lines lie on top of each other.',
      s.origin,
      s.steps,
      maxSpread(s.identical.spread),
      maxSpread(s.identical.gradientSpread),
    ),
  );
  const random = box(
    `R${s.random.label.slice(1)}`,
    l10n.t(
      'Largest difference between hidden neurons: {0} at the start, {1} after {2} steps.',
      formatNumber(s.random.spread[0], 3),
      formatNumber(s.random.spread[s.random.spread.length - 1], 3),
      s.steps,
    ),
  );
  for (const b of [same, random]) {
    const chart = symmetryChart(b.canvas, b === same ? s.identical : s.random, colors);
    charts.push(chart);
    // The note, computed from the run, is the chart's one-sentence summary.
    b.el.append(describeChart(b.canvas, chart, `${b.canvas.getAttribute('aria-label')}`, b.note));
  }
  return h(
    'section',
    {},
    h('h2', {}, l10n.t('Why random initialisation: symmetry')),
    h(
      'p',
      {},
      s.identicalStaysIdentical
        ? l10n.t(
            'Three hidden neurons with the same weights compute the same z and a, receive the same ∂L/∂w and so take the same step: they stay copies of each other for ever, and the layer behaves like a single neuron. A random start gives each neuron its own gradient.',
          )
        : l10n.t('Unexpected: the identical start did not stay identical.'),
    ),
    h(
      'p',
      { class: 'muted' },
      l10n.t(
        'All parameters trained with η = {0}. Solid lines: weights to the output (w7, w8, w9); dashed: weights from x1 (w1, w3, w5).',
        formatNumber(s.learningRate),
      ),
    ),
    h('div', { class: 'grid' }, same.el, random.el),
  );
}

function render(): void {
  const app = document.getElementById('app');
  if (!app || !state) return;
  app.removeAttribute('aria-busy');
  for (const c of charts) c.destroy();
  charts = [];
  clear(app);
  const s = state;
  const r = s.record;
  const stepIndex = Math.min(s.stepIndex, r.steps.length - 1);
  const step = r.steps[stepIndex];

  app.append(header(s), controls(s), h('p', { class: 'bp-stage', 'aria-live': 'polite' }, stageText(s.stage)));
  const equations: HTMLElement[] = [];
  if (reached('forward', s.stage))
    equations.push(equationsCard(l10n.t('Forward pass'), forwardEquations(step, r.config), lossNote(r)));
  if (reached('backward', s.stage)) equations.push(equationsCard(l10n.t('Backward pass'), backwardEquations(step)));
  if (reached('update', s.stage))
    equations.push(equationsCard(l10n.t('Update ({0})', r.config.updateReason), updateEquations(step, r.config)));
  app.append(
    h(
      'div',
      { class: 'bp-layout' },
      h('section', { class: 'card bp-diagram' }, networkSvg({ step, stage: s.stage, updated: r.config.update })),
      h('div', { class: 'bp-derivation' }, ...equations),
    ),
  );

  if (r.losses.length > 2) {
    const canvas = h('canvas', { id: 'chart-bp-loss', role: 'img', 'aria-label': l10n.t('Loss per step') });
    const card = h(
      'section',
      { class: 'card' },
      h('h2', { class: 'card-title' }, l10n.t('Loss over {0} steps', r.losses.length - 1)),
      h('div', { class: 'chart-box' }, canvas),
    );
    app.append(card);
    const chart = lossChart(canvas, r.losses, themeColors());
    charts.push(chart);
    const lossPoints = r.losses.map((y, x) => ({ x, y }));
    card.append(
      describeChart(
        canvas,
        chart,
        l10n.t('Loss per step'),
        sentence([trendPhrase(l10n.t('the loss'), lossPoints, (v) => formatNumber(v, 4), 'step')]),
      ),
    );
  }
  app.append(verificationCard(r));
  const sym = symmetryCard(r);
  if (sym) app.append(sym);
}

window.addEventListener('message', (event: MessageEvent) => {
  const m: unknown = event.data;
  if (!isBackpropHostMessage(m)) return;
  // The host re-sends the record whenever the view is re-created; keep the reader's place.
  const keep = state && state.title === m.title && state.stepIndex < m.record.steps.length;
  state = {
    title: m.title,
    record: m.record,
    stage: keep ? state!.stage : 'start',
    stepIndex: keep ? state!.stepIndex : 0,
  };
  vscode.setState(state);
  render();
});
onThemeChange(() => rerender());
if (state) render();
vscode.postMessage({ type: 'ready' });
