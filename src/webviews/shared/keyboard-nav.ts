// Where an arrow key moves in a grid or a list: pure functions, so the rules are unit-tested
// under Node and every panel moves the same way (the WAI-ARIA grid and listbox patterns).

export type Cell = readonly [row: number, col: number];

/** The cell a key moves to, or null when the key is not a movement key (let it through). */
export function gridMove(key: string, at: Cell, rows: number, cols: number, ctrl = false): Cell | null {
  if (rows <= 0 || cols <= 0) return null;
  const [r, c] = at;
  const clampR = (v: number) => Math.max(0, Math.min(rows - 1, v));
  const clampC = (v: number) => Math.max(0, Math.min(cols - 1, v));
  switch (key) {
    case 'ArrowUp':
      return [clampR(r - 1), clampC(c)];
    case 'ArrowDown':
      return [clampR(r + 1), clampC(c)];
    case 'ArrowLeft':
      return [clampR(r), clampC(c - 1)];
    case 'ArrowRight':
      return [clampR(r), clampC(c + 1)];
    case 'Home':
      return ctrl ? [0, 0] : [clampR(r), 0];
    case 'End':
      return ctrl ? [rows - 1, cols - 1] : [clampR(r), cols - 1];
    case 'PageUp':
      return [0, clampC(c)];
    case 'PageDown':
      return [rows - 1, clampC(c)];
    default:
      return null;
  }
}

/**
 * The row a key moves to in a list of `count` rows, or null for any other key. With `pageRows`
 * (a long table showing that many rows), PageUp and PageDown move a page at a time.
 */
export function listMove(key: string, at: number, count: number, pageRows?: number): number | null {
  if (count <= 0) return null;
  const clamp = (v: number) => Math.max(0, Math.min(count - 1, v));
  const page = pageRows === undefined ? null : Math.max(1, pageRows);
  switch (key) {
    case 'ArrowUp':
      return clamp(at - 1);
    case 'ArrowDown':
      return clamp(at + 1);
    case 'PageUp':
      return page === null ? null : clamp(at - page);
    case 'PageDown':
      return page === null ? null : clamp(at + page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
