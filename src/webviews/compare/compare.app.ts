// Compare panel: the chosen runs side by side — curves overlaid, final metrics in columns
// with the best value bold and values that differ from the first run highlighted, and the
// configuration rows that differ between runs marked.

import * as l10n from '@vscode/l10n';
import { OverlayChart, type MetricKey } from '../shared/curves';
import { clear, h, root, showError } from '../shared/dom';
import { isCompareHostMessage, type CompareEntry, type CompareMessage } from '../../extension/panels/compare/contract';
import { formatDuration, formatNumber, formatPercent } from '../../core/format';
import { differingRows } from '../../core/table';
import { post, saveState, saveUi, start, uiState } from '../shared/vscode-api';

interface MetricRow {
  /** Called when drawn: the messages are translated then, never at module load. */
  label: () => string;
  key: string;
  value: (e: CompareEntry) => number | null;
  show: (e: CompareEntry) => string;
  /** Which direction is better, for bold "best"; undefined = not ranked. */
  better?: 'high' | 'low';
}

const ROWS: MetricRow[] = [
  {
    label: () => l10n.t('test accuracy'),
    key: 'testAccuracy',
    value: (e) => e.trial.result?.testAccuracy ?? null,
    show: (e) => formatPercent(e.trial.result?.testAccuracy),
    better: 'high',
  },
  {
    label: () => l10n.t('test loss'),
    key: 'testLoss',
    value: (e) => e.trial.result?.testLoss ?? null,
    show: (e) => formatNumber(e.trial.result?.testLoss),
    better: 'low',
  },
  {
    label: () => l10n.t('best val accuracy'),
    key: 'bestVal',
    value: (e) =>
      e.trial.history.reduce<number | null>(
        (m, r) => (r.valAccuracy !== null && (m === null || r.valAccuracy > m) ? r.valAccuracy : m),
        null,
      ),
    show: (e) => formatPercent(ROWS[2].value(e)),
    better: 'high',
  },
  {
    label: () => l10n.t('epochs run'),
    key: 'epochs',
    value: (e) => e.trial.result?.epochsRun ?? e.trial.history.length,
    show: (e) => String(e.trial.result?.epochsRun ?? e.trial.history.length),
  },
  {
    label: () => l10n.t('best epoch'),
    key: 'bestEpoch',
    value: (e) => e.trial.result?.bestEpoch ?? null,
    show: (e) => (e.trial.result ? String(e.trial.result.bestEpoch) : '–'),
  },
  {
    label: () => l10n.t('training time'),
    key: 'time',
    value: (e) => e.trial.result?.trainSeconds ?? null,
    show: (e) => formatDuration(e.trial.result?.trainSeconds),
    better: 'low',
  },
];

