// Commands on finished runs: Open Results, Compare Runs, Export Run, Reveal Run Folder,
// Delete Run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/record';
import { deleteRun } from '../../runs/store';
import { runTitle } from '../runs/run-format';
import type { RunNode } from '../tree/experiments-tree';
import type { CommandDeps } from './deps';
import { reportDayRowsOnly, runDirsTarget, runTarget, runTargetsOf } from './targets';

export async function openResults(deps: CommandDeps, args: unknown[]): Promise<void> {
  const target = await runTarget(deps, args, vscode.l10n.t('MNIST Lab: Open the results of which run?'));
  if (!target) return;
  const { runDir } = target;
  if (deps.manager.isActive(runDir)) return deps.panels.showLive(runDir);
  let record: RunRecord;
  try {
    // Only its kind is needed here: a sweep's kept test images (most of its bytes) are left out.
    record = await deps.manager.readWithoutSamples(runDir);
  } catch (e) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('MNIST Lab: cannot open the run in {0}: {1}', runDir, (e as Error).message),
    );
    return;
  }
  // The walkthrough has no trials or epochs: it has its own panel, fed the record directly.
  if (record.experiment.kind === 'backprop') {
    const { name } = record.experiment;
    if (record.backprop)
      deps.panels.showBackprop(record.backprop, /^backprop\b/i.test(name) ? name : `Backprop: ${name}`);
    else
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'MNIST Lab: the walkthrough "{0}" has no results ({1}).',
          name,
          `${record.status}${record.error ? `: ${record.error}` : ''}`,
        ),
      );
    return;
  }
  deps.panels.showResults(runDir, target.trialIndex);
}

export async function compareRuns(deps: CommandDeps, args: unknown[]): Promise<void> {
  const runDirs = await runDirsTarget(
    deps,
    args,
    vscode.l10n.t('MNIST Lab: Compare which runs? (pick two or more)'),
    2,
  );
  if (!runDirs) return;
  if (runDirs.length < 2) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('MNIST Lab: pick two or more runs to compare (Ctrl/Cmd+click in the Experiments view).'),
    );
    return;
  }
  deps.panels.showCompare(runDirs);
}

export async function exportRun(deps: CommandDeps, args: unknown[]): Promise<void> {
  const target = await runTarget(deps, args, vscode.l10n.t('MNIST Lab: Export which run?'));
  if (target) await deps.panels.exportRun(target.runDir);
}

export async function revealRunFolder(deps: CommandDeps, args: unknown[]): Promise<void> {
  const target = await runTarget(deps, args, vscode.l10n.t('MNIST Lab: Reveal which run folder?'));
  if (!target) return;
  const runFile = vscode.Uri.file(path.join(target.runDir, 'run.json'));
  // The Explorer can only show folders inside the workspace; the OS file manager shows any.
  if (vscode.workspace.getWorkspaceFolder(runFile)) await vscode.commands.executeCommand('revealInExplorer', runFile);
  else await vscode.commands.executeCommand('revealFileInOS', runFile);
}

/** Deletes the run folders selected in the tree (the command is hidden from the palette). */
export async function deleteRuns(deps: CommandDeps, args: unknown[]): Promise<void> {
  if (reportDayRowsOnly(args)) return;
  const nodes = runTargetsOf(args).flatMap((t): RunNode[] => (t.node ? [t.node] : []));
  if (nodes.length === 0) return;
  const running = nodes.filter((n) => deps.manager.isActive(n.runDir));
  if (running.length > 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('MNIST Lab: stop the run before deleting it.'));
    return;
  }
  const what =
    nodes.length === 1
      ? vscode.l10n.t('the run "{0}" of {1}', nodes[0]!.summary.experiment.name, runTitle(nodes[0]!.summary))
      : vscode.l10n.t('{0} runs', nodes.length);
  const del = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete {0}?', what),
    {
      modal: true,
      detail: `${vscode.l10n.t('Its folder, results and trained model are removed from disk:')}\n${nodes.map((n) => n.runDir).join('\n')}`,
    },
    del,
  );
  if (choice !== del) return;
  for (const node of nodes) {
    try {
      await deleteRun(node.runDir);
      deps.log.info(`Deleted run folder ${node.runDir}`);
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('MNIST Lab: could not delete {0}: {1}', node.runDir, (e as Error).message),
      );
    }
    deps.tree.forgetRun(node.runDir);
    deps.tree.refreshExperiment(node.file);
  }
}
