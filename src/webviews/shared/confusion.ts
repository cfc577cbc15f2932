// Confusion-matrix heatmap as an HTML table: real text (selectable, readable by screen
// readers and tests), colour intensity from the theme's chart colour, the diagonal outlined.
// A canvas copy is drawn only for PNG export.
import { h, clear } from './dom';
import { rowNormalise } from '../../core/table';
import { themeColors, withAlpha, type ThemeColors } from './theme';
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

function paint(td: HTMLElement, t: number, c: ThemeColors): void {
  // Light cells keep the normal text colour; dark cells switch to the background colour so
  // the number stays readable in every theme.
  td.style.backgroundColor = withAlpha(c.heat, 0.06 + 0.9 * t);
  td.style.color = t > 0.55 ? c.background : c.foreground;
}

export function renderMatrix(container: HTMLElement, o: MatrixOptions): void {
  clear(container);
  const c = themeColors();
  const values = o.normalised ? rowNormalise(o.matrix) : o.matrix;
  const heat = intensities(o.matrix, o.normalised);
  const table = h('table', { class: 'matrix', id: 'confusion-matrix', 'aria-label': 'Confusion matrix: rows are true classes, columns predicted' });
  const head = h('tr', {}, h('th', { class: 'corner' }, h('span', { class: 'muted' }, 'true ↓ / predicted →')));
  for (const name of o.classNames) head.append(h('th', { scope: 'col', class: 'pred' }, name));
  table.append(h('thead', {}, head));
  const body = h('tbody', {});
  o.matrix.forEach((row, i) => {
    const tr = h('tr', {}, h('th', { scope: 'row', class: 'true' }, o.classNames[i] ?? String(i)));
    row.forEach((count, j) => {
      const selected = o.selected !== null && o.selected[0] === i && o.selected[1] === j;
      const td = h(
        'td',
        {
          class: `cell${i === j ? ' diag' : ''}${selected ? ' selected' : ''}`,
          tabindex: 0,
          role: 'button',
          'data-row': i,
          'data-col': j,
          'data-count': count,
          title: `true ${o.classNames[i]}, predicted ${o.classNames[j]}: ${count}`,
          onclick: () => o.onSelect(i, j),
          onkeydown: (e: Event) => {
            const k = (e as KeyboardEvent).key;
            if (k === 'Enter' || k === ' ') {
              e.preventDefault();
              o.onSelect(i, j);
            }
          },
        },
        cellText(values[i][j], o.normalised),
      );
      paint(td, heat[i][j], c);
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(body);
  container.append(table);
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
      ctx.fillStyle = withAlpha(c.heat, 0.06 + 0.9 * heat[i][j]);
      ctx.fillRect(x, y, cell - 1, cell - 1);
      if (i === j) {
        ctx.strokeStyle = c.foreground;
        ctx.lineWidth = 2;
        ctx.strokeRect(x + 1, y + 1, cell - 3, cell - 3);
      }
      ctx.fillStyle = heat[i][j] > 0.55 ? c.background : c.foreground;
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
