// From an experiment file to an engine's plan on disk: shared by `mnist-lab plan` and the
// extension's "Plan Sweep for a Cluster…". Reads the experiment (no tfjs), never overwrites a
// file that differs from what it would write unless told to.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadExperiment } from '../experiments/load';
import { slugify } from '../runs/store';
import { GITHUB_ACTIONS_DEFAULTS, githubActionsPlan, type GitHubActionsOptions } from './github-actions';
import { KUBERNETES_DEFAULTS, kubernetesPlan, type KubernetesOptions } from './kubernetes';
import { PlanError, type Engine, type Plan, type SweepPlanInput } from './plan';
import { SLURM_DEFAULTS, slurmPlan, type SlurmOptions } from './slurm';

export interface PlanRequest {
  experimentFile: string;
  engine: Engine;
  /** Folder for the plan's files (default: the experiment's folder). */
  planFolder?: string;
  /** The trials' shared `run` options. */
  quick: boolean;
  seed: number | null;
  backend: string | null;
  parallel: number | null;
  /** How Slurm tasks run the CLI (they share this machine's files). */
  localCli: string;
  /** How Kubernetes pods and CI jobs run the CLI. */
  remoteCli: string;
  /** Absolute folders of trial records and merged runs, for engines that share this file system. */
  trialsFolder: string;
  runsFolder: string;
  // Only what a user may set: the paths are the planner's own.
  slurm?: Partial<Pick<SlurmOptions, 'cpusPerTask' | 'memory' | 'time' | 'partition'>>;
  k8s?: Partial<KubernetesOptions>;
  githubActions?: Partial<Pick<GitHubActionsOptions, 'runsOn' | 'nodeVersion' | 'setup'>>;
}

/** Drops the keys whose value is undefined, so spreading it keeps the defaults. */
function given<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The repository root above `dir` (a folder holding .git), or null. */
export function repositoryRoot(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

export function buildPlan(request: PlanRequest): { plan: Plan; planFolder: string; trials: number } {
  const file = path.resolve(request.experimentFile);
  const { experiment } = loadExperiment(file, { quick: request.quick, seed: request.seed ?? undefined });
  if (experiment.kind === 'backprop')
    throw new PlanError(`${file}: a backprop walkthrough is one small run, not a sweep; nothing to plan for a cluster`);
  const planFolder = path.resolve(request.planFolder ?? path.dirname(file));
  const input: SweepPlanInput = {
    experimentName: experiment.name,
    slug: slugify(experiment.name),
    trials: experiment.trials.length,
    fileName: path.basename(file),
    fileText: readFileSync(file, 'utf8'),
    runOptions: [
      ...(request.quick ? ['--quick'] : []),
      ...(request.seed !== null ? ['--seed', String(request.seed)] : []),
      ...(request.backend ? ['--backend', request.backend] : []),
    ],
    cli: request.engine === 'slurm' ? request.localCli : request.remoteCli,
    parallel: request.parallel,
    planFolder,
  };
  switch (request.engine) {
    case 'slurm':
      return {
        planFolder,
        trials: input.trials,
        plan: slurmPlan(input, {
          experimentPath: file,
          trialsFolder: request.trialsFolder,
          runsFolder: request.runsFolder,
          logsFolder: path.join(request.trialsFolder, 'logs'),
          cpusPerTask: request.slurm?.cpusPerTask ?? SLURM_DEFAULTS.cpusPerTask,
          memory: request.slurm?.memory ?? SLURM_DEFAULTS.memory,
          time: request.slurm?.time ?? SLURM_DEFAULTS.time,
          partition: request.slurm?.partition ?? null,
        }),
      };
    case 'k8s':
      return {
        planFolder,
        trials: input.trials,
        plan: kubernetesPlan(input, { ...KUBERNETES_DEFAULTS, claim: null, namespace: null, ...given(request.k8s) }),
      };
    case 'github-actions': {
      const root = repositoryRoot(path.dirname(file));
      const experimentPath = path
        .relative(root ?? process.cwd(), file)
        .split(path.sep)
        .join('/');
      const notes = root
        ? []
        : [
            `no git repository found above ${file}; the workflow names the experiment as ${experimentPath}, relative to ${process.cwd()}`,
          ];
      const plan = githubActionsPlan(input, {
        ...GITHUB_ACTIONS_DEFAULTS,
        experimentPath,
        setup: [],
        ...given(request.githubActions),
      });
      return { planFolder, trials: input.trials, plan: { ...plan, notes: [...notes, ...plan.notes] } };
    }
  }
}

export class PlanFileExistsError extends PlanError {
  constructor(readonly files: string[]) {
    super(
      `${files.join(', ')} already exist${files.length === 1 ? 's' : ''} with other content; not overwriting (write the plan to another folder, or delete ${files.length === 1 ? 'it' : 'them'} first)`,
    );
  }
}

/** Writes the plan's files; a file that exists with other content is left alone unless `overwrite`. */
export function writePlanFiles(plan: Plan, folder: string, options: { overwrite?: boolean } = {}): string[] {
  const targets = plan.files.map((f) => ({ ...f, full: path.join(folder, f.name) }));
  const clashes = targets
    .filter((t) => existsSync(t.full) && readFileSync(t.full, 'utf8') !== t.content)
    .map((t) => t.full);
  if (clashes.length > 0 && !options.overwrite) throw new PlanFileExistsError(clashes);
  mkdirSync(folder, { recursive: true });
  for (const t of targets) {
    const temp = `${t.full}.${process.pid}.tmp`;
    writeFileSync(temp, t.content, { mode: t.name.endsWith('.sh') ? 0o755 : 0o644 });
    renameSync(temp, t.full);
  }
  return targets.map((t) => t.full);
}
