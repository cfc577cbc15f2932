// Results panel of one finished trial: final metrics, training curves, confusion matrix with
// a row-normalised toggle and per-cell examples, classification report, and prediction
// samples ("draw 9 more", "misclassified only"). UI choices survive reloads via setState.
import * as l10n from '@vscode/l10n';
import { onRetheme } from '../shared/charts';
import { TrainingCurves } from '../shared/curves';
import { exportMatrixPng, renderMatrix } from '../shared/confusion';
import { cellKeptNote, cellTitle } from './cell-caption';
import { clear, fact, h, root, showError } from '../shared/dom';
import {
  isResultsHostMessage,
  type ResultsMessage,
  type ResultsSamplesMessage,
  type TrialDetail,
} from '../../extension/panels/results/contract';
import { formatDuration, formatNumber, formatParam, formatPercent, paramLabel } from '../../core/format';
import { redrawDigits, sampleTile, samplePool, uniqueByIndex } from '../shared/samples';
import { post, saveState, saveUi, start, uiState } from '../shared/vscode-api';
import { ModelSections } from './model-panel';

const PAGE = 9;
let trial: TrialDetail | undefined;
let normalised = uiState('normalised', false);
let selectedCell = uiState<[number, number] | null>('cell', null);
let page = uiState('page', 0);
let misclassifiedOnly = uiState('misclassifiedOnly', false);
const els: Record<string, HTMLElement> = {};
/** The summary came; its sample images are on their way (ResultsSamplesMessage). */
let samplesPending = false;
let model: ModelSections | undefined;

function renderSamples(): void {
  if (!trial) return;
  const pool = samplePool(trial.samples, misclassifiedOnly);
  const pages = Math.max(1, Math.ceil(pool.length / PAGE));
  const p = page % pages;
  const shown = pool.slice(p * PAGE, p * PAGE + PAGE);
  clear(els.samples);
  for (const s of shown) els.samples.append(sampleTile(s, trial.classNames));
  if (shown.length === 0 && samplesPending)
    els.samples.append(h('p', { class: 'muted loading' }, l10n.t('Loading the images…')));
  else if (shown.length === 0)
    els.samples.append(
      h('p', { class: 'muted' }, misclassifiedOnly ? 'No misclassified samples were kept.' : 'No samples in this run.'),
    );
  (els.more as HTMLButtonElement).disabled = pool.length <= PAGE;
  els.samplesInfo.textContent = pool.length > 0 ? `${p * PAGE + 1}–${p * PAGE + shown.length} of ${pool.length}` : '';
}

function renderCellSamples(): void {
  clear(els.cellSamples);
  if (!trial || !selectedCell) {
    els.cellSamples.append(h('p', { class: 'muted' }, l10n.t('Click a cell to see test images from it.')));
    return;
  }
  const [r, c] = selectedCell;
  const names = trial.classNames;
  const picks = uniqueByIndex(trial.samples.filter((s) => s.label === r && s.predicted === c));
  const count = trial.confusionMatrix[r]?.[c] ?? 0;
  els.cellSamples.append(h('h3', { id: 'cell-title' }, cellTitle(names[r] ?? String(r), names[c] ?? String(c), count)));
  const random = trial.samples.filter((s) => s.reason === 'random').length;
  const note = samplesPending ? null : cellKeptNote(count, picks.length, random);
  if (note) els.cellSamples.append(h('p', { class: 'muted', id: 'cell-kept' }, note));
  const grid = h('div', { class: 'samples', id: 'cell-samples-grid' });
  for (const s of picks) grid.append(sampleTile(s, names));
  if (picks.length === 0 && samplesPending)
    grid.append(h('p', { class: 'muted loading' }, l10n.t('Loading the images…')));
  els.cellSamples.append(grid);
}

function renderMatrixCard(): void {
  if (!trial) return;
  renderMatrix(els.matrix, {
    matrix: trial.confusionMatrix,
    classNames: trial.classNames,
    normalised,
    selected: selectedCell,
    onSelect: (r, c) => {
      post({ type: 'cellOpened' });
      selectedCell = [r, c];
      saveUi('cell', selectedCell);
      renderMatrixCard();
      renderCellSamples();
    },
  });
}

