// Where a sweep's configurations come from: every combination of the listed values (grid), or
// n seeded draws (random search, Bergstra & Bengio 2012) from lists and numeric ranges.
import { seededRandom } from './random';

/** A numeric range a random search draws from; `log` draws uniformly in log space. */
export interface NumericRange {
  min: number;
  max: number;
  scale?: 'linear' | 'log';
  /** Draw whole numbers in [min, max] (both ends included). */
  integer?: boolean;
}

/** Swept parameters that only take whole numbers: their ranges are drawn as integers. */
export const INTEGER_PARAMETERS: ReadonlySet<string> = new Set(['training.batchSize', 'training.seed']);

/** What one swept parameter may take: a list of values, or (random search only) a range. */
export type ParameterSpace = readonly unknown[] | NumericRange;

export function isRange(space: unknown): space is NumericRange {
  return (
    typeof space === 'object' &&
    space !== null &&
    !Array.isArray(space) &&
    typeof (space as NumericRange).min === 'number' &&
    typeof (space as NumericRange).max === 'number'
  );
}

/** Configurations a full grid has, counted without building them (null when a range makes it infinite). */
export function gridSize(space: Readonly<Record<string, ParameterSpace>>): number | null {
  let n = 1;
  for (const values of Object.values(space)) {
    if (!Array.isArray(values)) return null;
    n *= values.length;
  }
  return n;
}

/** Cartesian product of the lists, in the order written (the last parameter varies fastest). */
export function gridCandidates(space: Readonly<Record<string, ParameterSpace>>): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(space)) {
    if (!Array.isArray(values)) throw new Error(`"${name}" is a range; a grid needs a list of values`);
    combos = combos.flatMap((c) => values.map((v: unknown) => ({ ...c, [name]: v })));
  }
  return combos;
}

// Drawn reals keep 4 significant digits: labels stay readable ("lr=0.0003162") and the value in
// the record is exactly the value trained with.
const significant = (x: number) => Number(x.toPrecision(4));

function draw(range: NumericRange, random: () => number): number {
  const u = random();
  const log = range.scale === 'log';
  if (range.integer) {
    if (!log) return Math.min(range.max, Math.floor(range.min + u * (range.max - range.min + 1)));
    // Log-uniform over the integers: uniform in log over [min, max + 1), then floored.
    const v = Math.floor(Math.exp(Math.log(range.min) + u * (Math.log(range.max + 1) - Math.log(range.min))));
    return Math.min(range.max, Math.max(range.min, v));
  }
  const v = log
    ? Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min)))
    : range.min + u * (range.max - range.min);
  return Math.min(range.max, Math.max(range.min, significant(v)));
}

/**
 * `count` configurations drawn independently per parameter (lists uniformly, ranges as
 * declared), the same for the same seed on every machine. A configuration already drawn is
 * drawn again, so no trial repeats another; a space with fewer distinct configurations than
 * `count` is an error, not a silent shortfall.
 */
export function randomCandidates(
  space: Readonly<Record<string, ParameterSpace>>,
  count: number,
  seed: number,
): Record<string, unknown>[] {
  const finite = gridSize(space);
  if (finite !== null && count > finite)
    throw new Error(
      `random search asks for ${count} trials but the lists allow only ${finite} distinct configurations`,
    );
  const random = seededRandom(seed ^ 0x5eed5);
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  // Far more attempts than a non-degenerate space needs; a range like [1, 2] integer runs out.
  for (let attempts = 0; out.length < count && attempts < count * 1000; attempts++) {
    const candidate: Record<string, unknown> = {};
    for (const [name, values] of Object.entries(space)) {
      candidate[name] = Array.isArray(values)
        ? values[Math.floor(random() * values.length)]
        : draw(
            { ...(values as NumericRange), integer: (values as NumericRange).integer ?? INTEGER_PARAMETERS.has(name) },
            random,
          );
    }
    const key = JSON.stringify(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(candidate);
  }
  if (out.length < count)
    throw new Error(
      `random search found only ${out.length} distinct configurations of the ${count} asked for; widen the ranges or ask for fewer trials`,
    );
  return out;
}
