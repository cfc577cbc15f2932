// A Slurm batch script running a sweep as a job array: task i trains trial i.
import {
  ENGINE_INDEX_VARIABLE,
  PlanError,
  checkParallel,
  mergeCommandLine,
  planPath,
  shellQuote,
  trialCommand,
  type Plan,
  type SweepPlanInput,
} from './plan';
import { PLAN_VALUE_FORMS } from './plan-values';

export interface SlurmOptions {
  /** Absolute paths: a cluster's nodes share the file system with the machine that submits. */
  experimentPath: string;
  trialsFolder: string;
  runsFolder: string;
  logsFolder: string;
  cpusPerTask: number;
  /** Slurm's --mem, e.g. "2G". */
  memory: string;
  /** Slurm's --time, e.g. "01:00:00". */
  time: string;
  partition: string | null;
}

export const SLURM_DEFAULTS = { cpusPerTask: 1, memory: '2G', time: '02:00:00' } as const;

/** Slurm's default MaxArraySize is 1001 (indices 0–1000); beyond it sbatch refuses the array. */
const SLURM_DEFAULT_MAX_ARRAY_INDEX = 1000;

export function slurmPlan(input: SweepPlanInput, o: SlurmOptions): Plan {
  if (input.trials < 1) throw new PlanError('the experiment has no trials to run');
  // These go into #SBATCH lines unquoted: a value outside the form could add a line to the script.
  const values: [keyof typeof PLAN_VALUE_FORMS, string | null][] = [
    ['mem', o.memory],
    ['time', o.time],
    ['partition', o.partition],
  ];
  for (const [name, text] of values)
    if (text !== null && !PLAN_VALUE_FORMS[name].test(text))
      throw new PlanError(`--${name} expects ${PLAN_VALUE_FORMS[name].expected}; got ${JSON.stringify(text)}`);
  if (!Number.isInteger(o.cpusPerTask) || o.cpusPerTask < 1)
    throw new PlanError(`--cpus expects a whole number ≥ 1, got ${o.cpusPerTask}`);
  const parallel = checkParallel(input.parallel, input.trials);
  const variable = ENGINE_INDEX_VARIABLE.slurm;
  const name = `${input.slug}.slurm.sh`;
  const array = `0-${input.trials - 1}${input.parallel !== null ? `%${parallel}` : ''}`;
  const run = trialCommand(input, o.experimentPath, variable, o.trialsFolder);
  const script = [
    '#!/bin/bash',
    `#SBATCH --job-name=${shellQuote(`mnist-lab-${input.slug}`)}`,
    `#SBATCH --array=${array}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask}`,
    `#SBATCH --mem=${o.memory}`,
    `#SBATCH --time=${o.time}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    `#SBATCH --output=${o.logsFolder}/%x_%A_%a.out`,
    '',
    `# MNIST Lab: "${input.experimentName.replace(/\n/g, ' ')}", ${input.trials} trial${input.trials === 1 ? '' : 's'}, one array task each.`,
    `# Each task writes a trial record under ${o.trialsFolder}; when the array has finished:`,
    `#   ${mergeCommandLine(input.cli, o.trialsFolder, o.runsFolder)}`,
    '# Rerun single trials with: sbatch --array=2,5 <this script>',
    'set -euo pipefail',
    `exec ${run}`,
    '',
  ].join('\n');
  const notes = [
    `${input.trials} array task${input.trials === 1 ? '' : 's'}${input.parallel !== null ? `, at most ${parallel} at once` : ''}; logs in ${o.logsFolder}`,
  ];
  if (input.trials - 1 > SLURM_DEFAULT_MAX_ARRAY_INDEX)
    notes.push(
      `the array's last index ${input.trials - 1} is above Slurm's default MaxArraySize (1001); ask your admins, or submit in parts with sbatch --array=0-999 and --array=1000-…`,
    );
  return {
    engine: 'slurm',
    files: [{ name, content: script }],
    // sbatch fails a task whose --output folder is missing, so make it first.
    submit: `mkdir -p ${shellQuote(o.logsFolder)} ${shellQuote(o.trialsFolder)} && sbatch ${shellQuote(planPath(input, name))}`,
    merge: mergeCommandLine(input.cli, o.trialsFolder, o.runsFolder),
    perIndex: { variable, command: run },
    notes,
  };
}
