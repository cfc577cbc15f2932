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
