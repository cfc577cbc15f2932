// Axes for hyperparameters (the sweep panel's scatter and parallel coordinates) and the brushes
// drawn on them. A brush is a range of axis positions (0 = the axis's low end, 1 = its high
// end); whether a trial passes every brush is decided here, once, for every view.
import { formatParam } from './format';
import { formatTick } from './ticks';

export interface ParamAxis {
  param: string;
  /** log for positive values spanning a factor of ten or more (learning rates, batch sizes). */
  kind: 'linear' | 'log' | 'category';
  /** Category axes: the values in the order first seen (the sweep's order). */
  categories: string[];
  /** Numeric axes: the distinct values, ascending (ticks at the swept values). */
  values: number[];
  min: number;
  max: number;
}

/** Positions lo ≤ hi; lo > hi is an empty brush (a typed range outside the axis): nothing passes. */
export interface Brush {
  lo: number;
  hi: number;
}

/** Positive numbers spanning at least a factor of ten: drawn on a log axis. */
export function isLogSpaced(values: readonly number[]): boolean {
  if (values.length < 2 || values.some((v) => !(v > 0))) return false;
  return Math.max(...values) / Math.min(...values) >= 10;
}

/** The axis of one parameter over the values the trials took (non-numbers make a category axis). */
export function paramAxis(param: string, values: readonly unknown[]): ParamAxis {
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length > 0 && nums.length === values.length) {
    return {
      param,
      kind: isLogSpaced(nums) ? 'log' : 'linear',
      categories: [],
      values: [...new Set(nums)].sort((a, b) => a - b),
      min: Math.min(...nums),
      max: Math.max(...nums),
    };
  }
  const categories = [...new Set(values.map(formatParam))];
  return { param, kind: 'category', categories, values: [], min: 0, max: Math.max(0, categories.length - 1) };
}

