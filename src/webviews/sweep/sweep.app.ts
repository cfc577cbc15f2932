// Sweep panel: every trial of a grid run in a sortable, filterable table (best highlighted),
// a test-accuracy heatmap over two swept parameters, overlaid curves with legend toggles,
// and test accuracy against batch size / learning rate (log axis) when those were swept.
// Clicking a trial opens its results panel.
import * as l10n from '@vscode/l10n';
import { chartCard, lineChart, onRetheme } from '../shared/charts';
import { formatTick } from '../../core/ticks';
import { OverlayChart, type MetricKey } from '../shared/curves';
import { clear, fact, h, root, showError } from '../shared/dom';
import type { RunHeader, TrialSummary } from '../../extension/panels/shared/contract';
import { isSweepHostMessage, type SweepMessage } from '../../extension/panels/sweep/contract';
import { bestTrial } from '../../core/best';
import {
  formatDuration,
  formatNumber,
  formatParam,
  formatPercent,
  formatTrialStatus,
  paramLabel,
} from '../../core/format';
import { searchSection } from './search-section';
import { sweepGrid } from '../../core/sweep-grid';
import { sortRows, type SortValue } from '../../core/table';
import { matchesTerms, parseFilter } from '../../core/trial-filter';
import { backdropOf, paintHeatCell, themeColors } from '../shared/theme';
import { chartTable, extremesSentence } from '../shared/chart-summary';
import { keepFocus, rowNavigation } from '../shared/focus';
import { post, saveState, saveUi, start, uiState } from '../shared/vscode-api';
import { dynamicsGrid } from './dynamics-grid';

interface Column {
  key: string;
  label: string;
  text?: boolean;
  value: (t: TrialSummary) => SortValue;
  show: (t: TrialSummary) => string;
}

let header: RunHeader | undefined;
/** Every trial of the run; `trials` is what the filter lets through, what the charts draw. */
let allTrials: TrialSummary[] = [];
let trials: TrialSummary[] = [];
let sortKey = uiState('sortKey', 'index');
let sortDesc = uiState('sortDesc', false);
let filter = uiState('filter', '');
let best: number | null = null;
const els: Record<string, HTMLElement> = {};

const bestVal = (t: TrialSummary): number | null =>
  t.history.reduce<number | null>(
    (m, e) => (e.valAccuracy !== null && (m === null || e.valAccuracy > m) ? e.valAccuracy : m),
    null,
  );

function columns(): Column[] {
  const params = header?.sweepParameters ?? [];
  return [
    { key: 'index', label: '#', value: (t) => t.index, show: (t) => String(t.index + 1) },
    ...params.map<Column>((p) => ({
      key: `p:${p}`,
      label: paramLabel(p),
      text: typeof trials[0]?.params[p] !== 'number',
      value: (t) => {
        const v = t.params[p];
        return typeof v === 'number' ? v : formatParam(v);
      },
      show: (t) => formatParam(t.params[p]),
    })),
    {
      key: 'status',
      label: 'status',
      text: true,
      value: (t) => formatTrialStatus(t.status, t.rung),
      show: (t) => formatTrialStatus(t.status, t.rung),
    },
    ...(header?.search?.halving
      ? [
          {
            key: 'rung',
            label: 'rung',
            value: (t: TrialSummary) => t.rung?.rung ?? null,
            show: (t: TrialSummary) => (t.rung && t.rung.rung >= 0 ? `${t.rung.rung} (${t.rung.epochs} ep)` : '–'),
          },
        ]
      : []),
    {
      key: 'testAccuracy',
      label: 'test acc',
      value: (t) => t.result?.testAccuracy ?? null,
      show: (t) => formatPercent(t.result?.testAccuracy),
    },
    {
      key: 'testLoss',
      label: 'test loss',
      value: (t) => t.result?.testLoss ?? null,
      show: (t) => formatNumber(t.result?.testLoss),
    },
    { key: 'bestVal', label: 'best val acc', value: bestVal, show: (t) => formatPercent(bestVal(t)) },
    {
      key: 'epochs',
      label: 'epochs',
      value: (t) => t.result?.epochsRun ?? t.history.length,
      show: (t) => String(t.result?.epochsRun ?? t.history.length),
    },
    {
      key: 'bestEpoch',
      label: 'best epoch',
      value: (t) => t.result?.bestEpoch ?? null,
      show: (t) => (t.result ? String(t.result.bestEpoch) : '–'),
    },
    {
      key: 'time',
      label: 'time',
      value: (t) => t.result?.trainSeconds ?? null,
      show: (t) => formatDuration(t.result?.trainSeconds),
    },
  ];
}

