// The one place that turns what a command was invoked with into what it acts on. Callers pass
// a tree node (context menus, inline actions), a tree node and the multi-selection
// `(node, nodes[])`, a file Uri (CodeLens, editor title, explorer), a run folder path (status
// bar, notifications, tests) or nothing (Command Palette, keybindings): then the user picks.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listRunSummaries } from '../../runs/summary-index';
import {
  findBundledSamples,
  findWorkspaceExperiments,
  isExperimentPath,
  summarizeExperiment,
} from '../experiments/files';
import { runDescription, runTitle } from '../runs/run-format';
import { allRunsRoots } from '../settings';
import { isDayRow, nodeTarget, onlyDayRows, selectedItems, type NodeTarget } from './tree-selection';
import { namedFiles } from '../experiments/named-files';
import { uncopiedSamples, workspaceCopyOf } from '../experiments/sample-copies';
import { chooseSample, isSampleArgument, type SampleArgument } from '../experiments/sample-argument';

export type Target = NodeTarget;

/** What pickers need to list experiments and runs. */
export interface PickDeps {
  extensionPath: string;
  fallbackRunsRoot: string;
}

/** One argument as a target; undefined for anything a command cannot act on. */
export function targetOf(arg: unknown): Target | undefined {
  if (arg instanceof vscode.Uri) return { kind: 'experiment', file: arg.fsPath };
  if (typeof arg === 'string' && arg.length > 0)
    return isExperimentPath(arg) ? { kind: 'experiment', file: arg } : { kind: 'run', runDir: arg };
  return nodeTarget(arg);
}

/**
 * Every target of a command that acts on a selection: the tree passes the clicked node and
 * the whole multi-selection; everything else passes one argument.
 */
export function selectionOf(args: readonly unknown[]): Target[] {
  return selectedItems(args)
    .map(targetOf)
    .filter((t): t is Target => t !== undefined);
}

/**
 * Says so when a command that acts on runs was given day rows only (see onlyDayRows); true when
 * it did, and the command should stop.
 */
export function reportDayRowsOnly(args: readonly unknown[]): boolean {
  if (!onlyDayRows(args)) return false;
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'MNIST Lab: a day row groups runs and is not a run itself. Expand it and select the runs to act on (Shift or Ctrl/Cmd+click).',
    ),
  );
  return true;
}

/** The run folders among a command's targets (trials count as their run). */
export function runTargetsOf(args: readonly unknown[]): Extract<Target, { kind: 'run' }>[] {
  return selectionOf(args).filter((t): t is Extract<Target, { kind: 'run' }> => t.kind === 'run');
}

/**
 * The experiment file a run command acts on: its argument (a file, a tree node or a bundled
 * sample by name), else the active editor, else a pick.
 */
export async function experimentTarget(deps: PickDeps, args: readonly unknown[]): Promise<string | undefined> {
  if (isSampleArgument(args[0])) return sampleTarget(deps, args[0]);
  const target = targetOf(args[0]);
  if (target?.kind === 'experiment') return target.file;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && isExperimentPath(active.fsPath)) return active.fsPath;
  return pickExperiment(deps);
}

/** The one run a command acts on (with the trial, when a trial was clicked), else a pick. */
export async function runTarget(
  deps: PickDeps,
  args: readonly unknown[],
  title: string,
): Promise<{ runDir: string; trialIndex?: number } | undefined> {
  if (reportDayRowsOnly(args)) return undefined;
  const target = targetOf(args[0]);
  if (target?.kind === 'run') return target;
  // A day row clicked within a selection of runs: the first run selected.
  const selected = isDayRow(args[0]) ? runTargetsOf(args)[0] : undefined;
  if (selected) return selected;
  const picked = await pickRuns(deps, title, false);
  return picked?.[0] === undefined ? undefined : { runDir: picked[0] };
}

