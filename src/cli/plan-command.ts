// `mnist-lab plan <file> --slurm | --k8s | --github-actions [--out dir] [--parallel n] …`:
// writes what the engine needs to run the sweep's trials as tasks, and prints the two commands.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ENGINE_TITLES, PlanError, shellLine } from '../cluster/plan';
import { buildPlan, writePlanFiles } from '../cluster/plan-files';
import type { PlanArgs } from './args';
import { terminalSafe } from './terminal-text';
import { DEFAULT_TRIALS_FOLDER } from './cluster-flags';

/** The CLI as this process was started: Slurm tasks share this machine's files. */
function thisCli(): string {
  return shellLine(['node', path.resolve(process.argv[1] ?? path.join(__dirname, 'cli.js'))]);
}

/** Pods and CI runners fetch the published package at this version. */
function publishedCli(): string {
  let version = 'latest';
  try {
    version = (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    // Not beside its package.json (an unusual install): the newest published one.
  }
  return `npx --yes mnist-lab@${version}`;
}

export function planCommand(
  args: PlanArgs,
  io: { log: (line: string) => void; error: (line: string) => void },
): number {
  // The experiment's name and path reach the notes and commands; a file anyone can write must not drive the terminal.
  const log = (line: string) => io.log(terminalSafe(line));
  const { engine, slurm, k8s, githubActions } = args;
  try {
    const { plan, planFolder, trials } = buildPlan({
      experimentFile: args.file,
      engine,
      planFolder: args.out,
      quick: args.quick,
      seed: args.seed ?? null,
      backend: args.backend ?? null,
      parallel: args.parallel ?? null,
      localCli: args.cli ?? thisCli(),
      remoteCli: args.cli ?? publishedCli(),
      trialsFolder: path.resolve(slurm.trialsOut ?? DEFAULT_TRIALS_FOLDER),
      runsFolder: path.resolve(slurm.runsOut ?? path.join('.mnistlab', 'runs')),
      slurm: { cpusPerTask: slurm.cpus, memory: slurm.mem, time: slurm.time, partition: slurm.partition },
      k8s: { image: k8s.image, claim: k8s.pvc, namespace: k8s.namespace },
      githubActions: { runsOn: githubActions.runsOn, setup: githubActions.setup ? [githubActions.setup] : undefined },
    });
    const written = writePlanFiles(plan, planFolder);
    log(`${ENGINE_TITLES[engine]} for ${trials} trial${trials === 1 ? '' : 's'}:`);
    for (const f of written) log(`  wrote ${f}`);
    for (const n of plan.notes) log(`  note: ${n}`);
    log('');
    log('1. submit:');
    log(`   ${plan.submit}`);
    log('2. when it has finished, merge:');
    log(`   ${plan.merge}`);
    return 0;
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    io.error(terminalSafe(e.message));
    return 2;
  }
}