function openTrial(index: number): void {
  post({ type: 'openTrial', index });
}

/** The trials the filter lets through (core/trial-filter.ts): `activation=relu lr<0.01`, or plain words. */
function filtered(): { shown: TrialSummary[]; errors: string[] } {
  const cols = columns();
  const fields = [
    ...(header?.sweepParameters ?? []),
    ...cols.filter((c) => c.key !== 'index' && !c.key.startsWith('p:')).map((c) => c.label),
    'seed',
  ];
  const parsed = parseFilter(filter, fields);
  const shown = allTrials.filter((t) => {
    const values: Record<string, unknown> = { ...t.params, seed: t.seed };
    for (const c of cols) if (!c.key.startsWith('p:') && c.key !== 'index') values[c.label] = c.value(t);
    return matchesTerms(parsed, values, cols.map((c) => c.show(t)).join(' ') + ' ' + t.label);
  });
  return { shown, errors: parsed.errors };
}

function renderTable(): void {
  const cols = columns();
  const col = cols.find((c) => c.key === sortKey) ?? cols[0];
  const { shown, errors } = filtered();
  const rows = sortRows(shown, col.value, sortDesc);
  if (els.filterError) els.filterError.textContent = errors.join('; ');
  const headRow = h('tr', {});
  for (const c of cols) {
    const sorted = c.key === col.key;
    headRow.append(
      h(
        'th',
        {
          class: c.text ? 'text sortable' : 'sortable',
          'aria-sort': sorted ? (sortDesc ? 'descending' : 'ascending') : 'none',
          'data-sort': c.key,
        },
        h(
          'button',
          {
            class: 'link',
            'data-focus-key': `sort-${c.key}`,
            onclick: () => {
              if (sortKey === c.key) sortDesc = !sortDesc;
              else {
                sortKey = c.key;
                // Accuracy reads best first; everything else ascending.
                sortDesc = c.key === 'testAccuracy' || c.key === 'bestVal';
              }
              saveUi('sortKey', sortKey);
              saveUi('sortDesc', sortDesc);
              keepFocus(renderTable);
            },
          },
          c.label + (sorted ? (sortDesc ? ' ▼' : ' ▲') : ''),
        ),
      ),
    );
  }
  const body = h('tbody', {});
  for (const t of rows) {
    const tr = h('tr', {
      class: `clickable${t.index === best ? ' best' : ''}`,
      'data-trial': t.index,
      'data-focus-key': `trial-${t.index}`,
      title: `Open results of trial ${t.index + 1}`,
      'aria-label': l10n.t(
        'Trial {0}, {1}: test accuracy {2}. Enter opens its results.',
        t.index + 1,
        t.label,
        formatPercent(t.result?.testAccuracy),
      ),
      onclick: () => openTrial(t.index),
    });
    for (const c of cols)
      tr.append(
        h('td', { class: c.text ? 'text' : '' }, c.key === 'index' && t.index === best ? `★ ${c.show(t)}` : c.show(t)),
      );
    body.append(tr);
  }
  clear(els.table);
  els.table.append(h('thead', {}, headRow), body);
  rowNavigation(body, (row) => openTrial(Number(row.dataset.trial)));
  els.count.textContent = `${rows.length} of ${allTrials.length} trials`;
}

