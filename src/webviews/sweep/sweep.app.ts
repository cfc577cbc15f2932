// Sweep panel: every trial of a grid run in a sortable, filterable table (best highlighted),
// a test-accuracy heatmap over two swept parameters, overlaid curves with legend toggles,
// and test accuracy against batch size / learning rate (log axis) when those were swept.
// Clicking a trial opens its results panel.
import { chartCard, lineChart, onRetheme } from '../shared/charts';
import { formatTick } from '../../core/ticks';
import { OverlayChart, type MetricKey } from '../shared/curves';
import { clear, fact, h, root, showError } from '../shared/dom';
import type { RunHeader, TrialSummary } from '../../extension/panels/shared/contract';
import { isSweepHostMessage, type SweepMessage } from '../../extension/panels/sweep/contract';
import { bestTrial } from '../../core/best';
import { formatDuration, formatNumber, formatParam, formatPercent, paramLabel } from '../../core/format';
import { sweepGrid } from '../../core/sweep-grid';
import { matchesFilter, sortRows, type SortValue } from '../../core/table';
import { themeColors, withAlpha } from '../shared/theme';
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
let trials: TrialSummary[] = [];
let sortKey = uiState('sortKey', 'index');
let sortDesc = uiState('sortDesc', false);
let filter = uiState('filter', '');
let best: number | null = null;
const els: Record<string, HTMLElement> = {};

const bestVal = (t: TrialSummary): number | null =>
  t.history.reduce<number | null>((m, e) => (e.valAccuracy !== null && (m === null || e.valAccuracy > m) ? e.valAccuracy : m), null);

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
    { key: 'status', label: 'status', text: true, value: (t) => t.status, show: (t) => t.status },
    { key: 'testAccuracy', label: 'test acc', value: (t) => t.result?.testAccuracy ?? null, show: (t) => formatPercent(t.result?.testAccuracy) },
    { key: 'testLoss', label: 'test loss', value: (t) => t.result?.testLoss ?? null, show: (t) => formatNumber(t.result?.testLoss) },
    { key: 'bestVal', label: 'best val acc', value: bestVal, show: (t) => formatPercent(bestVal(t)) },
    { key: 'epochs', label: 'epochs', value: (t) => t.result?.epochsRun ?? t.history.length, show: (t) => String(t.result?.epochsRun ?? t.history.length) },
    { key: 'bestEpoch', label: 'best epoch', value: (t) => t.result?.bestEpoch ?? null, show: (t) => (t.result ? String(t.result.bestEpoch) : '–') },
    { key: 'time', label: 'time', value: (t) => t.result?.trainSeconds ?? null, show: (t) => formatDuration(t.result?.trainSeconds) },
  ];
}

function openTrial(index: number): void {
  post({ type: 'openTrial', index });
}

function renderTable(): void {
  const cols = columns();
  const col = cols.find((c) => c.key === sortKey) ?? cols[0];
  const rows = sortRows(
    trials.filter((t) => matchesFilter(cols.map((c) => c.show(t)).join(' ') + ' ' + t.label, filter)),
    col.value,
    sortDesc,
  );
  const headRow = h('tr', {});
  for (const c of cols) {
    const sorted = c.key === col.key;
    headRow.append(
      h(
        'th',
        { class: c.text ? 'text sortable' : 'sortable', 'aria-sort': sorted ? (sortDesc ? 'descending' : 'ascending') : 'none', 'data-sort': c.key },
        h(
          'button',
          {
            class: 'link',
            onclick: () => {
              if (sortKey === c.key) sortDesc = !sortDesc;
              else {
                sortKey = c.key;
                // Accuracy reads best first; everything else ascending.
                sortDesc = c.key === 'testAccuracy' || c.key === 'bestVal';
              }
              saveUi('sortKey', sortKey);
              saveUi('sortDesc', sortDesc);
              renderTable();
            },
          },
          c.label + (sorted ? (sortDesc ? ' ▼' : ' ▲') : ''),
        ),
      ),
    );
  }
  const body = h('tbody', {});
  for (const t of rows) {
    const tr = h(
      'tr',
      {
        class: `clickable${t.index === best ? ' best' : ''}`,
        tabindex: 0,
        'data-trial': t.index,
        title: `Open results of trial ${t.index + 1}`,
        onclick: () => openTrial(t.index),
        onkeydown: (e: Event) => {
          if ((e as KeyboardEvent).key === 'Enter') openTrial(t.index);
        },
      },
    );
    for (const c of cols) tr.append(h('td', { class: c.text ? 'text' : '' }, c.key === 'index' && t.index === best ? `★ ${c.show(t)}` : c.show(t)));
    body.append(tr);
  }
  clear(els.table);
  els.table.append(h('thead', {}, headRow), body);
  els.count.textContent = `${rows.length} of ${trials.length} trials`;
}

