export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

export function argmin<T>(items: T[], key: (t: T) => number): T {
  return items.reduce((best, t) => (key(t) < key(best) ? t : best));
}

export function argmax<T>(items: T[], key: (t: T) => number): T {
  return items.reduce((best, t) => (key(t) > key(best) ? t : best));
}

// ---- repeats: a configuration trained with several seeds ----------------------------------

/** Two-sided 95 % quantile of Student's t with `df` degrees of freedom (normal beyond 30). */
export function t95(df: number): number {
  const table = [
    NaN,
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.16,
    2.145,
    2.131,
    2.12,
    2.11,
    2.101,
    2.093,
    2.086,
  ];
  if (df < 1) return NaN;
  if (df < table.length) return table[df];
  return df <= 30 ? 2.042 + ((30 - df) / 10) * (2.086 - 2.042) : 1.96;
}

export interface Spread {
  n: number;
  mean: number;
  /** Sample standard deviation (0 for one value). */
  std: number;
  /** Half-width of the 95 % confidence interval of the mean (NaN for one value). */
  ci95: number;
}

export function spread(xs: number[]): Spread {
  const n = xs.length;
  const m = n > 0 ? mean(xs) : NaN;
  const s = std(xs);
  return { n, mean: m, std: s, ci95: n > 1 ? (t95(n - 1) * s) / Math.sqrt(n) : NaN };
}

/**
 * Paired comparison of two configurations on the seeds they share (the same seed gives both
 * the same split, initial-weight stream and shuffles, so seed noise cancels in the difference):
 * the mean difference a − b with its 95 % confidence interval. `distinguishable` is false when
 * the interval contains 0, or when fewer than two seeds are shared.
 */
export function pairedComparison(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number>,
): { seeds: number; meanDifference: number; ci95: number; distinguishable: boolean } {
  const diffs: number[] = [];
  for (const [seed, x] of a) {
    const y = b.get(seed);
    if (y !== undefined) diffs.push(x - y);
  }
  const s = spread(diffs);
  const distinguishable = diffs.length >= 2 && (s.std === 0 ? s.mean !== 0 : Math.abs(s.mean) > s.ci95);
  return { seeds: diffs.length, meanDifference: s.mean, ci95: s.ci95, distinguishable };
}

export interface ConfigurationStats {
  configuration: number;
  /** Trial indices of its repeats. */
  trials: number[];
  /** Metric by seed, finished repeats only. */
  bySeed: Map<number, number>;
  spread: Spread;
  /**
   * Whether this configuration can be told apart from the best one: by a paired comparison on
   * shared seeds when there are at least two, else by non-overlapping mean ± std intervals.
   * The best itself is `false`; null when it has no finished repeat.
   */
  distinguishableFromBest: boolean | null;
  /** How it was decided, for the ranking's wording. */
  test: 'paired' | 'intervals' | null;
}

/**
 * Groups repeats by configuration, ranks the configurations by mean metric (higher is better
 * unless `lowerIsBetter`), best first, and says for each whether it differs from the best.
 */
export function rankConfigurations(
  trials: ReadonlyArray<{ index: number; configuration: number; seed: number; value: number | null }>,
  lowerIsBetter = false,
): ConfigurationStats[] {
  const groups = new Map<number, ConfigurationStats>();
  for (const t of trials) {
    let g = groups.get(t.configuration);
    if (!g)
      groups.set(
        t.configuration,
        (g = {
          configuration: t.configuration,
          trials: [],
          bySeed: new Map(),
          spread: spread([]),
          distinguishableFromBest: null,
          test: null,
        }),
      );
    g.trials.push(t.index);
    if (t.value !== null && Number.isFinite(t.value)) g.bySeed.set(t.seed, t.value);
  }
  const all = [...groups.values()];
  for (const g of all) g.spread = spread([...g.bySeed.values()]);
  const sign = lowerIsBetter ? 1 : -1;
  const ranked = all
    .filter((g) => g.spread.n > 0)
    .sort((a, b) => sign * (a.spread.mean - b.spread.mean) || a.configuration - b.configuration);
  const best = ranked[0];
  for (const g of ranked) {
    if (g === best) {
      g.distinguishableFromBest = false;
      continue;
    }
    const paired = pairedComparison(best.bySeed, g.bySeed);
    if (paired.seeds >= 2) {
      g.test = 'paired';
      g.distinguishableFromBest = paired.distinguishable;
    } else if (best.spread.n >= 2 && g.spread.n >= 2) {
      g.test = 'intervals';
      const [hi, lo] = [best.spread, g.spread];
      g.distinguishableFromBest = Math.abs(hi.mean - lo.mean) > hi.std + lo.std;
    }
    // One value on either side: no noise estimate, so no verdict (null).
  }
  return [...ranked, ...all.filter((g) => g.spread.n === 0)];
}
