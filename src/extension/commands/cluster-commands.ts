// "Plan Sweep for a Cluster…" and "Merge Trial Records…": the extension's face of `mnist-lab
// plan` and `mnist-lab merge`, sharing their code (src/cluster). Both take an argument object so
// keybindings and tests can skip the pickers.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExperimentError, formatProblem } from '../../experiments/load';
import { ENGINES, ENGINE_TITLES, PlanError, shellLine, type Engine, type Plan } from '../../cluster/plan';
import { PlanFileExistsError, buildPlan, writePlanFiles, type PlanRequest } from '../../cluster/plan-files';
import { MergeError } from '../../cluster/merge';
import { MergeWriteError } from '../../cluster/merge-output';
import { mergeFiles, mergedCount, type MergeResult } from '../../cluster/merge-files';
import { formatRecordProblem } from '../../cluster/trial-records';
import { COMMANDS } from '../command-ids';
import { runsRootForFile } from '../settings';
import type { CommandDeps } from './deps';
import { experimentTarget } from './targets';

export interface PlanSweepArgs {
  engine?: Engine;
  quick?: boolean;
  parallel?: number;
  /** Replace plan files that exist with other content without asking (tests). */
  overwrite?: boolean;
}

export interface MergeTrialsArgs {
  /** Trial records or folders holding them; a folder picker when absent. */
  inputs?: string[];
}

/** Trial records go beside the runs folder, not in it: the tree lists only whole runs. */
export function trialsFolderFor(runsRoot: string): string {
  return path.join(path.dirname(runsRoot), 'trials');
}

const ENGINE_DETAIL: Record<Engine, string> = {
  slurm: 'a batch script with one array task per trial (sbatch); this machine shares its files with the cluster',
  k8s: 'an Indexed Job, the experiment in a ConfigMap, trial records on a volume (kubectl apply)',
  'github-actions': 'a workflow with a matrix of trial indices and a final merge job (at most 256 trials)',
};

async function pickEngine(): Promise<Engine | undefined> {
  const picked = await vscode.window.showQuickPick(
    ENGINES.map((engine) => ({ label: ENGINE_TITLES[engine], detail: ENGINE_DETAIL[engine], engine })),
    { title: 'MNIST Lab: Plan the sweep for which engine?' },
  );
  return picked?.engine;
}

async function pickQuick(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Full runs', description: 'the experiment as written', quick: false },
      { label: 'Quick runs', description: 'reduced data and epochs, like Run Experiment (Quick)', quick: true },
    ],
    { title: 'MNIST Lab: Full or quick trials?' },
  );
  return picked?.quick;
}

/** Invoked with (experiment target, options?); the options skip the pickers. */
export async function planSweepForCluster(
  deps: CommandDeps,
  invokedWith: unknown[],
): Promise<{ plan: Plan; files: string[] } | undefined> {
  const args = (invokedWith[1] ?? {}) as PlanSweepArgs;
  const file = await experimentTarget(deps, invokedWith);
  if (!file) return undefined;
  const engine = args.engine ?? (await pickEngine());
  if (!engine) return undefined;
  const quick = args.quick ?? (await pickQuick());
  if (quick === undefined) return undefined;
  const runsRoot = deps.runsRootForFile(file);
  const version = (deps.context.extension.packageJSON as { version?: string }).version ?? 'latest';
  const request: PlanRequest = {
    experimentFile: file,
    engine,
    quick,
    seed: null,
    backend: null,
    parallel: args.parallel ?? null,
    // Slurm's nodes share this machine's files, so they can run the CLI this extension ships.
    localCli: shellLine(['node', path.join(deps.context.extensionPath, 'dist', 'cli.js')]),
    remoteCli: `npx --yes mnist-lab@${version}`,
    trialsFolder: trialsFolderFor(runsRoot),
    runsFolder: runsRoot,
  };
  try {
    const { plan, planFolder } = buildPlan(request);
    let files: string[];
    try {
      files = writePlanFiles(plan, planFolder, { overwrite: args.overwrite });
    } catch (e) {
      if (!(e instanceof PlanFileExistsError)) throw e;
      const answer = await vscode.window.showWarningMessage(
        `MNIST Lab: ${e.files.map((f) => path.basename(f)).join(', ')} already exist${e.files.length === 1 ? 's' : ''} with other content. Replace with the new plan?`,
        { modal: true },
        'Replace',
      );
      if (answer !== 'Replace') return undefined;
      files = writePlanFiles(plan, planFolder, { overwrite: true });
    }
    deps.log.info(`Plan for ${ENGINE_TITLES[engine]}: ${files.join(', ')}`);
    for (const n of plan.notes) deps.log.info(`  note: ${n}`);
    deps.log.info(`  1. submit: ${plan.submit}`);
    deps.log.info(`  2. merge:  ${plan.merge}`);
    await vscode.window.showTextDocument(vscode.Uri.file(files[0]), { preview: false });
    void offerCommands(plan, engine, files.length);
    return { plan, files };
  } catch (e) {
    if (e instanceof ExperimentError)
      void vscode.window.showErrorMessage(
        `MNIST Lab: the experiment has problems:\n${e.problems.map(formatProblem).join('\n')}`,
      );
    else if (e instanceof PlanError) void vscode.window.showErrorMessage(`MNIST Lab: ${e.message}`);
    else throw e;
    return undefined;
  }
}