function renderHeatmap(container: HTMLElement, rowParam: string, colParam: string): void {
  const grid = sweepGrid(trials, rowParam, colParam);
  const c = themeColors();
  const finite = grid.cells.flat().map((x) => x.value).filter((v): v is number => v !== null);
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
          title: cell.trials.map((k) => trials[k]?.label).join('\n'),
          tabindex: cell.trials.length === 1 ? 0 : null,
          onclick: cell.trials.length === 1 ? () => openTrial(cell.trials[0]) : null,
        },
        formatPercent(cell.value),
      );
      // Relative scale (worst → best in this sweep): differences of a few tenths of a percent
      // must still be visible.
      td.style.backgroundColor = cell.value === null ? 'transparent' : withAlpha(c.heat, 0.08 + 0.85 * t);
      td.style.color = cell.value !== null && t > 0.55 ? c.background : c.foreground;
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(body);
  clear(container);
  container.append(table, h('p', { class: 'muted' }, `Colour: test accuracy from ${formatPercent(lo)} (light) to ${formatPercent(hi)} (strong).`));
}

/** Test accuracy against one numeric parameter, one line per value of another swept parameter. */
function paramChart(param: string, id: string): HTMLElement {
  const { card, canvas } = chartCard(`Test accuracy vs ${paramLabel(param)}`, `${header?.id ?? 'sweep'}-acc-vs-${paramLabel(param).replace(/\s+/g, '-')}`, id);
  const other = (header?.sweepParameters ?? []).find((p) => p !== param);
  const groups = new Map<string, TrialSummary[]>();
  for (const t of trials) {
    const g = other ? `${paramLabel(other)} ${formatParam(t.params[other])}` : 'test accuracy';
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
  return card;
}

/** The study's own plot: test accuracy against batch size / learning rate. */
function ratioChart(): HTMLElement {
  const { card, canvas } = chartCard('Test accuracy vs batch size / learning rate', `${header?.id ?? 'sweep'}-acc-vs-ratio`, 'chart-ratio');
  const data = trials
    .filter((t) => t.result && typeof t.params['training.batchSize'] === 'number' && typeof t.params['training.learningRate'] === 'number')
    .map((t) => ({ x: (t.params['training.batchSize'] as number) / (t.params['training.learningRate'] as number), y: (t.result as { testAccuracy: number }).testAccuracy }))
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
  return card;
}

function render(m: SweepMessage): void {
  header = m.header;
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
      h('div', { class: 'title' }, h('h1', {}, header.name), h('div', { class: 'muted' }, `${header.kind} sweep over ${header.sweepParameters.map(paramLabel).join(' × ')}${header.quick ? ' · quick run' : ''} · ${header.id}`)),
      h('div', { class: 'toolbar' }, h('span', { class: 'badge', id: 'status' }, header.status), h('button', { class: 'secondary', id: 'export', onclick: () => post({ type: 'exportRun' }) }, 'Export CSV/JSON')),
    ),
    h(
      'div',
      { class: 'facts', id: 'facts' },
      fact('Trials', `${done} of ${trials.length} finished`, 'trials'),
      fact('Best trial', top ? `${top.index + 1}. ${top.label}` : '–', 'best-trial'),
      fact('Best test accuracy', formatPercent(top?.result.testAccuracy), 'best-accuracy'),
      fact('Backend', header.backend ?? '–', 'backend'),
      fact('Total time', formatDuration(header.wallSeconds), 'time'),
    ),
  );

  els.filter = h('input', { type: 'search', id: 'filter', placeholder: 'Filter trials (e.g. relu heNormal)', 'aria-label': 'Filter trials', value: filter });
  els.filter.addEventListener('input', () => {
    filter = (els.filter as HTMLInputElement).value;
    saveUi('filter', filter);
    renderTable();
  });
  els.count = h('span', { class: 'muted', id: 'trial-count' });
  els.table = h('table', { id: 'trials-table', class: 'trials' });
  app.append(
    h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h3', {}, 'Trials'), els.count, els.filter), h('div', { class: 'scroll-x' }, els.table), h('p', { class: 'muted' }, 'Click a trial to open its results.')),
  );
  renderTable();

  const params = header.sweepParameters;
  const charts = h('div', { class: 'grid' });
  if (params.length >= 2) {
    els.heatmap = h('div', { class: 'scroll-x' });
    els.heatmapParams = h('span', {});
    charts.append(h('section', { class: 'card', id: 'heatmap-card' }, h('div', { class: 'card-head' }, h('h3', {}, 'Test accuracy heatmap')), els.heatmap));
    renderHeatmap(els.heatmap, params[0], params[1]);
  }
  const overlay = new OverlayChart('Curves of every trial', `${header.id}-curves`, 'chart-overlay', uiState<MetricKey>('metric', 'val_accuracy'), (k) => saveUi('metric', k));
  charts.append(overlay.element);
  overlay.setSeries(trials.map((t) => ({ label: `${t.index + 1}. ${t.label}`, history: t.history })));
  app.append(h('h2', {}, 'Charts'), charts);
  const numeric = h('div', { class: 'grid' });
  if (params.includes('training.batchSize')) numeric.append(paramChart('training.batchSize', 'chart-batch'));
  if (params.includes('training.learningRate')) numeric.append(paramChart('training.learningRate', 'chart-lr'));
  if (params.includes('training.batchSize') && params.includes('training.learningRate')) numeric.append(ratioChart());
  if (numeric.childElementCount > 0) app.append(numeric);
  const inside = dynamicsGrid(trials, openTrial);
  if (inside) app.append((els.inside = inside));
  window.scrollTo(0, scrollY);
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