function reportTable(t: TrialDetail): HTMLElement {
  const rep = t.report;
  const body = h('tbody', {});
  const row = (label: string, p: number, r: number, f: number, s: number, cls = '') =>
    h(
      'tr',
      { class: cls, 'data-report-row': label },
      h('td', {}, label),
      h('td', {}, p.toFixed(4)),
      h('td', {}, r.toFixed(4)),
      h('td', {}, f.toFixed(4)),
      h('td', {}, String(s)),
    );
  if (rep) {
    for (const c of rep.classes) body.append(row(c.label, c.precision, c.recall, c.f1, c.support));
    const total = rep.classes.reduce((a, c) => a + c.support, 0);
    body.append(
      h(
        'tr',
        { class: 'summary', 'data-report-row': 'accuracy' },
        h('td', {}, 'accuracy'),
        h('td', {}),
        h('td', {}),
        h('td', {}, rep.accuracy.toFixed(4)),
        h('td', {}, String(total)),
      ),
      row('macro avg', rep.macro.precision, rep.macro.recall, rep.macro.f1, rep.macro.support, 'summary'),
      row(
        'weighted avg',
        rep.weighted.precision,
        rep.weighted.recall,
        rep.weighted.f1,
        rep.weighted.support,
        'summary',
      ),
    );
  }
  return h(
    'table',
    { id: 'report' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, l10n.t('class')),
        h('th', {}, l10n.t('precision')),
        h('th', {}, l10n.t('recall')),
        h('th', {}, 'F1'),
        h('th', {}, l10n.t('support')),
      ),
    ),
    body,
  );
}