function render(m: CompareMessage): void {
  const entries = m.entries;
  saveState({ kind: 'compare', runDirs: entries.map((e) => e.header.runDir) });
  const app = root();
  clear(app);
  app.append(
    h(
      'header',
      { class: 'header' },
      h(
        'div',
        { class: 'title' },
        h('h1', {}, l10n.t('Compare {0} runs', entries.length)),
        h(
          'div',
          { class: 'muted' },
          l10n.t(
            'Cells that differ from the first run are shaded: green where better, red where worse; bold is the best value.',
          ),
        ),
      ),
    ),
  );

  // Built once per table: a cloned row would keep the buttons but lose what they do. The corner
  // names the row headers below it, for screen readers (axe: no empty header).
  const columnHead = (corner: string): HTMLElement => {
    const colHead = h(
      'tr',
      {},
      h('th', { class: 'text', scope: 'col' }, h('span', { class: 'visually-hidden' }, corner)),
    );
    entries.forEach((e, i) =>
      colHead.append(
        h(
          'th',
          { class: 'text run-col', scope: 'col', 'data-run': i },
          h(
            'button',
            {
              class: 'link',
              title: l10n.t('Open the results of this run'),
              onclick: () => post({ type: 'openTrial', index: e.trial.index, run: i }),
            },
            e.header.name,
          ),
          h('div', { class: 'muted small' }, `${e.header.id}${e.header.trialCount > 1 ? ` · ${e.trial.label}` : ''}`),
        ),
      ),
    );
    return colHead;
  };
  const body = h('tbody', {});
  const infoRows: Array<[string, (e: CompareEntry) => string, boolean]> = [
    [l10n.t('status'), (e) => e.trial.status, true],
    [l10n.t('backend'), (e) => e.header.backend ?? '–', true],
    // Each run has its own creation time: a different one is not a difference worth shading.
    [l10n.t('created'), (e) => new Date(e.header.createdAt).toLocaleString(), false],
  ];
  for (const row of ROWS) {
    const values = entries.map(row.value);
    const finite = values.filter((v): v is number => v !== null);
    const bestValue =
      row.better && finite.length > 1 ? (row.better === 'high' ? Math.max(...finite) : Math.min(...finite)) : null;
    const shown = entries.map(row.show);
    const tr = h('tr', { 'data-metric': row.key }, h('th', { class: 'text', scope: 'row' }, row.label()));
    entries.forEach((_, i) => {
      // Against the first run: green only where better, red where worse, neutral when unranked.
      const v = values[i];
      const first = values[0];
      const direction =
        shown[i] === shown[0] || !row.better || v === null || first === null || v === first
          ? ''
          : (row.better === 'high') === v > first
            ? 'better'
            : 'worse';
      const classes = [
        shown[i] !== shown[0] ? 'diff' : '',
        direction,
        bestValue !== null && values[i] === bestValue ? 'bestcell' : '',
      ]
        .filter(Boolean)
        .join(' ');
      tr.append(h('td', { class: classes }, shown[i]));
    });
    body.append(tr);
  }
  for (const [label, get, shade] of infoRows) {
    const shown = entries.map(get);
    const tr = h('tr', {}, h('th', { class: 'text', scope: 'row' }, label));
    shown.forEach((s) => tr.append(h('td', { class: s !== shown[0] && shade ? 'diff' : '' }, s)));
    body.append(tr);
  }
  app.append(
    h('h2', {}, l10n.t('Metrics')),
    h(
      'div',
      { class: 'scroll-x' },
      h('table', { id: 'compare-metrics', class: 'compare' }, h('thead', {}, columnHead(l10n.t('Metric'))), body),
    ),
  );

  const overlay = new OverlayChart(
    l10n.t('Curves'),
    'compare-curves',
    'chart-overlay',
    uiState<MetricKey>('metric', 'val_accuracy'),
    (k) => saveUi('metric', k),
    l10n.t('runs'),
  );
  app.append(h('h2', {}, l10n.t('Training curves')), overlay.element);
  // Run ids only where names repeat (two runs of one experiment): short labels otherwise.
  const names = entries.map((e) => `${e.header.name}${e.header.trialCount > 1 ? ` (${e.trial.label})` : ''}`);
  overlay.setSeries(
    entries.map((e, i) => ({
      label: names.indexOf(names[i]) !== names.lastIndexOf(names[i]) ? `${names[i]} · ${e.header.id}` : names[i],
      history: e.trial.history,
    })),
  );

  // Configuration: every key any run has; rows that differ are marked.
  const keys = [...new Set(entries.flatMap((e) => Object.keys(e.config)))];
  const cells = keys.map((k) => entries.map((e) => e.config[k] ?? null));
  const differs = differingRows(cells);
  const cfgBody = h('tbody', {});
  keys.forEach((k, r) => {
    const tr = h(
      'tr',
      { class: differs[r] ? 'differs' : '', 'data-config': k },
      h('th', { class: 'text', scope: 'row' }, differs[r] ? `≠ ${k}` : k),
    );
    cells[r].forEach((v) =>
      tr.append(h('td', { class: `text${differs[r] && v !== cells[r][0] ? ' diff' : ''}` }, v ?? '–')),
    );
    cfgBody.append(tr);
  });
  const onlyDiff = h('input', { type: 'checkbox', id: 'only-differences' }) as HTMLInputElement;
  onlyDiff.checked = uiState('onlyDifferences', false);
  const cfgTable = h(
    'table',
    { id: 'compare-config', class: `compare${onlyDiff.checked ? ' only-diff' : ''}` },
    h('thead', {}, columnHead(l10n.t('Setting'))),
    cfgBody,
  );
  onlyDiff.addEventListener('change', () => {
    cfgTable.classList.toggle('only-diff', onlyDiff.checked);
    saveUi('onlyDifferences', onlyDiff.checked);
  });
  app.append(
    h(
      'div',
      { class: 'toolbar' },
      h('h2', {}, l10n.t('Configuration')),
      h('label', {}, onlyDiff, l10n.t('only differences')),
    ),
    h('div', { class: 'scroll-x' }, cfgTable),
  );
}

start(isCompareHostMessage, (m) => {
  if (m.type === 'compare') render(m);
  else if (m.type === 'error') showError(m.message);
});
