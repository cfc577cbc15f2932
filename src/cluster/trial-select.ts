// Which trials of a sweep a cluster task runs: from `--trial 2,5,7-9` or from the variable the
// engine sets for each task of an array. Pure: the environment is passed in.

/**
 * The variables engines set to a task's 0-based index, in the order `--trial-from-env` (with no
 * name) looks for them. MNIST_LAB_TRIAL is ours: the GitHub Actions plan sets it from the matrix.
 */
export const INDEX_VARIABLES = [
  { name: 'SLURM_ARRAY_TASK_ID', engine: 'Slurm job array' },
  { name: 'JOB_COMPLETION_INDEX', engine: 'Kubernetes Indexed Job' },
  { name: 'MNIST_LAB_TRIAL', engine: 'GitHub Actions matrix (MNIST Lab plan)' },
] as const;

export class TrialSelectionError extends Error {}

export interface TrialSelection {
  indices: number[];
  /** For the record and the messages: "--trial 3" or "SLURM_ARRAY_TASK_ID=3". */
  from: string;
}

function checkIndex(n: number, count: number, what: string): number {
  if (!Number.isInteger(n) || n < 0)
    throw new TrialSelectionError(`${what}: expected a trial index (a whole number from 0), got "${n}"`);
  if (n >= count)
    throw new TrialSelectionError(
      `${what}: trial ${n} does not exist; this sweep has ${count} trial${count === 1 ? '' : 's'} (0–${count - 1})`,
    );
  return n;
}

/** "3", "2,5", "0-3,7": indices in the order given, each once. */
export function parseTrialList(spec: string, count: number): number[] {
  const what = `--trial ${spec}`;
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new TrialSelectionError(`${what}: expected trial indices like 3, 2,5 or 0-3; "${part}" is not one`);
    const from = checkIndex(Number(m[1]), count, what);
    const to = m[2] === undefined ? from : checkIndex(Number(m[2]), count, what);
    if (to < from) throw new TrialSelectionError(`${what}: the range ${part} runs backwards`);
    for (let i = from; i <= to; i++) if (!out.includes(i)) out.push(i);
  }
  return out;
}

/** The index from a named variable, or from the first engine variable that is set. */
export function trialFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  name: string | null,
  count: number,
): TrialSelection {
  const candidates = name ? [name] : INDEX_VARIABLES.map((v) => v.name);
  const found = candidates.find((n) => env[n] !== undefined && env[n] !== '');
  if (!found) {
    const expected = name
      ? `the variable ${name}`
      : `one of ${INDEX_VARIABLES.map((v) => `${v.name} (${v.engine})`).join(', ')}`;
    throw new TrialSelectionError(`--trial-from-env: ${expected} is not set; outside an engine's task use --trial <i>`);
  }
  const value = env[found]!.trim();
  if (!/^\d+$/.test(value))
    throw new TrialSelectionError(`--trial-from-env: ${found}="${value}" is not a trial index (a whole number from 0)`);
  return {
    indices: [checkIndex(Number(value), count, `--trial-from-env: ${found}=${value}`)],
    from: `${found}=${value}`,
  };
}

/** The shortest list parseTrialList reads back to the same indices: [0,1,2,5] → "0-2,5". */
export function formatTrialList(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : j === i + 1 ? `${sorted[i]},${sorted[j]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
