// The text alternative of a chart canvas: a visible one-sentence summary (also the canvas's
// accessible description) and a "Show as table" disclosure holding the same data as a table.
// The table is built only while open, so live charts that update every epoch stay cheap.
import * as l10n from '@vscode/l10n';
import { clear, h } from './dom';
import type { DataTable } from './chart-summary';

export class ChartText {
  readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly tableBox: HTMLElement;
  private table: DataTable = { columns: [], rows: [] };

  constructor(
    canvas: HTMLElement | SVGElement,
    private readonly caption: string,
  ) {
    const id = canvas.id || `chart-${Math.random().toString(36).slice(2)}`;
    canvas.id = id;
    this.summary = h('p', { class: 'chart-summary muted', id: `${id}-summary`, 'data-summary-for': id });
    canvas.setAttribute('aria-describedby', this.summary.id);
    this.tableBox = h('div', { class: 'scroll-x' });
    this.details = h(
      'details',
      { class: 'chart-table', 'data-table-for': id },
      h('summary', { 'data-focus-key': `${id}-table` }, l10n.t('Show as table')),
      this.tableBox,
    );
    this.details.addEventListener('toggle', () => this.renderTable());
    this.element = h('div', { class: 'chart-text' }, this.summary, this.details);
  }

  update(summary: string, table: DataTable): void {
    if (this.summary.textContent !== summary) this.summary.textContent = summary;
    this.table = table;
    if (this.details.open) this.renderTable();
  }

  private renderTable(): void {
    clear(this.tableBox);
    if (!this.details.open) return;
    const { columns, rows } = this.table;
    this.tableBox.append(
      h(
        'table',
        { class: 'data-table' },
        h('caption', { class: 'visually-hidden' }, this.caption),
        h(
          'thead',
          {},
          h('tr', {}, ...columns.map((c, i) => h('th', { scope: 'col', class: i === 0 ? 'text' : '' }, c))),
        ),
        h(
          'tbody',
          {},
          ...rows.map((r) =>
            h('tr', {}, ...r.map((v, i) => (i === 0 ? h('th', { scope: 'row', class: 'text' }, v) : h('td', {}, v)))),
          ),
        ),
      ),
    );
  }
}