function render(m: ResultsMessage): void {
  const { header } = m;
  const t = m.trial;
  trial = t;
  samplesPending = m.samplesFollow;
  saveState({ kind: 'results', runDir: header.runDir, trialIndex: t.index });
  // A re-sent run (a sweep still running) rebuilds the page; keep the reader's place.
  const scrollY = window.scrollY;
  const app = root();
  clear(app);
  const r = t.result;
  const title = header.trialCount > 1 ? `${header.name} — ${t.label}` : header.name;
  const params = Object.entries(t.params).map(([k, v]) => `${paramLabel(k)} ${formatParam(v)}`);
  app.append(
    h(
      'header',
      { class: 'header' },
      h(
        'div',
        { class: 'title' },
        h('h1', {}, title),
        h(
          'div',
          { class: 'muted' },
          [`${header.kind}`, header.quick ? l10n.t('quick run') : '', header.id, ...params].filter(Boolean).join(' · '),
        ),
      ),
      h(
        'div',
        { class: 'toolbar' },
        h('span', { class: 'badge', id: 'status' }, t.status),
        h(
          'button',
          { class: 'secondary', id: 'export', onclick: () => post({ type: 'exportRun' }) },
          l10n.t('Export CSV/JSON'),
        ),
      ),
    ),
  );
  const facts = h(
    'div',
    { class: 'facts', id: 'facts' },
    fact(l10n.t('Test accuracy'), formatPercent(r?.testAccuracy), 'test-accuracy'),
    fact(l10n.t('Test loss'), formatNumber(r?.testLoss), 'test-loss'),
    fact(
      l10n.t('Epochs'),
      r
        ? r.stoppedEarly
          ? l10n.t('{0} of {1} (early stop)', r.epochsRun, t.epochs)
          : l10n.t('{0} of {1}', r.epochsRun, t.epochs)
        : '–',
      'epochs',
    ),
    fact(l10n.t('Best epoch'), r ? String(r.bestEpoch) : '–', 'best-epoch'),
    fact(l10n.t('Training time'), formatDuration(r?.trainSeconds), 'time'),
    fact(l10n.t('Backend'), header.backend ?? '–', 'backend'),
    fact(l10n.t('Seed'), String(t.seed), 'seed'),
    t.sizes
      ? fact(l10n.t('Train / val / test'), `${t.sizes.train} / ${t.sizes.validation} / ${t.sizes.test}`, 'sizes')
      : null,
  );
  app.append(facts);
  if (t.error) app.append(h('p', { class: 'error', role: 'alert' }, t.error));
  if (!r) app.append(h('p', { class: 'muted', id: 'no-result' }, `This trial has no results (${t.status}).`));

  app.append(h('h2', {}, l10n.t('Training curves')));
  if (t.history.length > 0) {
    const curves = new TrainingCurves(`${header.id}-trial${t.index}`, false);
    app.append(curves.element);
    curves.setHistory(t.history, r?.bestEpoch ?? null);
  } else {
    // No empty chart frames: say why there is nothing to draw.
    app.append(h('p', { class: 'muted', id: 'no-history' }, l10n.t('No epoch finished in this trial.')));
  }

  if (r && t.confusionMatrix.length > 0) {
    els.matrix = h('div', { class: 'scroll-x' });
    els.cellSamples = h('div', { id: 'cell-samples' });
    const toggle = h('input', { type: 'checkbox', id: 'normalise' }) as HTMLInputElement;
    toggle.checked = normalised;
    toggle.addEventListener('change', () => {
      normalised = toggle.checked;
      saveUi('normalised', normalised);
      renderMatrixCard();
    });
    app.append(
      h(
        'div',
        { class: 'matrix-row' },
        h(
          'section',
          { class: 'card', id: 'matrix-card' },
          h(
            'div',
            { class: 'card-head' },
            h('h3', {}, l10n.t('Confusion matrix')),
            h('label', {}, toggle, 'row-normalised'),
            h(
              'button',
              {
                class: 'secondary small',
                'data-png': 'confusion-matrix',
                onclick: () =>
                  exportMatrixPng(
                    { matrix: t.confusionMatrix, classNames: t.classNames, normalised },
                    `${header.id}-trial${t.index}-confusion`,
                  ),
              },
              'PNG',
            ),
          ),
          els.matrix,
          els.cellSamples,
        ),
        h(
          'section',
          { class: 'card', id: 'report-card' },
          h('div', { class: 'card-head' }, h('h3', {}, l10n.t('Classification report'))),
          h('div', { class: 'scroll-x' }, reportTable(t)),
        ),
      ),
    );
    renderMatrixCard();
    renderCellSamples();

    const wrongToggle = h('input', { type: 'checkbox', id: 'misclassified-only' }) as HTMLInputElement;
    wrongToggle.checked = misclassifiedOnly;
    wrongToggle.addEventListener('change', () => {
      misclassifiedOnly = wrongToggle.checked;
      page = 0;
      saveUi('misclassifiedOnly', misclassifiedOnly);
      saveUi('page', page);
      renderSamples();
    });
    els.more = h(
      'button',
      {
        class: 'secondary',
        id: 'draw-more',
        onclick: () => {
          page += 1;
          saveUi('page', page);
          renderSamples();
        },
      },
      l10n.t('Draw 9 more'),
    );
    els.samplesInfo = h('span', { class: 'muted', id: 'samples-info' });
    els.samples = h('div', { class: 'samples', id: 'samples' });
    app.append(
      h(
        'section',
        { class: 'card', id: 'samples-card' },
        h(
          'div',
          { class: 'card-head' },
          h('h3', {}, l10n.t('Prediction samples')),
          els.samplesInfo,
          h('label', {}, wrongToggle, l10n.t('misclassified only')),
          els.more,
        ),
        els.samples,
      ),
    );
    renderSamples();
  }

  model = undefined;
  if (r) {
    model = new ModelSections(t);
    app.append(model.element);
  }

  const cfg = Object.entries(t.config);
  if (cfg.length > 0) {
    app.append(
      h('h2', {}, l10n.t('Configuration')),
      h(
        'table',
        { class: 'config', id: 'config' },
        h(
          'tbody',
          {},
          ...cfg.map(([k, v]) => h('tr', {}, h('th', { class: 'text' }, k), h('td', { class: 'text' }, v))),
        ),
      ),
    );
  }
  window.scrollTo(0, scrollY);
}

onRetheme(() => {
  if (!trial) return;
  if (els.matrix) renderMatrixCard();
  model?.retheme();
  for (const id of ['samples', 'cell-samples']) {
    const el = document.getElementById(id);
    if (el) redrawDigits(el, trial.samples);
  }
});

function addSamples(m: ResultsSamplesMessage): void {
  if (!trial || trial.index !== m.trialIndex) return;
  trial.samples = m.samples;
  samplesPending = false;
  if (els.samples) renderSamples();
  if (els.cellSamples) renderCellSamples();
  model?.samplesArrived();
}

start(isResultsHostMessage, (m) => {
  if (m.type === 'results') render(m);
  else if (m.type === 'resultsSamples') addSamples(m);
  else if (m.type === 'modelWeights') model?.receive(m);
  else if (m.type === 'error') showError(m.message);
});
