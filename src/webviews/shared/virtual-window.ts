// Which rows of a long table to put in the DOM: those in view and a margin either side. Pure,
// so the rule is unit-tested under Node; virtual-table.ts does the DOM part.

/** Tables up to this many rows are rendered whole: nothing to gain, and find-in-page works. */
export const VIRTUALISE_OVER = 100;

export interface RowWindow {
  /** First row rendered (0-based position in the sorted, filtered list). */
  start: number;
  /** One past the last row rendered. */
  end: number;
}

/**
 * Rows [start, end) to render for a scroll position: those in view, and `overscan` rows beyond
 * each edge so that a fast scroll or an arrow key does not reach an empty area.
 */
export function rowWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  total: number,
  overscan = 10,
): RowWindow {
  if (total <= 0) return { start: 0, end: 0 };
  const h = Math.max(1, rowHeight);
  const first = Math.floor(Math.max(0, scrollTop) / h);
  const visible = Math.ceil(Math.max(h, viewport) / h) + 1;
  const start = Math.max(0, Math.min(total - 1, first) - overscan);
  const end = Math.min(total, first + visible + overscan);
  return { start, end };
}

/** A run of rendered rows, or a gap of rows that a spacer of the same height stands in for. */
export type RowSegment = { kind: 'rows'; from: number; to: number } | { kind: 'gap'; rows: number };

/**
 * The table body top to bottom: the window's rows, plus the row holding the keyboard focus
 * (`keep`) wherever it is, so that scrolling away never removes the focused element; every
 * other row is a gap.
 */
export function rowSegments(win: RowWindow, total: number, keep?: number): RowSegment[] {
  const runs: Array<[number, number]> = win.end > win.start ? [[win.start, win.end]] : [];
  if (keep !== undefined && keep >= 0 && keep < total && !(keep >= win.start && keep < win.end)) {
    runs.push([keep, keep + 1]);
    runs.sort((a, b) => a[0] - b[0]);
  }
  const segments: RowSegment[] = [];
  let at = 0;
  for (const [from, to] of runs) {
    if (from > at) segments.push({ kind: 'gap', rows: from - at });
    segments.push({ kind: 'rows', from, to });
    at = to;
  }
  if (total > at) segments.push({ kind: 'gap', rows: total - at });
  return segments;
}
