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

const engineDetail = (engine: Engine): string => {
  switch (engine) {
    case 'slurm':
      return vscode.l10n.t(
        'a batch script with one array task per trial (sbatch); this machine shares its files with the cluster',
      );
    case 'k8s':
      return vscode.l10n.t('an Indexed Job, the experiment in a ConfigMap, trial records on a volume (kubectl apply)');
    case 'github-actions':
      return vscode.l10n.t('a workflow with a matrix of trial indices and a final merge job (at most 256 trials)');
  }
};

async function pickEngine(): Promise<Engine | undefined> {
  const picked = await vscode.window.showQuickPick(
    ENGINES.map((engine) => ({ label: ENGINE_TITLES[engine], detail: engineDetail(engine), engine })),
    { title: vscode.l10n.t('MNIST Lab: Plan the sweep for which engine?') },
  );
  return picked?.engine;
}

async function pickQuick(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Full runs'), description: vscode.l10n.t('the experiment as written'), quick: false },
      {
        label: vscode.l10n.t('Quick runs'),
        description: vscode.l10n.t('reduced data and epochs, like Run Experiment (Quick)'),
        quick: true,
      },
    ],
    { title: vscode.l10n.t('MNIST Lab: Full or quick trials?') },
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
      const replace = vscode.l10n.t('Replace');
      const names = e.files.map((f) => path.basename(f)).join(', ');
      const answer = await vscode.window.showWarningMessage(
        e.files.length === 1
          ? vscode.l10n.t('MNIST Lab: {0} already exists with other content. Replace it with the new plan?', names)
          : vscode.l10n.t('MNIST Lab: {0} already exist with other content. Replace them with the new plan?', names),
        { modal: true },
        replace,
      );
      if (answer !== replace) return undefined;
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
        `${vscode.l10n.t('MNIST Lab: the experiment has problems:')}\n${e.problems.map(formatProblem).join('\n')}`,
      );
    else if (e instanceof PlanError) void vscode.window.showErrorMessage(vscode.l10n.t('MNIST Lab: {0}', e.message));
    else throw e;
    return undefined;
  }
}

async function offerCommands(plan: Plan, engine: Engine, fileCount: number): Promise<void> {
  const copySubmit = vscode.l10n.t('Copy Submit Command');
  const copyMerge = vscode.l10n.t('Copy Merge Command');
  const choice = await vscode.window.showInformationMessage(
    fileCount === 1
      ? vscode.l10n.t(
          'MNIST Lab: wrote the {0} plan (1 file). Submit it, then merge the trial records when it has finished.',
          ENGINE_TITLES[engine],
        )
      : vscode.l10n.t(
          'MNIST Lab: wrote the {0} plan ({1} files). Submit it, then merge the trial records when it has finished.',
          ENGINE_TITLES[engine],
          fileCount,
        ),
    copySubmit,
    copyMerge,
  );
  if (choice === copySubmit) await vscode.env.clipboard.writeText(plan.submit);
  if (choice === copyMerge) await vscode.env.clipboard.writeText(plan.merge);
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
      title: vscode.l10n.t('MNIST Lab: Merge which trial records? (a folder of them, or run.json files)'),
      canSelectFolders: true,
      canSelectFiles: true,
      canSelectMany: true,
      defaultUri: vscode.Uri.file(trialsFolderFor(runsRoot)),
      openLabel: vscode.l10n.t('Merge'),
    });
    inputs = picked?.map((u) => u.fsPath);
  }
  if (!inputs || inputs.length === 0) return undefined;
  let result: MergeResult;
  try {
    result = await mergeFiles(inputs, runsRoot, { cli: 'mnist-lab', rerunInto: inputs[0] });
  } catch (e) {
    if (e instanceof MergeWriteError) {
      void vscode.window.showErrorMessage(vscode.l10n.t('MNIST Lab: {0}', e.message));
      return undefined;
    }
    if (!(e instanceof MergeError)) throw e;
    for (const p of e.unusable) deps.log.warn(formatRecordProblem(p));
    void vscode.window
      .showErrorMessage(
        vscode.l10n.t('MNIST Lab: nothing merged from {0}: {1}', inputs.join(', '), e.message),
        vscode.l10n.t('Show Log'),
      )
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
    const copyRerun = vscode.l10n.t('Copy Rerun Command');
    const showLog = vscode.l10n.t('Show Log');
    const actions = result.rerun ? [copyRerun, showLog] : [showLog];
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t(
          'MNIST Lab: merged {0}; {1} problem(s) (missing, failed or unreadable records). The run is saved; see the log for each.',
          mergedCount(result),
          result.problems.length,
        ),
        ...actions,
      )
      .then(async (c) => {
        if (c === copyRerun && result.rerun) await vscode.env.clipboard.writeText(result.rerun);
        if (c === showLog) deps.log.show(true);
      });
  } else {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'MNIST Lab: merged all {0} trials of "{1}".',
        result.outcome.part.of,
        result.outcome.record.experiment.name,
      ),
    );
  }
  return result;
}
