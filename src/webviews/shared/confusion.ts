// Confusion-matrix heatmap as an HTML table: real text (selectable, readable by screen
// readers and tests), colour intensity from the theme's chart colour, the diagonal outlined.
// A canvas copy is drawn only for PNG export.
import * as l10n from '@vscode/l10n';
import { h, clear } from './dom';
import { gridMove, type Cell } from './keyboard-nav';
import { rowNormalise } from '../../core/table';
import { backdropOf, paintHeatCell, themeColors, toRgb, type Rgb, type ThemeColors } from './theme';
import { blend, css, readableInk } from './contrast';
import { post } from './vscode-api';
import { safeFileName } from '../../extension/panels/shared/contract';

export interface MatrixOptions {
  matrix: number[][];
  classNames: string[];
  normalised: boolean;
  /** Selected cell, [true, predicted]. */
  selected: [number, number] | null;
  onSelect: (row: number, col: number) => void;
}

function cellText(v: number, normalised: boolean): string {
  return normalised ? `${(v * 100).toFixed(1)}%` : String(v);
}

/** Intensity 0..1 of each cell: row share when normalised, else share of the largest count. */
export function intensities(matrix: number[][], normalised: boolean): number[][] {
  if (normalised) return rowNormalise(matrix);
  const max = Math.max(1, ...matrix.flat());
  return matrix.map((r) => r.map((v) => v / max));
}

function paint(td: HTMLElement, t: number, c: ThemeColors, backdrop: Rgb): void {
  paintHeatCell(td, c.heat, 0.06 + 0.9 * t, backdrop, c);
}

/**
 * The matrix is one ARIA grid: a single Tab stop (roving tabindex), arrow keys, Home/End and
 * Ctrl+Home/End move between cells, Enter or Space opens a cell's images. Re-rendering keeps
 * the focused cell focused, so the next Tab continues from the matrix, not the page top.
 */