/** Where a value sits on the axis, 0..1; null for a value the axis does not hold. */
export function axisPosition(axis: ParamAxis, value: unknown): number | null {
  if (axis.kind === 'category') {
    const i = axis.categories.indexOf(formatParam(value));
    if (i < 0) return null;
    return axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (axis.max === axis.min) return value === axis.min ? 0.5 : null;
  const f = axis.kind === 'log' ? Math.log : (v: number) => v;
  if (axis.kind === 'log' && !(value > 0)) return null;
  return (f(value) - f(axis.min)) / (f(axis.max) - f(axis.min));
}

/** The value at a position of a numeric axis (the ends of a brush, in the axis's units). */
export function axisValue(axis: ParamAxis, position: number): number {
  if (axis.kind === 'log') return Math.exp(Math.log(axis.min) + position * (Math.log(axis.max) - Math.log(axis.min)));
  return axis.min + position * (axis.max - axis.min);
}

// Positions are computed in floating point: a value drawn at an end of a brush is inside it.
const EPS = 1e-9;

/** Whether a trial's values pass every brush (an axis without a brush lets everything through). */
export function inBrushes(
  values: Readonly<Record<string, unknown>>,
  axes: readonly ParamAxis[],
  brushes: Readonly<Record<string, Brush>>,
): boolean {
  for (const axis of axes) {
    const b = brushes[axis.param];
    if (!b) continue;
    const p = axisPosition(axis, values[axis.param]);
    if (p === null || p < b.lo - EPS || p > b.hi + EPS) return false;
  }
  return true;
}

/** How a brush reads: the panel gives these in the display language; the defaults are English. */
export interface BrushWords {
  range: (lo: string, hi: string) => string;
  none: string;
}

const ENGLISH_BRUSH: BrushWords = { range: (lo, hi) => `${lo} to ${hi}`, none: 'none' };

/** A brush in words: "0.0001 to 0.001", or the categories it covers ("relu, tanh"). */
export function brushText(
  axis: ParamAxis,
  b: Brush,
  format: (v: number) => string = (v) => formatTick(v),
  words: BrushWords = ENGLISH_BRUSH,
): string {
  const { lo, hi } = b;
  if (lo > hi) return words.none;
  if (axis.kind === 'category') {
    const k = axis.categories.length;
    const inside = axis.categories.filter((_, i) => {
      const p = k === 1 ? 0.5 : i / (k - 1);
      return p >= lo - EPS && p <= hi + EPS;
    });
    return inside.length > 0 ? inside.join(', ') : words.none;
  }
  return words.range(format(axisValue(axis, lo)), format(axisValue(axis, hi)));
}

/**
 * A brush typed as text: two numbers ("0.0001 0.001", "1e-4 to 1e-3", "0.0001..0.001") on a
 * numeric axis, names on a category axis ("relu, tanh": the range covering them). Empty text
 * clears the brush (null).
 */
export function parseBrush(axis: ParamAxis, text: string): { brush: Brush | null; error: string | null } {
  const t = text.trim();
  if (t === '') return { brush: null, error: null };
  if (axis.kind === 'category') {
    const names = t.split(/\s*,\s*|\s+/).filter(Boolean);
    const idx = names.map((n) => axis.categories.findIndex((c) => c.toLowerCase() === n.toLowerCase()));
    const bad = names.filter((_, i) => idx[i] < 0);
    if (bad.length > 0)
      return { brush: null, error: `no value "${bad.join('", "')}" (values: ${axis.categories.join(', ')})` };
    const pos = (i: number) => (axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1));
    return { brush: { lo: pos(Math.min(...idx)), hi: pos(Math.max(...idx)) }, error: null };
  }
  const parts = t.split(/\s*(?:\.\.|\bto\b|,|\s)\s*/).filter(Boolean);
  const nums = parts.map(Number);
  if (parts.length !== 2 || nums.some((n) => !Number.isFinite(n)))
    return {
      brush: null,
      error: `expected two numbers, "low high" (for example ${formatParam(axis.min)} ${formatParam(axis.max)})`,
    };
  const [a, b] = [Math.min(...nums), Math.max(...nums)];
  const clampPos = (v: number) => {
    if (axis.kind === 'log' && v <= 0) return 0;
    if (axis.max === axis.min) return v < axis.min ? 0 : v > axis.max ? 1 : 0.5;
    const f = axis.kind === 'log' ? Math.log : (x: number) => x;
    return Math.min(1, Math.max(0, (f(v) - f(axis.min)) / (f(axis.max) - f(axis.min))));
  };
  if (b < axis.min || a > axis.max) return { brush: { lo: 1, hi: 0 }, error: null };
  return { brush: { lo: clampPos(a), hi: clampPos(b) }, error: null };
}

/**
 * Where the keyboard stops on an axis: at each swept value when there are at most ten (so a
 * range always holds whole values), else (or for a measured, `continuous` axis) every tenth.
 */
export function axisStops(axis: ParamAxis, continuous = false): number[] {
  const values: unknown[] = axis.kind === 'category' ? axis.categories : axis.values;
  if (!continuous && values.length >= 2 && values.length <= 10)
    return [...new Set(values.map((v) => axisPosition(axis, v) as number))].sort((x, y) => x - y);
  return Array.from({ length: 11 }, (_, i) => i / 10);
}

/**
 * The brush after an arrow key: without one, the top stop (down) or the bottom one (up); then
 * moved by one stop, or (widen) its upper or lower end pushed out by one stop.
 */
export function stepBrush(stops: readonly number[], b: Brush | undefined, up: boolean, widen: boolean): Brush {
  const top = stops.length - 1;
  if (!b || b.lo > b.hi) return up ? { lo: stops[0], hi: stops[0] } : { lo: stops[top], hi: stops[top] };
  const near = (p: number) => stops.reduce((best, s, i) => (Math.abs(s - p) < Math.abs(stops[best] - p) ? i : best), 0);
  let lo = near(b.lo);
  let hi = near(b.hi);
  if (widen) {
    if (up) hi = Math.min(top, hi + 1);
    else lo = Math.max(0, lo - 1);
  } else {
    const d = up ? Math.min(1, top - hi) : -Math.min(1, lo);
    lo += d;
    hi += d;
  }
  return { lo: stops[lo], hi: stops[hi] };
}
