// How a chart axis prints a tick value: the one rule for every chart (live, results, sweep,
// compare). Chart.js computes ticks by repeated float addition (0.2 + 0.4 = 0.6000000000000001)
// and ratios such as 4 / 0.00001 come out as 399999.99999999994, so ticks are rounded to the
// precision their spacing needs and printed in the notation their size reads best in.

/** Smallest gap between neighbouring tick values (undefined with fewer than two). */
export function tickStep(values: readonly number[]): number | undefined {
  let step: number | undefined;
  for (let i = 1; i < values.length; i++) {
    const gap = Math.abs(values[i]! - values[i - 1]!);
    if (gap > 0 && (step === undefined || gap < step)) step = gap;
  }
  return step;
}

/** 1 for a step of 0.2 or 5000, 2 for 2.5 or 0.25 (read to three digits: steps are noisy too). */
function significantDigits(step: number): number {
  const mantissa = step.toExponential(2).split('e')[0]!.replace('.', '').replace(/0+$/, '');
  return Math.max(1, mantissa.length);
}

/**
 * "0.6", "1.8", "3.2e6", "1e-5", "40,000": `value` rounded to the significant digits that
 * `step` (the axis's tick spacing) resolves, or to three when there is no even spacing (a log
 * axis, the swept values themselves).
 */
export function formatTick(value: number, step?: number): string {
  if (!Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const digits =
    step !== undefined && step > 0 && Number.isFinite(step)
      ? magnitude - Math.floor(Math.log10(step)) + significantDigits(step)
      : 3;
  const rounded = Number(value.toPrecision(Math.min(15, Math.max(1, digits))));
  if (rounded === 0) return '0';
  const size = Math.abs(rounded);
  if (size >= 1e6 || size < 1e-3) return rounded.toExponential().replace('e+', 'e');
  if (size >= 1e4) return rounded.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return String(rounded);
}

/**
 * Round ticks for a log axis over [min, max] (values drawn at random, not swept): 1, 2, 5 × 10^k
 * inside the range, thinned to 1, 3 × 10^k and then to powers of ten until at most `most`
 * remain; the two ends when not even one power of ten falls inside.
 */
export function logTicks(min: number, max: number, most = 6): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  for (const mantissas of [[1, 2, 5], [1, 3], [1]]) {
    const out: number[] = [];
    for (let k = lo; k <= hi; k++)
      for (const m of mantissas) {
        // Written from the decimal string: 3 × 10^-4 is 0.0003, not 0.00030000000000000003.
        const v = Number(`${m}e${k}`);
        if (v >= min && v <= max) out.push(v);
      }
    if (out.length <= most && out.length > 0) return out;
  }
  return [min, max];
}
