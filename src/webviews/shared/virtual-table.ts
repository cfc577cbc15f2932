// A long table body that keeps only the rows in view in the DOM (rowWindow), inside a scroll
// box with the header kept on top. For screen readers the table says how many rows it has
// (aria-rowcount) and each rendered row where it sits (aria-rowindex). The keyboard works as
// on a whole table (rowNavigation): one Tab stop, arrows, Page Up/Down, Home/End, Enter; a
// move to a row that is not rendered scrolls it in first.
import { h } from './dom';
import { listMove } from './keyboard-nav';
import { rowSegments, rowWindow } from './virtual-window';

export interface VirtualTableOptions<T> {
  table: HTMLTableElement;
  head: HTMLTableSectionElement;
  items: readonly T[];
  /** A row for items[position]; it gets its aria-rowindex and data-pos here. */
  renderRow: (item: T, position: number) => HTMLTableRowElement;
  onActivate: (item: T) => void;
  /** Space on a row, when it toggles something other than what Enter does (a selection). */
  onToggle?: (item: T) => void;
  /** The position to give the Tab stop (a re-sort keeps the same trial focused). */
  focusPosition?: number;
}

const FALLBACK_ROW_PX = 26;

/** Builds the table (head, body, spacers) and returns the scroll box to put in the page. */
export function virtualTable<T>(o: VirtualTableOptions<T>): HTMLElement {
  const total = o.items.length;
  const box = h('div', { class: 'virtual-scroll', 'data-virtual': 'true' });
  const body = h('tbody', {}) as HTMLTableSectionElement;
  // The header row is row 1.
  o.table.setAttribute('aria-rowcount', String(total + 1));
  o.head.querySelector('tr')?.setAttribute('aria-rowindex', '1');
  o.table.replaceChildren(o.head, body);
  box.append(o.table);

  let rowHeight = FALLBACK_ROW_PX;
  let focus = Math.max(0, Math.min(total - 1, o.focusPosition ?? 0));
  let shown = { start: -1, end: -1 };
  let kept: number | undefined;

  const columns = Math.max(1, o.head.querySelectorAll('th').length);
  /** Stands in for `rows` rows that are not rendered, so the scroll bar stays true. */
  const spacer = (rows: number): HTMLTableRowElement => {
    const td = h('td', { colspan: columns });
    td.style.height = `${rows * rowHeight}px`;
    return h('tr', { class: 'virtual-spacer', 'aria-hidden': 'true' }, td) as HTMLTableRowElement;
  };

  const render = (force = false): void => {
    // The row holding the keyboard focus stays rendered wherever the box is scrolled; the Tab
    // stop is the focused row when it is rendered, else the first row in view.
    const hadFocus = body.contains(document.activeElement);
    const next = rowWindow(box.scrollTop, box.clientHeight, rowHeight, total);
    const keep = hadFocus ? focus : undefined;
    if (!force && next.start === shown.start && next.end === shown.end && keep === kept) return;
    shown = next;
    kept = keep;
    const stop = hadFocus || (focus >= next.start && focus < next.end) ? focus : next.start;
    const parts: HTMLTableRowElement[] = [];
    for (const segment of rowSegments(next, total, keep)) {
      if (segment.kind === 'gap') {
        parts.push(spacer(segment.rows));
        continue;
      }
      for (let p = segment.from; p < segment.to; p++) {
        const tr = o.renderRow(o.items[p]!, p);
        tr.dataset.pos = String(p);
        tr.setAttribute('aria-rowindex', String(p + 2));
        tr.tabIndex = p === stop ? 0 : -1;
        parts.push(tr);
      }
    }
    body.replaceChildren(...parts);
    if (hadFocus) rowAt(focus)?.focus({ preventScroll: true });
  };

  const rowAt = (p: number): HTMLTableRowElement | null => body.querySelector(`tr[data-pos="${p}"]`);

  /** Scrolls so that row p is in view (no further than needed), renders, and focuses it. */
  const moveTo = (p: number): void => {
    focus = p;
    const top = p * rowHeight;
    const headHeight = o.head.getBoundingClientRect().height;
    if (top < box.scrollTop) box.scrollTop = top;
    else if (top + rowHeight > box.scrollTop + box.clientHeight - headHeight)
      box.scrollTop = top + rowHeight - box.clientHeight + headHeight;
    render(true);
    rowAt(p)?.focus({ preventScroll: true });
  };

  body.addEventListener('keydown', (event) => {
    const e = event as KeyboardEvent;
    const row = (e.target as HTMLElement).closest('tr');
    if (!row?.dataset.pos) return;
    const at = Number(row.dataset.pos);
    if (e.key === ' ' && o.onToggle) {
      e.preventDefault();
      o.onToggle(o.items[at]!);
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      o.onActivate(o.items[at]!);
      return;
    }
    const pageRows = Math.max(1, Math.floor(box.clientHeight / rowHeight) - 1);
    const next = listMove(e.key, at, total, pageRows);
    if (next === null) return;
    e.preventDefault();
    moveTo(next);
  });
  body.addEventListener('focusin', (event) => {
    const row = (event.target as HTMLElement).closest('tr');
    if (!row?.dataset.pos) return;
    focus = Number(row.dataset.pos);
    for (const r of body.querySelectorAll<HTMLTableRowElement>('tr[data-pos]')) r.tabIndex = r === row ? 0 : -1;
  });
  let frame = 0;
  box.addEventListener('scroll', () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  });
  // The box has its size only once it is in the page: measure a row then, and render again.
  requestAnimationFrame(() => {
    // Fractional: rounding 43.4 px to 43 would leave the last of 256 rows 100 px off.
    const first = body.querySelector<HTMLElement>('tr[data-pos]')?.getBoundingClientRect().height ?? 0;
    if (first > 0) rowHeight = first;
    render(true);
  });
  render(true);
  return box;
}