/** At least `min` run folders: the tree's selection when it has enough, else a multi-pick. */
export async function runDirsTarget(
  deps: PickDeps,
  args: readonly unknown[],
  title: string,
  min: number,
): Promise<string[] | undefined> {
  if (reportDayRowsOnly(args)) return undefined;
  // Whole runs only: a trial in the selection is not a run to compare (nor a day row).
  const fromTree = runTargetsOf(args).flatMap((t) => (t.trialIndex === undefined ? [t.runDir] : []));
  return fromTree.length >= min ? fromTree : pickRuns(deps, title, true);
}

/**
 * A bundled sample named by a command link, or undefined (having said why) when the name is
 * not one. The workspace's copy runs when there is one: it is the one the user works with, and
 * the tree and the pickers show it in the sample's place.
 */
async function sampleTarget(deps: PickDeps, arg: SampleArgument): Promise<string | undefined> {
  const bundled = await findBundledSamples(deps.extensionPath);
  const choice = chooseSample(arg, bundled);
  if (!choice.ok) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'MNIST Lab: {0} is not a bundled sample; nothing was run. Expected one of: {1}.',
        choice.given,
        choice.expected.join(', '),
      ),
    );
    return undefined;
  }
  const [sample] = await namedFiles([choice.file]);
  const workspace = (await findWorkspaceExperiments()).filter((f) => !bundled.includes(f));
  return (sample && workspaceCopyOf(sample, await namedFiles(workspace))?.file) ?? choice.file;
}

async function pickExperiment(deps: PickDeps): Promise<string | undefined> {
  const [workspaceFiles, bundled] = await Promise.all([
    findWorkspaceExperiments(),
    findBundledSamples(deps.extensionPath),
  ]);
  // In the extension's own repository the samples are workspace files too: list them once.
  const workspace = workspaceFiles.filter((f) => !bundled.includes(f));
  const samples = uncopiedSamples(await namedFiles(bundled), await namedFiles(workspace)).map((s) => s.file);
  type Item = vscode.QuickPickItem & { file?: string };
  const toItems = async (files: string[], bundled: boolean): Promise<Item[]> =>
    Promise.all(
      files.map(async (file) => ({
        label: (await summarizeExperiment(file)).name,
        description: bundled
          ? vscode.l10n.t('sample · {0}', path.basename(file))
          : vscode.workspace.asRelativePath(file),
        file,
      })),
    );
  const items: Item[] = [
    ...(workspace.length > 0 ? [{ label: vscode.l10n.t('Workspace'), kind: vscode.QuickPickItemKind.Separator }] : []),
    ...(await toItems(workspace, false)),
    ...(samples.length > 0
      ? [{ label: vscode.l10n.t('Bundled samples'), kind: vscode.QuickPickItemKind.Separator }]
      : []),
    ...(await toItems(samples, true)),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('MNIST Lab: Run which experiment?'),
    matchOnDescription: true,
    // Opened from a Get Started step's button too: see pickRuns.
    ignoreFocusOut: true,
  });
  return picked?.file;
}

async function pickRuns(deps: PickDeps, title: string, many: boolean): Promise<string[] | undefined> {
  const runs = (
    await Promise.all(allRunsRoots(deps.fallbackRunsRoot).map(async (root) => (await listRunSummaries(root)).runs))
  ).flat();
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('MNIST Lab: there are no runs yet. Run an experiment first.'),
    );
    return undefined;
  }
  const items = runs.map(({ runDir, summary: record }) => ({
    label: record.experiment.name,
    description: runTitle(record),
    detail: runDescription(record),
    runDir,
  }));
  // Kept open when focus moves: opened from a Get Started step's button, the walkthrough page
  // takes focus back after running the link, which closed the picker under the user's click.
  if (many) {
    const picked = await vscode.window.showQuickPick(items, {
      title,
      canPickMany: true,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    return picked?.map((p) => p.runDir);
  }
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, ignoreFocusOut: true });
  return picked ? [picked.runDir] : undefined;
}
