// Curves of one configuration trained with several seeds, as one line with an envelope: the
// mean and sample standard deviation at each x over the seeds that reached it.
import { mean, std } from './stats';

export interface BandPoint {
  x: number;
  mean: number;
  std: number;
  /** Curves with a value at this x (a seed stopped early contributes fewer points). */
  n: number;
}

export function meanBand(curves: ReadonlyArray<ReadonlyArray<{ x: number; y: number }>>): BandPoint[] {
  const byX = new Map<number, number[]>();
  for (const c of curves) for (const p of c) if (Number.isFinite(p.y)) byX.set(p.x, [...(byX.get(p.x) ?? []), p.y]);
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, ys]) => ({ x, mean: mean(ys), std: std(ys), n: ys.length }));
}
