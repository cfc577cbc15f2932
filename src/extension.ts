// Composes the extension: run manager, Experiments tree, commands, diagnostics, CodeLens,
// panels. Training never happens here; the run controller forks dist/trainer.js.
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { EXPERIMENTS_VIEW } from './extension/command-ids';
import { registerCommands } from './extension/commands/commands';
import { registerExperimentCodeLens } from './extension/editor/codelens';
import { registerExperimentDiagnostics } from './extension/editor/diagnostics';
import { registerQuickFixes } from './extension/editor/quick-fixes';
import { ExpandedRows } from './extension/tree/expanded-state';
import { ExperimentsTreeProvider } from './extension/tree/experiments-tree';
import { PanelRegistry } from './extension/panels/registry';
import { RunManager } from './extension/runs/run-manager';
import { registerRunStatusBar } from './extension/runs/run-progress';
import { watchExperimentsAndRuns } from './extension/tree/watchers';
import { readRunSettings, runsRootForFile } from './extension/settings';
import { installedNativeModuleDir } from './extension/backend/install-native';
import { offerWalkthroughOnFirstRun } from './extension/walkthrough/get-started';

/** What activate() returns: the e2e tests drive and inspect the extension through it. */
export interface MnistLabApi {
  runs: RunManager;
  tree: ExperimentsTreeProvider;
  treeView: vscode.TreeView<unknown>;
}

export function activate(context: vscode.ExtensionContext): MnistLabApi {
  // Modules that stay free of vscode (so Node tests load them) translate through @vscode/l10n:
  // it gets the bundle VS Code chose for the display language (none in English).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = vscode.window.createOutputChannel('MNIST Lab', { log: true });
  context.subscriptions.push(log);

  const fallbackRunsRoot = path.join(context.globalStorageUri.fsPath, 'runs');
  const rootOf = (file: string): string => runsRootForFile(file, fallbackRunsRoot);

  const runs = new RunManager({
    trainerPath: path.join(context.extensionPath, 'dist', 'trainer.js'),
    log,
    settings: readRunSettings,
    nativeModuleDir: () => installedNativeModuleDir(context),
  });
  context.subscriptions.push(runs);
  const panels = new PanelRegistry(context.extensionUri, runs);
  context.subscriptions.push(panels);

  const expanded = new ExpandedRows(context.workspaceState);
  const tree = new ExperimentsTreeProvider({
    extensionPath: context.extensionPath,
    manager: runs,
    runsRootForFile: rootOf,
    expanded,
  });
  const treeView = vscode.window.createTreeView(EXPERIMENTS_VIEW, {
    treeDataProvider: tree,
    canSelectMany: true,
    showCollapseAll: true,
  });
  context.subscriptions.push(tree, treeView, ...expanded.watch(treeView, (node) => tree.idOf(node)));

  registerCommands({
    context,
    manager: runs,
    panels,
    tree,
    log,
    runsRootForFile: rootOf,
    fallbackRunsRoot,
    extensionPath: context.extensionPath,
  });
  registerRunStatusBar(context, runs);
  registerExperimentDiagnostics(context);
  registerQuickFixes(context);
  registerExperimentCodeLens(context);
  watchExperimentsAndRuns(context, { tree, manager: runs, fallbackRunsRoot });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mnistLab.maxParallelRuns')) runs.pump();
    }),
  );

  offerWalkthroughOnFirstRun(context).catch((e: unknown) =>
    log.warn(`Get Started walkthrough not offered: ${e instanceof Error ? e.message : String(e)}`),
  );

  return { runs, tree, treeView: treeView as vscode.TreeView<unknown> };
}

export function deactivate(): void {}
