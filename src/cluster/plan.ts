// What every engine's plan is made of: a sweep handed to Slurm, Kubernetes or a CI matrix as
// one task per trial, each task running `mnist-lab run … --trial-from-env <VAR>`, then one
// `mnist-lab merge`. The generators (slurm.ts, kubernetes.ts, github-actions.ts) are pure.

export const ENGINES = ['slurm', 'k8s', 'github-actions'] as const;
export type Engine = (typeof ENGINES)[number];

export const ENGINE_TITLES: Record<Engine, string> = {
  slurm: 'Slurm job array',
  k8s: 'Kubernetes Indexed Job',
  'github-actions': 'GitHub Actions matrix',
};

/** The variable each engine's tasks read their trial index from. */
export const ENGINE_INDEX_VARIABLE: Record<Engine, string> = {
  slurm: 'SLURM_ARRAY_TASK_ID',
  k8s: 'JOB_COMPLETION_INDEX',
  'github-actions': 'MNIST_LAB_TRIAL',
};

export class PlanError extends Error {}

export interface SweepPlanInput {
  experimentName: string;
  /** Folder-safe name (the runs folder's experiment slug). */
  slug: string;
  trials: number;
  /** The experiment file's name, e.g. "grid.mnistexp.json". */
  fileName: string;
  /** The experiment file's text, for engines that ship it with the job (Kubernetes). */
  fileText: string;
  /** `run` options every trial must share with the local sweep: --quick, --seed n, --backend b. */
  runOptions: string[];
  /** How a task invokes the CLI: "mnist-lab", "node /home/me/mnist-lab/dist/cli.js", … */
  cli: string;
  /** Tasks at once; null leaves it to the engine. */
  parallel: number | null;
  /** Where the plan's files are written, as the submit command should name them. */
  planFolder: string;
}

export interface PlanFile {
  /** Relative to the plan's folder. */
  name: string;
  content: string;
}

export interface Plan {
  engine: Engine;
  files: PlanFile[];
  /** The two commands the user runs: submit the tasks, then merge their records. */
  submit: string;
  merge: string;
  /** What one task runs, with `variable` set to its index (tests run it locally). */
  perIndex: { variable: string; command: string };
  notes: string[];
}

/** A word for a POSIX shell: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** The per-index run command every engine's task executes. */
export function trialCommand(
  input: SweepPlanInput,
  experimentPath: string,
  variable: string,
  trialsFolder: string,
): string {
  return `${input.cli} ${shellLine(['run', experimentPath, '--trial-from-env', variable, '--out', trialsFolder, '--quiet', ...input.runOptions])}`;
}

export function mergeCommandLine(cli: string, trialsFolder: string, runsFolder: string): string {
  return `${cli} ${shellLine(['merge', trialsFolder, '--out', runsFolder])}`;
}

export function planPath(input: Pick<SweepPlanInput, 'planFolder'>, name: string): string {
  return input.planFolder === '' || input.planFolder === '.' ? name : `${input.planFolder.replace(/\/+$/, '')}/${name}`;
}

export function checkParallel(parallel: number | null, trials: number): number {
  if (parallel === null) return trials;
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new PlanError(`--parallel expects a whole number ≥ 1, got ${parallel}`);
  return Math.min(parallel, trials);
}
