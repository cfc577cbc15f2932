// Sweep panel: every trial in a sortable, filterable table (best highlighted), parameter
// importance, a test-accuracy heatmap over two swept parameters, parallel coordinates with
// brushes, test accuracy against each swept parameter, and overlaid curves (the selected
// trials, or all; seeds of a configuration as mean ± std). The text filter and the brushes make
// ONE set of trials (filtered() below) that every view draws. Clicking a trial opens its results.
import * as l10n from '@vscode/l10n';
import { onRetheme, releaseCharts } from '../shared/charts';
import { OverlayChart, type MetricKey, type OverlaySeries } from '../shared/curves';
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
import { paramAxis, inBrushes, type Brush, type ParamAxis } from '../../core/param-axes';
import { parameterImportance } from '../../core/importance';
import { comparableAccuracy, configurationLabel, configurationOf } from '../../core/repeats';
import { importanceCard } from './importance-card';
import { focusTrialLine, METRIC_AXIS, parallelCoordinates } from './parallel-coords';
import { paramChart, ratioChart } from './param-charts';
import { searchSection } from './search-section';
import { sweepGrid } from '../../core/sweep-grid';
import { sortRows, type SortValue } from '../../core/table';
import { matchesTerms, parseFilter } from '../../core/trial-filter';
import { backdropOf, paintHeatCell, themeColors } from '../shared/theme';
import { keepFocus, rowNavigation } from '../shared/focus';
import { virtualTable } from '../shared/virtual-table';
import { VIRTUALISE_OVER } from '../shared/virtual-window';
import { post, saveState, saveUi, start, uiState } from '../shared/vscode-api';
import { dynamicsGrid } from './dynamics-grid';

interface Column {
  key: string;
  /** The filter's field name (`test acc>0.97`): the same in every display language. */
  label: string;
  /** The column header in the display language; the label when not given. */
  heading?: string;
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
/** Ranges brushed on the parallel coordinates' axes, by parameter (METRIC_AXIS for accuracy). */
let brushes = uiState<Record<string, Brush>>('brushes', {});
/** Trials selected in the table: the curves chart shows these when there are any. */
let selected = new Set(uiState<number[]>('selected', []));
let groupSeeds = uiState('groupSeeds', true);
/** Axes over every trial of the run, so filtering or brushing does not move them. */
let axes: ParamAxis[] = [];
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
      heading: l10n.t('status'),
      text: true,
      value: (t) => formatTrialStatus(t.status, t.rung),
      show: (t) => formatTrialStatus(t.status, t.rung),
    },
    ...(header?.search?.halving
      ? [
          {
            key: 'rung',
            label: 'rung',
            heading: l10n.t('rung'),
            value: (t: TrialSummary) => t.rung?.rung ?? null,
            show: (t: TrialSummary) => (t.rung && t.rung.rung >= 0 ? `${t.rung.rung} (${t.rung.epochs} ep)` : '–'),
          },
        ]
      : []),
    {
      key: 'testAccuracy',
      label: 'test acc',
      heading: l10n.t('test acc'),
      value: (t) => t.result?.testAccuracy ?? null,
      show: (t) => formatPercent(t.result?.testAccuracy),
    },
    {
      key: 'testLoss',
      label: 'test loss',
      heading: l10n.t('test loss'),
      value: (t) => t.result?.testLoss ?? null,
      show: (t) => formatNumber(t.result?.testLoss),
    },
    {
      key: 'bestVal',
      label: 'best val acc',
      heading: l10n.t('best val acc'),
      value: bestVal,
      show: (t) => formatPercent(bestVal(t)),
    },
    {
      key: 'epochs',
      label: 'epochs',
      heading: l10n.t('epochs'),
      value: (t) => t.result?.epochsRun ?? t.history.length,
      show: (t) => String(t.result?.epochsRun ?? t.history.length),
    },
    {
      key: 'bestEpoch',
      label: 'best epoch',
      heading: l10n.t('best epoch'),
      value: (t) => t.result?.bestEpoch ?? null,
      show: (t) => (t.result ? String(t.result.bestEpoch) : '–'),
    },
    {
      key: 'time',
      label: 'time',
      heading: l10n.t('time'),
      value: (t) => t.result?.trainSeconds ?? null,
      show: (t) => formatDuration(t.result?.trainSeconds),
    },
  ];
}