export function renderMatrix(container: HTMLElement, o: MatrixOptions): void {
  const old = container.querySelector<HTMLElement>('td.cell:focus');
  const focusAt: Cell | null = old ? [Number(old.dataset.row), Number(old.dataset.col)] : null;
  clear(container);
  const c = themeColors();
  const backdrop = backdropOf(container);
  const values = o.normalised ? rowNormalise(o.matrix) : o.matrix;
  const heat = intensities(o.matrix, o.normalised);
  const n = o.matrix.length;
  const cols = o.matrix[0]?.length ?? 0;
  const tabStop: Cell = focusAt ?? o.selected ?? [0, 0];
  const name = (i: number) => o.classNames[i] ?? String(i);
  const table = h('table', {
    class: 'matrix',
    id: 'confusion-matrix',
    role: 'grid',
    'aria-label': l10n.t('Confusion matrix: rows are true classes, columns predicted'),
    'aria-describedby': 'confusion-help',
  });
  const head = h(
    'tr',
    {},
    h('th', { class: 'corner', scope: 'col' }, h('span', { class: 'muted' }, l10n.t('true ↓ / predicted →'))),
  );
  for (const cn of o.classNames) head.append(h('th', { scope: 'col', class: 'pred' }, cn));
  table.append(h('thead', {}, head));
  const body = h('tbody', {});
  const cells: HTMLElement[][] = [];
  o.matrix.forEach((row, i) => {
    const tr = h('tr', {}, h('th', { scope: 'row', class: 'true' }, name(i)));
    cells[i] = [];
    row.forEach((count, j) => {
      const selected = o.selected !== null && o.selected[0] === i && o.selected[1] === j;
      const td = h(
        'td',
        {
          class: `cell${i === j ? ' diag' : ''}${selected ? ' selected' : ''}`,
          tabindex: tabStop[0] === i && tabStop[1] === j ? 0 : -1,
          'aria-selected': selected ? 'true' : 'false',
          'data-row': i,
          'data-col': j,
          'data-count': count,
          title: l10n.t('true {0}, predicted {1}: {2}', name(i), name(j), count),
          onclick: () => o.onSelect(i, j),
        },
        cellText(values[i][j], o.normalised),
      );
      paint(td, heat[i][j], c, backdrop);
      cells[i][j] = td;
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(body);
  table.addEventListener('keydown', (event) => {
    const e = event as KeyboardEvent;
    const td = (e.target as HTMLElement).closest<HTMLElement>('td.cell');
    if (!td) return;
    const at: Cell = [Number(td.dataset.row), Number(td.dataset.col)];
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      o.onSelect(at[0], at[1]);
      return;
    }
    const next = gridMove(e.key, at, n, cols, e.ctrlKey || e.metaKey);
    if (!next) return;
    e.preventDefault();
    td.tabIndex = -1;
    const target = cells[next[0]][next[1]];
    target.tabIndex = 0;
    target.focus();
  });
  container.append(
    table,
    h(
      'p',
      { class: 'visually-hidden', id: 'confusion-help' },
      l10n.t('Arrow keys move between cells; Enter shows the test images of a cell.'),
    ),
  );
  if (focusAt) cells[focusAt[0]]?.[focusAt[1]]?.focus({ preventScroll: true });
  fitMatrix(container);
  watchWidth(container);
}

/** Below this the numbers are no longer readable: the container scrolls instead. */
const MIN_FONT_PX = 9;
const watched = new WeakSet<HTMLElement>();

/**
 * The room the matrix may take: the width of its card's row minus the card's own padding and
 * border. Not the container's width, which follows the table: shrinking the table would shrink
 * the room and the next fit would shrink it again.
 */
function roomFor(container: HTMLElement): number {
  const card = container.closest<HTMLElement>('.card');
  const row = card?.parentElement;
  if (!card || !row) return container.clientWidth;
  const chrome = card.offsetWidth - container.clientWidth;
  return row.clientWidth - chrome;
}

/**
 * Scales the matrix's type (its cell sizes and padding are in em) so that all its columns and
 * labels fit a narrow panel, such as a half-width editor group; below MIN_FONT_PX it scrolls.
 */
export function fitMatrix(container: HTMLElement): void {
  const table = container.querySelector<HTMLElement>('table.matrix');
  if (!table) return;
  table.style.fontSize = '';
  const room = roomFor(container);
  let size = parseFloat(getComputedStyle(table).fontSize);
  // Padding and borders do not scale exactly with the type: a few passes converge.
  for (let pass = 0; pass < 4 && table.scrollWidth > room && size > MIN_FONT_PX; pass++) {
    size = Math.max(MIN_FONT_PX, Math.floor(((size * room) / table.scrollWidth) * 10) / 10);
    table.style.fontSize = `${size}px`;
  }
  table.dataset.fontPx = String(size);
}

function watchWidth(container: HTMLElement): void {
  if (watched.has(container) || typeof ResizeObserver === 'undefined') return;
  const row = container.closest<HTMLElement>('.card')?.parentElement ?? container;
  watched.add(container);
  let frame = 0;
  let lastWidth = -1;
  new ResizeObserver(() => {
    if (row.clientWidth === lastWidth) return;
    lastWidth = row.clientWidth;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => fitMatrix(container));
  }).observe(row);
}

/** Draws the matrix on a canvas (numbers, labels, diagonal outline) and sends it as PNG. */
export function exportMatrixPng(o: Omit<MatrixOptions, 'onSelect' | 'selected'>, name: string): void {
  const c = themeColors();
  const n = o.matrix.length;
  const cell = n > 4 ? 56 : 90;
  const margin = 70;
  const canvas = document.createElement('canvas');
  canvas.width = margin + n * cell + 10;
  canvas.height = margin + n * cell + 10;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const font = getComputedStyle(document.body).fontFamily;
  const paper = toRgb(c.background);
  ctx.fillStyle = c.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const values = o.normalised ? rowNormalise(o.matrix) : o.matrix;
  const heat = intensities(o.matrix, o.normalised);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = `13px ${font}`;
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = c.foreground;
    ctx.fillText(o.classNames[i] ?? String(i), margin + i * cell + cell / 2, margin - 14);
    ctx.fillText(o.classNames[i] ?? String(i), margin - 24, margin + i * cell + cell / 2);
    for (let j = 0; j < n; j++) {
      const x = margin + j * cell;
      const y = margin + i * cell;
      const bg = blend(paper, toRgb(c.heat), 0.06 + 0.9 * heat[i][j]);
      ctx.fillStyle = css(bg);
      ctx.fillRect(x, y, cell - 1, cell - 1);
      if (i === j) {
        ctx.strokeStyle = c.foreground;
        ctx.lineWidth = 2;
        ctx.strokeRect(x + 1, y + 1, cell - 3, cell - 3);
      }
      ctx.fillStyle = css(readableInk(bg, [toRgb(c.foreground), toRgb(c.background)]));
      ctx.fillText(cellText(values[i][j], o.normalised), x + cell / 2, y + cell / 2);
    }
  }
  ctx.fillStyle = c.muted;
  ctx.fillText('predicted →', margin + (n * cell) / 2, 14);
  ctx.save();
  ctx.translate(14, margin + (n * cell) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('true →', 0, 0);
  ctx.restore();
  post({ type: 'savePng', name: safeFileName(name), dataUrl: canvas.toDataURL('image/png') });
}
