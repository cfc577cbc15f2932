// Which swept parameter matters: for a full grid, the share of the metric's variance each
// parameter's main effect explains (one-way sums of squares; the rest is interactions and
// seed noise); otherwise (random search, halving, a grid with holes), Spearman's rank
// correlation of the parameter with the metric, which needs no balanced design. The sweep
// panel's importance chart says which of the two it shows.
import { formatParam } from './format';

export interface ImportanceTrial {
  params: Readonly<Record<string, unknown>>;
  /** The metric (test accuracy); null when the trial has no comparable value. */
  value: number | null;
}

export type ImportanceMeasure = 'variance' | 'spearman';

/** Why a parameter has no importance value. */
export type ImportanceGap =
  'fewer-than-two-values' | 'fewer-than-three-values' | 'metric-constant' | 'parameter-or-metric-constant' | 'no-order';

export interface ParameterImportance {
  param: string;
  /**
   * Variance: share in [0, 1]. Spearman: ρ in [−1, 1]. Null when it cannot be computed (a
   * constant parameter or metric, or a parameter without an order for a rank correlation).
   */
  value: number | null;
  /** Why the value is null; the panel words it (in the display language). */
  reason: ImportanceGap | null;
}

export interface Importance {
  measure: ImportanceMeasure;
  /** Trials with a value, the observations behind the numbers. */
  n: number;
  params: ParameterImportance[];
  /** Variance only: the share no main effect explains (interactions and noise). */
  residual: number | null;
}

const key = (v: unknown) => formatParam(v);

/** Whether every combination of the parameters' values seen has at least one value: a full grid. */
export function isFullGrid(trials: readonly ImportanceTrial[], params: readonly string[]): boolean {
  const withValue = trials.filter((t) => t.value !== null && Number.isFinite(t.value));
  if (withValue.length === 0 || params.length === 0) return false;
  let cells = 1;
  for (const p of params) cells *= new Set(trials.map((t) => key(t.params[p]))).size;
  const seen = new Set(withValue.map((t) => params.map((p) => key(t.params[p])).join('\u0000')));
  return seen.size === cells;
}

/** One-way main-effect share: between-group sum of squares over the total sum of squares. */
export function mainEffectShare(values: readonly number[], groups: readonly string[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const grand = values.reduce((a, b) => a + b, 0) / n;
  const total = values.reduce((s, v) => s + (v - grand) ** 2, 0);
  if (total === 0) return null;
  const byGroup = new Map<string, number[]>();
  values.forEach((v, i) => byGroup.set(groups[i], [...(byGroup.get(groups[i]) ?? []), v]));
  let between = 0;
  for (const vs of byGroup.values()) {
    const m = vs.reduce((a, b) => a + b, 0) / vs.length;
    between += vs.length * (m - grand) ** 2;
  }
  return between / total;
}

/** Ranks from 1, ties sharing their average rank. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const out = new Array<number>(xs.length);
  for (let k = 0; k < order.length;) {
    let j = k;
    while (j + 1 < order.length && order[j + 1].x === order[k].x) j++;
    const avg = (k + j) / 2 + 1;
    for (let m = k; m <= j; m++) out[order[m].i] = avg;
    k = j + 1;
  }
  return out;
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  if (n < 2) return null;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb);
}

/** Spearman's ρ: Pearson's correlation of the ranks (ties averaged). Null for a constant side. */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error(`spearman: ${xs.length} x values but ${ys.length} y values`);
  return pearson(ranks(xs), ranks(ys));
}

/** The importance of each parameter for the metric, by the measure the design allows. */
export function parameterImportance(trials: readonly ImportanceTrial[], params: readonly string[]): Importance {
  const obs = trials.filter(
    (t): t is ImportanceTrial & { value: number } => t.value !== null && Number.isFinite(t.value),
  );
  const values = obs.map((t) => t.value);
  if (isFullGrid(trials, params)) {
    const items = params.map<ParameterImportance>((p) => {
      const share = mainEffectShare(
        values,
        obs.map((t) => key(t.params[p])),
      );
      return {
        param: p,
        value: share,
        reason: share === null ? (obs.length < 2 ? 'fewer-than-two-values' : 'metric-constant') : null,
      };
    });
    const explained = items.reduce((s, i) => s + (i.value ?? 0), 0);
    const constant = items.every((i) => i.value === null);
    return {
      measure: 'variance',
      n: obs.length,
      params: items,
      residual: constant ? null : Math.max(0, 1 - explained),
    };
  }
  const items = params.map<ParameterImportance>((p) => {
    if (!obs.every((t) => typeof t.params[p] === 'number')) return { param: p, value: null, reason: 'no-order' };
    const rho =
      obs.length < 3
        ? null
        : spearman(
            obs.map((t) => t.params[p] as number),
            values,
          );
    return {
      param: p,
      value: rho,
      reason: rho !== null ? null : obs.length < 3 ? 'fewer-than-three-values' : 'parameter-or-metric-constant',
    };
  });
  return { measure: 'spearman', n: obs.length, params: items, residual: null };
}