function openTrial(index: number): void {
  post({ type: 'openTrial', index });
}

/** The values a trial takes on the parallel coordinates' axes. */
const axisValues = (t: TrialSummary): Record<string, unknown> => ({
  ...t.params,
  [METRIC_AXIS]: comparableAccuracy(t),
});

/**
 * THE filtered set every view draws: the trials the text filter lets through
 * (core/trial-filter.ts: `activation=relu lr<0.01`, or plain words) that are inside every brush
 * (core/param-axes.ts). `typed` is the text filter alone (parallel coordinates draw the trials
 * the brushes leave out faintly).
 */
function filtered(): { shown: TrialSummary[]; typed: TrialSummary[]; errors: string[] } {
  const cols = columns();
  const fields = [
    ...(header?.sweepParameters ?? []),
    ...cols.filter((c) => c.key !== 'index' && !c.key.startsWith('p:')).map((c) => c.label),
    'seed',
  ];
  const parsed = parseFilter(filter, fields);
  const typed = allTrials.filter((t) => {
    const values: Record<string, unknown> = { ...t.params, seed: t.seed };
    for (const c of cols) if (!c.key.startsWith('p:') && c.key !== 'index') values[c.label] = c.value(t);
    return matchesTerms(parsed, values, cols.map((c) => c.show(t)).join(' ') + ' ' + t.label);
  });
  const shown = typed.filter((t) => inBrushes(axisValues(t), axes, brushes));
  return { shown, typed, errors: parsed.errors };
}

function toggleSelected(index: number): void {
  if (selected.has(index)) selected.delete(index);
  else selected.add(index);
  saveUi('selected', [...selected]);
  keepFocus(() => {
    renderTable();
    renderCharts();
  });
}

function setBrush(param: string, brush: Brush | null): void {
  const next = { ...brushes };
  if (brush) next[param] = brush;
  else delete next[param];
  brushes = next;
  saveUi('brushes', brushes);
  keepFocus(() => {
    renderTable();
    renderCharts();
  });
}

function renderTable(): void {
  const cols = columns();
  const col = cols.find((c) => c.key === sortKey) ?? cols[0];
  const { shown, errors } = filtered();
  const rows = sortRows(shown, col.value, sortDesc);
  if (els.filterError) els.filterError.textContent = errors.join('; ');
  const headRow = h(
    'tr',
    {},
    h('th', { class: 'select', scope: 'col' }, h('span', { class: 'visually-hidden' }, l10n.t('curves'))),
  );
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
          (c.heading ?? c.label) + (sorted ? (sortDesc ? ' ▼' : ' ▲') : ''),
        ),
      ),
    );
  }
  const trialRow = (t: TrialSummary): HTMLTableRowElement => {
    const isSelected = selected.has(t.index);
    const tr = h('tr', {
      class: `clickable${t.index === best ? ' best' : ''}${isSelected ? ' selected' : ''}`,
      'data-trial': t.index,
      'data-focus-key': `trial-${t.index}`,
      title: l10n.t('Open results of trial {0}', t.index + 1),
      'aria-label': isSelected
        ? l10n.t(
            'Trial {0}, {1}: test accuracy {2}, selected. Enter opens its results, Space selects it for the curves.',
            t.index + 1,
            t.label,
            formatPercent(t.result?.testAccuracy),
          )
        : l10n.t(
            'Trial {0}, {1}: test accuracy {2}. Enter opens its results, Space selects it for the curves.',
            t.index + 1,
            t.label,
            formatPercent(t.result?.testAccuracy),
          ),
      onclick: () => openTrial(t.index),
    });
    const box = h('input', {
      type: 'checkbox',
      tabindex: -1,
      'data-select': t.index,
      'aria-label': l10n.t('Show the curves of trial {0}', t.index + 1),
      onclick: (e: Event) => e.stopPropagation(),
      onchange: () => toggleSelected(t.index),
    });
    box.checked = isSelected;
    tr.append(h('td', { class: 'select' }, box));
    for (const c of cols)
      tr.append(
        h('td', { class: c.text ? 'text' : '' }, c.key === 'index' && t.index === best ? `★ ${c.show(t)}` : c.show(t)),
      );
    return tr;
  };
  const brushed = Object.keys(brushes).length;
  els.count.textContent =
    brushed === 0
      ? l10n.t('{0} of {1} trials', rows.length, allTrials.length)
      : brushed === 1
        ? l10n.t('{0} of {1} trials (filter and {2} brush)', rows.length, allTrials.length, brushed)
        : l10n.t('{0} of {1} trials (filter and {2} brushes)', rows.length, allTrials.length, brushed);
  els.count.dataset.shown = String(rows.length);
  const head = h('thead', {}, headRow);
  if (rows.length > VIRTUALISE_OVER) {
    // Hundreds of trials: only the rows in view are in the page.
    els.tableBox.replaceChildren(
      virtualTable({
        table: els.table as HTMLTableElement,
        head,
        items: rows,
        renderRow: trialRow,
        onActivate: (t) => openTrial(t.index),
        onToggle: (t) => toggleSelected(t.index),
      }),
    );
    return;
  }
  els.table.removeAttribute('aria-rowcount');
  const body = h('tbody', {});
  for (const t of rows) body.append(trialRow(t));
  clear(els.table);
  els.table.append(head, body);
  els.tableBox.replaceChildren(els.table);
  rowNavigation(
    body,
    (row) => openTrial(Number(row.dataset.trial)),
    null,
    (row) => toggleSelected(Number(row.dataset.trial)),
  );
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