async function offerCommands(plan: Plan, engine: Engine, fileCount: number): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    `MNIST Lab: wrote the ${ENGINE_TITLES[engine]} plan (${fileCount} file${fileCount === 1 ? '' : 's'}). Submit it, then merge the trial records when it has finished.`,
    'Copy Submit Command',
    'Copy Merge Command',
  );
  if (choice === 'Copy Submit Command') await vscode.env.clipboard.writeText(plan.submit);
  if (choice === 'Copy Merge Command') await vscode.env.clipboard.writeText(plan.merge);
}

/** Invoked with (options?); without inputs the user picks folders or files. */
export async function mergeTrialRecordsCommand(
  deps: CommandDeps,
  invokedWith: unknown[],
): Promise<MergeResult | undefined> {
  const args = (invokedWith[0] ?? {}) as MergeTrialsArgs;
  // The records may come from another machine; the run goes to this workspace's runs folder.
  const runsRoot = runsRootForFile(undefined, deps.fallbackRunsRoot);
  let inputs = args.inputs;
  if (!inputs) {
    const picked = await vscode.window.showOpenDialog({
      title: 'MNIST Lab: Merge which trial records? (a folder of them, or run.json files)',
      canSelectFolders: true,
      canSelectFiles: true,
      canSelectMany: true,
      defaultUri: vscode.Uri.file(trialsFolderFor(runsRoot)),
      openLabel: 'Merge',
    });
    inputs = picked?.map((u) => u.fsPath);
  }
  if (!inputs || inputs.length === 0) return undefined;
  let result: MergeResult;
  try {
    result = await mergeFiles(inputs, runsRoot, { cli: 'mnist-lab', rerunInto: inputs[0] });
  } catch (e) {
    if (e instanceof MergeWriteError) {
      void vscode.window.showErrorMessage(`MNIST Lab: ${e.message}`);
      return undefined;
    }
    if (!(e instanceof MergeError)) throw e;
    for (const p of e.unusable) deps.log.warn(formatRecordProblem(p));
    void vscode.window
      .showErrorMessage(`MNIST Lab: nothing merged from ${inputs.join(', ')}: ${e.message}`, 'Show Log')
      .then((c) => c && deps.log.show(true));
    return undefined;
  }
  deps.log.info(
    `Merged ${mergedCount(result)} of "${result.outcome.record.experiment.name}" from ${result.records} record(s) into ${result.written.runDir}`,
  );
  for (const p of result.problems) deps.log.warn(p);
  if (result.rerun) deps.log.warn(`rerun what is missing or failed, then merge again: ${result.rerun}`);
  deps.tree.refresh();
  await vscode.commands.executeCommand(COMMANDS.openResults, result.written.runDir);
  if (!result.complete) {
    const actions = result.rerun ? ['Copy Rerun Command', 'Show Log'] : ['Show Log'];
    void vscode.window
      .showWarningMessage(
        `MNIST Lab: merged ${mergedCount(result)}; ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} (missing, failed or unreadable records). The run is saved; see the log for each.`,
        ...actions,
      )
      .then(async (c) => {
        if (c === 'Copy Rerun Command' && result.rerun) await vscode.env.clipboard.writeText(result.rerun);
        if (c === 'Show Log') deps.log.show(true);
      });
  } else {
    void vscode.window.showInformationMessage(
      `MNIST Lab: merged all ${result.outcome.part.of} trials of "${result.outcome.record.experiment.name}".`,
    );
  }
  return result;
}