function renderHeatmap(container: HTMLElement, rowParam: string, colParam: string): void {
  const grid = sweepGrid(trials, rowParam, colParam);
  const c = themeColors();
  const backdrop = backdropOf(container);
  const finite = grid.cells
    .flat()
    .map((x) => x.value)
    .filter((v): v is number => v !== null);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const table = h('table', { class: 'matrix heatmap', id: 'heatmap' });
  const head = h('tr', {}, h('th', { class: 'corner muted' }, `${paramLabel(rowParam)} ↓ / ${paramLabel(colParam)} →`));
  for (const col of grid.cols) head.append(h('th', { scope: 'col' }, col));
  table.append(h('thead', {}, head));
  const body = h('tbody', {});
  grid.rows.forEach((row, i) => {
    const tr = h('tr', {}, h('th', { scope: 'row' }, row));
    grid.cols.forEach((_, j) => {
      const cell = grid.cells[i][j];
      const t = cell.value === null || finite.length === 0 ? 0 : hi > lo ? (cell.value - lo) / (hi - lo) : 1;
      const isBest = best !== null && cell.trials.includes(best);
      const td = h(
        'td',
        {
          class: `cell${isBest ? ' diag' : ''}${cell.trials.length === 1 ? ' clickable' : ''}`,
          'data-trials': cell.trials.join(','),
          title: cell.trials.map((k) => allTrials[k]?.label).join('\n'),
          tabindex: cell.trials.length === 1 ? 0 : null,
          onclick: cell.trials.length === 1 ? () => openTrial(cell.trials[0]) : null,
          onkeydown:
            cell.trials.length === 1
              ? (e: Event) => {
                  const k = (e as KeyboardEvent).key;
                  if (k === 'Enter' || k === ' ') {
                    e.preventDefault();
                    openTrial(cell.trials[0]);
                  }
                }
              : null,
        },
        cell.n > 1 ? `${formatPercent(cell.value)} ± ${formatNumber(cell.std * 100, 2)}` : formatPercent(cell.value),
      );
      // Relative scale (worst → best in this sweep): differences of a few tenths of a percent
      // must still be visible.
      if (cell.value === null) td.style.backgroundColor = 'transparent';
      else paintHeatCell(td, c.heat, 0.08 + 0.85 * t, backdrop, c);
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(body);
  clear(container);
  container.append(
    table,
    h(
      'p',
      { class: 'muted' },
      l10n.t('Colour: test accuracy from {0} (light) to {1} (strong).', formatPercent(lo), formatPercent(hi)),
    ),
  );
}

/** Test accuracy against one numeric parameter, one line per value of another swept parameter. */
function paramChart(param: string, id: string): HTMLElement {
  const { card, canvas, text } = chartCard(
    l10n.t('Test accuracy vs {0}', paramLabel(param)),
    `${header?.id ?? 'sweep'}-acc-vs-${paramLabel(param).replace(/\s+/g, '-')}`,
    id,
  );
  const other = (header?.sweepParameters ?? []).find((p) => p !== param);
  const groups = new Map<string, TrialSummary[]>();
  for (const t of trials) {
    const g = other ? `${paramLabel(other)} ${formatParam(t.params[other])}` : l10n.t('test accuracy');
    groups.set(g, [...(groups.get(g) ?? []), t]);
  }
  const series = [...groups.entries()].map(([label, ts], i) => ({
    label,
    role: { series: i },
    pointRadius: 4,
    data: ts
      .filter((t) => t.result && typeof t.params[param] === 'number')
      .map((t) => ({ x: t.params[param] as number, y: (t.result as { testAccuracy: number }).testAccuracy }))
      .sort((a, b) => a.x - b.x),
  }));
  const values = [...new Set(trials.map((t) => t.params[param]).filter((v): v is number => typeof v === 'number'))];
  lineChart(canvas, {
    xTitle: `${paramLabel(param)} (log scale)`,
    xTicks: values,
    yTitle: 'test accuracy',
    xLog: true,
    series,
    formatY: (v) => formatPercent(v, 1),
    formatX: (v) => formatTick(v),
  });
  const pct = (v: number) => formatPercent(v, 1);
  const textSeries = series.map((s) => ({ label: s.label, points: s.data }));
  text.update(
    extremesSentence(l10n.t('test accuracy'), paramLabel(param), textSeries, pct, formatParam),
    chartTable(paramLabel(param), textSeries, formatParam, pct),
  );
  return card;
}

/** The study's own plot: test accuracy against batch size / learning rate. */
function ratioChart(): HTMLElement {
  const { card, canvas, text } = chartCard(
    l10n.t('Test accuracy vs batch size / learning rate'),
    `${header?.id ?? 'sweep'}-acc-vs-ratio`,
    'chart-ratio',
  );
  const data = trials
    .filter(
      (t) =>
        t.result &&
        typeof t.params['training.batchSize'] === 'number' &&
        typeof t.params['training.learningRate'] === 'number',
    )
    .map((t) => ({
      x: (t.params['training.batchSize'] as number) / (t.params['training.learningRate'] as number),
      y: (t.result as { testAccuracy: number }).testAccuracy,
    }))
    .sort((a, b) => a.x - b.x);
  lineChart(canvas, {
    xTitle: 'batch size / learning rate (log scale)',
    xTicks: data.map((d) => d.x),
    yTitle: 'test accuracy',
    xLog: true,
    legend: false,
    series: [{ label: 'trial', role: { series: 0 }, pointRadius: 4, data, showLine: false }],
    formatY: (v) => formatPercent(v, 1),
    // A computed ratio (4 / 0.00001 = 399999.99999999994): printed as a tick, not as a value.
    formatX: (v) => formatTick(v),
  });
  const pct = (v: number) => formatPercent(v, 1);
  const series = [{ label: 'test accuracy', points: data }];
  text.update(
    extremesSentence(l10n.t('test accuracy'), l10n.t('batch size / learning rate'), series, pct, formatParam),
    chartTable(l10n.t('batch size / learning rate'), series, formatParam, pct),
  );
  return card;
}

function render(m: SweepMessage): void {
  header = m.header;
  allTrials = m.trials;
  trials = m.trials;
  const top = bestTrial(trials);
  best = top?.index ?? null;
  saveState({ kind: 'sweep', runDir: header.runDir });
  // A re-sent run (a sweep still running) rebuilds the page; keep the reader's place.
  const scrollY = window.scrollY;
  const app = root();
  clear(app);
  const done = trials.filter((t) => t.result).length;
  app.append(
    h(
      'header',
      { class: 'header' },
      h(
        'div',
        { class: 'title' },
        h('h1', {}, header.name),
        h(
          'div',
          { class: 'muted' },
          `${header.kind} sweep over ${header.sweepParameters.map(paramLabel).join(' × ')}${header.quick ? ' · quick run' : ''} · ${header.id}`,
        ),
      ),
      h(
        'div',
        { class: 'toolbar' },
        h('span', { class: 'badge', id: 'status' }, header.status),
        h(
          'button',
          { class: 'secondary', id: 'export', onclick: () => post({ type: 'exportRun' }) },
          l10n.t('Export CSV/JSON'),
        ),
      ),
    ),
    h(
      'div',
      { class: 'facts', id: 'facts' },
      fact(l10n.t('Trials'), l10n.t('{0} of {1} finished', done, trials.length), 'trials'),
      fact(l10n.t('Best trial'), top ? `${top.index + 1}. ${top.label}` : '–', 'best-trial'),
      fact(l10n.t('Best test accuracy'), formatPercent(top?.result.testAccuracy), 'best-accuracy'),
      fact(l10n.t('Backend'), header.backend ?? '–', 'backend'),
      fact(l10n.t('Total time'), formatDuration(header.wallSeconds), 'time'),
    ),
  );

  els.filter = h('input', {
    type: 'search',
    id: 'filter',
    placeholder: l10n.t('Filter: activation=relu lr<0.01 (or words)'),
    'aria-label': l10n.t('Filter trials, for example activation=relu lr<0.01'),
    value: filter,
  });
  els.filter.addEventListener('input', () => {
    filter = (els.filter as HTMLInputElement).value;
    saveUi('filter', filter);
    renderTable();
    renderCharts();
  });
  els.filterError = h('span', { class: 'error', id: 'filter-error', role: 'status' });
  els.count = h('span', { class: 'muted', id: 'trial-count' });
  els.table = h('table', { id: 'trials-table', class: 'trials' });
  app.append(
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'card-head' },
        h('h2', { class: 'card-title' }, l10n.t('Trials')),
        els.count,
        els.filter,
        els.filterError,
      ),
      h('div', { class: 'scroll-x' }, els.table),
      h(
        'p',
        { class: 'muted' },
        'Click a trial, or move to it with the arrow keys and press Enter, to open its results.',
      ),
    ),
  );
  renderTable();
  const search = searchSection(header, allTrials);
  if (search) app.append(search);
  els.charts = h('div', { id: 'charts' });
  app.append(els.charts);
  renderCharts();
  window.scrollTo(0, scrollY);
}

/** Every chart draws the trials the table's filter lets through. */
function renderCharts(): void {
  if (!header || !els.charts) return;
  trials = filtered().shown;
  const app = els.charts;
  clear(app);
  const params = header.sweepParameters;
  const charts = h('div', { class: 'grid' });
  if (params.length >= 2) {
    els.heatmap = h('div', { class: 'scroll-x' });
    els.heatmapParams = h('span', {});
    charts.append(
      h(
        'section',
        { class: 'card', id: 'heatmap-card' },
        h('div', { class: 'card-head' }, h('h3', {}, l10n.t('Test accuracy heatmap'))),
        els.heatmap,
      ),
    );
    renderHeatmap(els.heatmap, params[0], params[1]);
  }
  const overlay = new OverlayChart(
    l10n.t('Curves of every trial'),
    `${header.id}-curves`,
    'chart-overlay',
    uiState<MetricKey>('metric', 'val_accuracy'),
    (k) => saveUi('metric', k),
    l10n.t('trials'),
  );
  charts.append(overlay.element);
  overlay.setSeries(trials.map((t) => ({ label: `${t.index + 1}. ${t.label}`, history: t.history })));
  app.append(h('h2', {}, l10n.t('Charts')), charts);
  const numeric = h('div', { class: 'grid' });
  if (params.includes('training.batchSize')) numeric.append(paramChart('training.batchSize', 'chart-batch'));
  if (params.includes('training.learningRate')) numeric.append(paramChart('training.learningRate', 'chart-lr'));
  if (params.includes('training.batchSize') && params.includes('training.learningRate')) numeric.append(ratioChart());
  if (numeric.childElementCount > 0) app.append(numeric);
  const inside = dynamicsGrid(trials, openTrial);
  if (inside) app.append((els.inside = inside));
}

onRetheme(() => {
  const params = header?.sweepParameters ?? [];
  if (els.heatmap && params.length >= 2) renderHeatmap(els.heatmap, params[0], params[1]);
  const inside = els.inside && dynamicsGrid(trials, openTrial);
  if (inside) {
    els.inside.replaceWith(inside);
    els.inside = inside;
  }
});

start(isSweepHostMessage, (m) => {
  if (m.type === 'sweep') render(m);
  else if (m.type === 'error') showError(m.message);
});