function render(m: SweepMessage): void {
  header = m.header;
  allTrials = m.trials;
  trials = m.trials;
  axes = [
    ...header.sweepParameters.map((p) =>
      paramAxis(
        p,
        allTrials.map((t) => t.params[p]),
      ),
    ),
    paramAxis(
      METRIC_AXIS,
      allTrials.map(comparableAccuracy).filter((v): v is number => v !== null),
    ),
  ];
  // Brushes of axes this run does not have (an older state) would hide everything.
  brushes = Object.fromEntries(Object.entries(brushes).filter(([k]) => axes.some((a) => a.param === k)));
  selected = new Set([...selected].filter((i) => i < allTrials.length));
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
          header.quick
            ? l10n.t(
                '{0} sweep over {1} · quick run · {2}',
                header.kind,
                header.sweepParameters.map(paramLabel).join(' × '),
                header.id,
              )
            : l10n.t(
                '{0} sweep over {1} · {2}',
                header.kind,
                header.sweepParameters.map(paramLabel).join(' × '),
                header.id,
              ),
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
  els.tableBox = h('div', {});
  // The row with the keyboard focus marks its trial's line in the parallel coordinates.
  const rowTrial = (e: Event) => {
    const row = (e.target as Element | null)?.closest?.('tr[data-trial]');
    return row instanceof HTMLElement && row.dataset.trial !== undefined ? Number(row.dataset.trial) : null;
  };
  els.tableBox.addEventListener('focusin', (e) => focusTrialLine(rowTrial(e)));
  els.tableBox.addEventListener('focusout', (e) => {
    if (rowTrial(e) !== null) focusTrialLine(null);
  });
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
      h('div', { class: 'scroll-x' }, els.tableBox),
      h(
        'p',
        { class: 'muted' },
        l10n.t(
          'Click a trial, or move to it with the arrow keys (Page Up/Down, Home, End) and press Enter, to open its results; tick it, or press Space on it, to show its curves.',
        ),
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

/** Every chart draws the one filtered set (text filter and brushes). */
function renderCharts(): void {
  if (!header || !els.charts) return;
  const set = filtered();
  trials = set.shown;
  const app = els.charts;
  releaseCharts(app);
  clear(app);
  const params = header.sweepParameters;
  app.append(h('h2', {}, l10n.t('Charts')));
  app.append(
    importanceCard(
      parameterImportance(
        trials.map((t) => ({ params: t.params, value: comparableAccuracy(t) })),
        params,
      ),
    ),
  );
  const charts = h('div', { class: 'grid' });
  // A heatmap needs few values per parameter (a grid, or random choices from short lists).
  const fewValues = (p: string) => new Set(allTrials.map((t) => formatParam(t.params[p]))).size <= 8;
  if (params.length >= 2 && fewValues(params[0]) && fewValues(params[1])) {
    els.heatmap = h('div', { class: 'scroll-x' });
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
  charts.append(overlayCard());
  app.append(charts);
  const shownSet = new Set(trials.map((t) => t.index));
  app.append(
    parallelCoordinates({
      axes,
      lines: set.typed
        .filter((t) => comparableAccuracy(t) !== null)
        .map((t) => ({
          index: t.index,
          label: t.label,
          values: axisValues(t),
          inside: shownSet.has(t.index),
          best: t.index === best,
          selected: selected.has(t.index),
        })),
      brushes,
      withoutValue: set.typed.filter((t) => comparableAccuracy(t) === null).length,
      onBrush: setBrush,
    }),
  );
  const numeric = h('div', { class: 'grid', id: 'param-charts' });
  for (const axis of axes) if (axis.param !== METRIC_AXIS) numeric.append(paramChart(header, axis, trials, axes));
  if (params.includes('training.batchSize') && params.includes('training.learningRate'))
    numeric.append(ratioChart(header, trials));
  if (numeric.childElementCount > 0) app.append(numeric);
  const inside = dynamicsGrid(trials, openTrial);
  if (inside) app.append((els.inside = inside));
}

/** The curves: the selected trials (or all shown); with repeats, a configuration's seeds as mean ± std. */
function overlayCard(): HTMLElement {
  const h0 = header!;
  const picked = trials.filter((t) => selected.has(t.index));
  const chosen = picked.length > 0 ? picked : trials;
  const repeats = (h0.search?.repeats ?? 1) > 1;
  const overlay = new OverlayChart(
    picked.length > 0 ? l10n.t('Curves of the selected trials') : l10n.t('Curves of every trial'),
    `${h0.id}-curves`,
    'chart-overlay',
    uiState<MetricKey>('metric', 'val_accuracy'),
    (k) => saveUi('metric', k),
    repeats && groupSeeds ? l10n.t('configurations') : l10n.t('trials'),
  );
  let series: OverlaySeries[];
  if (repeats && groupSeeds) {
    const byConfig = new Map<number, TrialSummary[]>();
    const cfg = (t: TrialSummary) => configurationOf({ index: t.index, config: { configuration: t.configuration } });
    for (const t of chosen) byConfig.set(cfg(t), [...(byConfig.get(cfg(t)) ?? []), t]);
    const asTrials = allTrials.map((t) => ({
      ...t,
      config: { configuration: t.configuration, training: { seed: t.seed } },
    }));
    series = [...byConfig.entries()].map(([c, ts]) => ({
      label:
        ts.length === 1
          ? l10n.t('{0} ({1} seed)', configurationLabel(asTrials, c), ts.length)
          : l10n.t('{0} ({1} seeds)', configurationLabel(asTrials, c), ts.length),
      history: ts[0].history,
      runs: ts.map((t) => t.history),
    }));
  } else series = chosen.map((t) => ({ label: `${t.index + 1}. ${t.label}`, history: t.history }));
  overlay.setSeries(series);
  const head = overlay.element.querySelector('.card-head');
  const note = h(
    'p',
    { class: 'muted', id: 'overlay-selection' },
    picked.length === 1
      ? l10n.t('{0} selected trial (tick more in the table).', picked.length)
      : picked.length > 1
        ? l10n.t('{0} selected trials (tick more in the table).', picked.length)
        : l10n.t('Every trial shown; tick trials in the table to compare only those.'),
    ' ',
  );
  if (picked.length > 0 || selected.size > 0)
    note.append(
      h(
        'button',
        {
          class: 'link',
          id: 'clear-selection',
          'data-focus-key': 'clear-selection',
          onclick: () => {
            selected.clear();
            saveUi('selected', []);
            renderTable();
            renderCharts();
            document.getElementById('trials-table')?.querySelector<HTMLElement>('tbody tr[tabindex="0"]')?.focus();
          },
        },
        l10n.t('Clear selection'),
      ),
    );
  if (repeats) {
    const box = h('input', { type: 'checkbox', id: 'group-seeds', 'data-focus-key': 'group-seeds' });
    box.checked = groupSeeds;
    box.addEventListener('change', () => {
      groupSeeds = box.checked;
      saveUi('groupSeeds', groupSeeds);
      keepFocus(renderCharts);
    });
    note.append(' ', h('label', { class: 'inline' }, box, ' ', l10n.t('seeds as mean ± std')));
  }
  head?.after(note);
  return overlay.element;
}

onRetheme(() => {
  const params = header?.sweepParameters ?? [];
  if (els.heatmap?.isConnected && params.length >= 2) renderHeatmap(els.heatmap, params[0], params[1]);
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
