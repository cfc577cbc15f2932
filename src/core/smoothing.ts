// Curve smoothing as TensorBoard does it: an exponential moving average whose start is
// debiased (divided by 1 − β^t), so the first smoothed point is the first raw point instead of
// being dragged towards zero. β = 0 leaves the curve as it is.

/** Smooths `ys` with weight `beta` in [0, 1); non-finite values pass through and do not count. */
export function smoothEma(ys: readonly number[], beta: number): number[] {
  if (!(beta >= 0 && beta < 1)) throw new Error(`smoothing weight must be in [0, 1), got ${beta}`);
  let last = 0;
  let weight = 0;
  return ys.map((y) => {
    if (!Number.isFinite(y)) return y;
    last = beta * last + (1 - beta) * y;
    weight = beta * weight + (1 - beta);
    return last / weight;
  });
}

/** The same on chart points (x kept), for the webviews' curves. */
export function smoothPoints<P extends { x: number; y: number }>(points: readonly P[], beta: number): P[] {
  const ys = smoothEma(
    points.map((p) => p.y),
    beta,
  );
  return points.map((p, i) => ({ ...p, y: ys[i] }));
}
