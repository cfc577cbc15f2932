// Largest-triangle-three-buckets (Steinarsson 2013): which points of a long curve to draw so
// that it keeps its shape. Panels that overlay many trials send at most a few hundred epochs
// per curve instead of every one. Unlike plain LTTB, the first, the last, the lowest and the
// highest point are always kept: a chart must never hide the best or worst value it claims.

export interface Point {
  x: number;
  y: number;
}

/**
 * Indices (ascending) of at most `threshold` points of `points` (sorted by x), never fewer than
 * the four kept ones when there are that many. Non-finite y values are never picked.
 */
export function lttbIndices(points: readonly Point[], threshold: number): number[] {
  const finite = points.map((_, i) => i).filter((i) => Number.isFinite(points[i]!.y));
  const n = finite.length;
  const limit = Math.max(4, Math.floor(threshold));
  if (n <= limit) return finite;
  const at = (k: number): Point => points[finite[k]!]!;
  let lo = 0;
  let hi = 0;
  for (let k = 1; k < n; k++) {
    if (at(k).y < at(lo).y) lo = k;
    if (at(k).y > at(hi).y) hi = k;
  }
  // The end points and extremes take their slots; the buckets share what is left.
  const picked = new Set<number>([0, n - 1, lo, hi]);
  const buckets = limit - picked.size;
  const size = (n - 2) / Math.max(1, buckets);
  let previous = 0;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size) + 1;
    const end = Math.min(n - 1, Math.floor((b + 1) * size) + 1);
    // The next bucket's average point (the last point after the last bucket).
    const nextStart = end;
    const nextEnd = Math.min(n, Math.floor((b + 2) * size) + 1);
    let ax = 0;
    let ay = 0;
    const count = Math.max(1, nextEnd - nextStart);
    if (b === buckets - 1) {
      ax = at(n - 1).x;
      ay = at(n - 1).y;
    } else {
      for (let k = nextStart; k < nextEnd; k++) {
        ax += at(k).x;
        ay += at(k).y;
      }
      ax /= count;
      ay /= count;
    }
    const p = at(previous);
    let best = start;
    let bestArea = -1;
    for (let k = start; k < end; k++) {
      const q = at(k);
      const area = Math.abs((p.x - ax) * (q.y - p.y) - (p.x - q.x) * (ay - p.y));
      if (area > bestArea) {
        bestArea = area;
        best = k;
      }
    }
    picked.add(best);
    previous = best;
  }
  return [...picked].sort((a, b) => a - b).map((k) => finite[k]!);
}

/** Epochs per trial the sweep and compare panels send for their overlaid curves. */
export const CURVE_EPOCHS = 300;

const SERIES = ['loss', 'accuracy', 'valLoss', 'valAccuracy'] as const;

/**
 * The epochs of a history worth drawing, at most about `maxEpochs`: the union of each curve's
 * LTTB picks (loss, accuracy and their validation twins), plus `keep` (e.g. the best epoch,
 * whose numbers a panel quotes). Shorter histories come back as they are.
 */
export function decimateHistory<
  E extends { epoch: number; loss: number; accuracy: number; valLoss: number | null; valAccuracy: number | null },
>(history: readonly E[], maxEpochs: number, keep: readonly number[] = []): E[] {
  if (history.length <= maxEpochs) return [...history];
  const per = Math.max(4, Math.floor(maxEpochs / SERIES.length));
  const picked = new Set<number>();
  for (const key of SERIES) {
    const points = history.map((e) => ({ x: e.epoch, y: e[key] ?? NaN }));
    for (const i of lttbIndices(points, per)) picked.add(i);
  }
  return history.filter((e, i) => picked.has(i) || keep.includes(e.epoch));
}
