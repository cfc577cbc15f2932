// A sweep's trial count from its list lengths, without building a single combination: a small
// file listing 1000 × 1000 × 100 values must be refused, not expanded until memory runs out.
import type { SweepSection } from '../core/schema';

export const MAX_TRIALS = 256;

export function sweepSize(sweep: SweepSection | undefined): number {
  let n = 1;
  for (const values of Object.values(sweep ?? {})) if (Array.isArray(values)) n *= values.length;
  return n;
}
