// Keyboard focus across re-renders. The apps rebuild parts of the page from data (a selected
// confusion cell, a walkthrough stage, a sorted table); without this the focused element is
// removed and the next Tab starts again at the top of the page.
import { listMove } from './keyboard-nav';

/** The data-focus-key of the focused element (or its nearest keyed ancestor), if any. */
function focusedKey(): string | null {
  const active = document.activeElement;
  if (!active || active === document.body) return null;
  return active.closest<HTMLElement>('[data-focus-key]')?.dataset.focusKey ?? null;
}

function focusable(el: HTMLElement | null): el is HTMLElement {
  return !!el && !(el as HTMLButtonElement).disabled && !el.hidden && el.isConnected;
}

/**
 * Runs `rebuild` and puts focus back on the element with the same data-focus-key; when that
 * element is gone or disabled, on the first of `fallbacks` that can take it.
 */
export function keepFocus(rebuild: () => void, fallbacks: string[] = []): void {
  const key = focusedKey();
  rebuild();
  if (key === null) return;
  for (const k of [key, ...fallbacks]) {
    const el = document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(k)}"]`);
    if (focusable(el)) {
      el.focus({ preventScroll: true });
      return;
    }
  }
}

/**
 * One Tab stop for the rows of a table body: the current row has tabindex 0, the others -1;
 * ArrowUp/ArrowDown/Home/End move between rows (and do not scroll the page), Enter activates.
 * Rows are read on each key press, so it survives rows being re-sorted or filtered.
 */
export function rowNavigation(
  tbody: HTMLElement,
  onActivate: (row: HTMLTableRowElement) => void,
  current?: HTMLTableRowElement | null,
  /** Space on a row, when it toggles something other than what Enter does (a selection). */
  onToggle?: (row: HTMLTableRowElement) => void,
): void {
  const rows = () => Array.from(tbody.querySelectorAll<HTMLTableRowElement>(':scope > tr'));
  const all = rows();
  const start = current && all.includes(current) ? current : all[0];
  for (const row of all) row.tabIndex = row === start ? 0 : -1;
  tbody.addEventListener('keydown', (event) => {
    const e = event as KeyboardEvent;
    const list = rows();
    const at = list.findIndex((r) => r === document.activeElement);
    if (at < 0) return;
    if (e.key === ' ' && onToggle) {
      e.preventDefault();
      onToggle(list[at]);
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(list[at]);
      return;
    }
    const next = listMove(e.key, at, list.length);
    if (next === null) return;
    e.preventDefault();
    moveRowFocus(list, next);
  });
  tbody.addEventListener('focusin', (event) => {
    const row = (event.target as HTMLElement).closest('tr');
    if (row && row.parentElement === tbody) for (const r of rows()) r.tabIndex = r === row ? 0 : -1;
  });
}

function moveRowFocus(list: HTMLTableRowElement[], index: number): void {
  list.forEach((r, i) => (r.tabIndex = i === index ? 0 : -1));
  list[index].focus();
}
