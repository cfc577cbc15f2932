// Every "MNIST Lab: …" command. Handlers accept what their callers pass — a tree node, a
// file Uri (CodeLens, editor title, explorer), a run folder path (status bar, notifications) —
// and fall back to a QuickPick when invoked from the Command Palette with nothing.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExperimentError, formatProblem, loadExperiment } from '../../experiments/load';
import type { RunRecord } from '../../core/record';
import { deleteRun, listRuns } from '../../runs/store';
import { exportRun, showComparePanel, showLivePanel, showResultsPanel } from '../panels/registry';
import { openBackpropSample } from '../panels/backprop/symmetry-demo';
import { reproduceCaseStudy, type ReproduceArgs } from '../runs/reproduce-command';
import { installNativeBackend, installedNativeModuleDir } from '../backend/install-native';
import { readRunSettings } from '../settings';
import { BackpropPanel } from '../panels/backprop/controller';
import { COMMANDS, EXPERIMENTS_VIEW } from './ids';
import { findBundledSamples, findWorkspaceExperiments, isExperimentPath, summarizeExperiment } from '../experiments/files';
import { copySamples, freeExperimentPath, relocateExperimentText, TEMPLATES, templatePath, writeNewFile } from '../experiments/templates';
import type { ExperimentsTreeNode, ExperimentsTreeProvider } from '../tree/experiments-tree';
import { runDescription, runTitle } from '../runs/run-format';
import type { RunManager } from '../runs/run-manager';
import { showRunProgress } from '../runs/run-progress';
import { allRunsRoots } from '../settings';
import { ensureTrustedToRun } from './trust';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  manager: RunManager;
  tree: ExperimentsTreeProvider;
  log: vscode.LogOutputChannel;
  runsRootForFile(file: string): string;
  fallbackRunsRoot: string;
}

type RunTarget = string | { runDir: string; trial?: { index: number } } | undefined;

const SAMPLES_FOLDER = 'mnist-lab-samples';

export function registerCommands(deps: CommandDeps): void {
  const { context } = deps;
  const register = (id: string, handler: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));
  };
  register(COMMANDS.run, (target?: vscode.Uri | ExperimentsTreeNode) => runExperiment(deps, target, false));
  register(COMMANDS.runQuick, (target?: vscode.Uri | ExperimentsTreeNode) => runExperiment(deps, target, true));
  register(COMMANDS.stop, (target?: ExperimentsTreeNode | string) => stopRun(deps, target));
  register(COMMANDS.openResults, (target?: RunTarget) => openResults(deps, target));
  register(COMMANDS.newExperiment, () => newExperiment(deps));
  register(COMMANDS.openSamples, () => openSamples(deps));
  register(COMMANDS.revealRunFolder, (target?: RunTarget) => revealRunFolder(deps, target));
  register(COMMANDS.deleteRun, (target?: ExperimentsTreeNode, selected?: ExperimentsTreeNode[]) => deleteRuns(deps, target, selected));
  register(COMMANDS.compareRuns, (target?: ExperimentsTreeNode, selected?: ExperimentsTreeNode[]) => compareRuns(deps, target, selected));
  register(COMMANDS.exportRun, async (target?: RunTarget) => {
    const runDir = await runDirOf(deps, target, 'Export which run?');
    if (runDir) await exportRun(runDir);
  });
  register(COMMANDS.showLog, () => deps.log.show(true));
  register(COMMANDS.refresh, () => deps.tree.refresh());
  register(COMMANDS.openSymmetryDemo, () => {
    try {
      openBackpropSample(context.extensionUri);
    } catch (e) {
      void vscode.window.showErrorMessage(`MNIST Lab: ${(e as Error).message}`);
    }
  });
  register(COMMANDS.reproduce, (args?: ReproduceArgs) => reproduceCaseStudy(context, deps.log, readRunSettings, () => installedNativeModuleDir(context), args));
  register(COMMANDS.installNativeBackend, () => installNativeBackend(context, deps.log));
}

// ---- running -------------------------------------------------------------------------------

/** Resolves with the finished run record (undefined if nothing ran), which tests await. */
async function runExperiment(deps: CommandDeps, target: vscode.Uri | ExperimentsTreeNode | undefined, quick: boolean): Promise<RunRecord | undefined> {
  if (!(await ensureTrustedToRun())) return undefined;
  const file = await experimentFileOf(deps, target);
  if (!file) return undefined;
  // The trainer reads the file from disk: what the user sees in the editor is what must run.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open?.isDirty && !(await open.save())) {
    void vscode.window.showErrorMessage(`MNIST Lab: ${file} has unsaved changes that could not be saved; the run was not started.`);
    return undefined;
  }
  let loaded;
  try {
    loaded = loadExperiment(file, { quick });
  } catch (e) {
    reportLoadFailure(deps, file, e);
    return undefined;
  }
  for (const warning of loaded.warnings) deps.log.warn(formatProblem(warning));
  const run = deps.manager.enqueue({ file, experiment: loaded.experiment, source: loaded.source, quick, runsRoot: deps.runsRootForFile(file) });
  showRunProgress(deps.manager, run);
  // A run that could not start is reported by showRunProgress; rejecting here would add
  // VS Code's own "Error running command" on top.
  return run.finished.catch(() => undefined);
}

function reportLoadFailure(deps: CommandDeps, file: string, e: unknown): void {
  const problems = e instanceof ExperimentError ? e.problems : [];
  const lines = problems.length > 0 ? problems.map(formatProblem) : [`${file}: ${e instanceof Error ? e.message : String(e)}`];
  deps.log.error(`Not started — ${path.basename(file)} has ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
  const first = problems[0];
  const summary = first ? `${first.pointer || '/'}: ${first.message}` : lines[0];
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : '';
  void vscode.window
    .showErrorMessage(`MNIST Lab: ${path.basename(file)} cannot run — ${summary}${more}`, 'Show Problems', 'Show Log')
    .then(async (choice) => {
      if (choice === 'Show Problems') {
        await vscode.window.showTextDocument(vscode.Uri.file(file));
        await vscode.commands.executeCommand('workbench.actions.view.problems');
      }
      if (choice === 'Show Log') deps.log.show(true);
    });
}

async function experimentFileOf(deps: CommandDeps, target: vscode.Uri | ExperimentsTreeNode | undefined): Promise<string | undefined> {
  if (target instanceof vscode.Uri) return target.fsPath;
  if (target && 'kind' in target && target.kind === 'experiment') return target.file;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && isExperimentPath(active.fsPath)) return active.fsPath;
  return pickExperiment(deps);
}

async function pickExperiment(deps: CommandDeps): Promise<string | undefined> {
  const [workspace, samples] = await Promise.all([findWorkspaceExperiments(), findBundledSamples(deps.context.extensionPath)]);
  type Item = vscode.QuickPickItem & { file?: string };
  const toItems = async (files: string[], bundled: boolean): Promise<Item[]> =>
    Promise.all(
      files.map(async (file) => ({
        label: (await summarizeExperiment(file)).name,
        description: bundled ? `sample · ${path.basename(file)}` : vscode.workspace.asRelativePath(file),
        file,
      })),
    );
  const items: Item[] = [
    ...(workspace.length > 0 ? [{ label: 'Workspace', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...(await toItems(workspace, false)),
    { label: 'Bundled samples', kind: vscode.QuickPickItemKind.Separator },
    ...(await toItems(samples, true)),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'MNIST Lab: Run which experiment?', matchOnDescription: true });
  return picked?.file;
}

async function stopRun(deps: CommandDeps, target: ExperimentsTreeNode | string | undefined): Promise<void> {
  if (typeof target === 'string') return deps.manager.stop(target);
  if (target?.kind === 'run') return deps.manager.stop(target.runDir);
  if (target?.kind === 'queued') return deps.manager.cancel(target.run);
  const items = [
    ...deps.manager.activeRuns().map((a) => ({ label: a.record.experiment.name, description: `${runTitle(a.record)} · ${runDescription(a.record)}`, run: a.run })),
    ...deps.manager.queuedFor(undefined).map(({ run, position }) => ({ label: run.request.experiment.name, description: `queued · position ${position}`, run })),
  ];
  if (items.length === 0) {
    void vscode.window.showInformationMessage('MNIST Lab: no run is running or queued.');
    return;
  }
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'MNIST Lab: Stop which run?' });
  if (picked) deps.manager.cancel(picked.run);
}

// ---- results -------------------------------------------------------------------------------

async function runDirOf(deps: CommandDeps, target: RunTarget, title: string): Promise<string | undefined> {
  if (typeof target === 'string') return target;
  if (target && 'runDir' in target) return target.runDir;
  return pickRuns(deps, title, false).then((dirs) => dirs?.[0]);
}

async function pickRuns(deps: CommandDeps, title: string, many: boolean): Promise<string[] | undefined> {
  const runs = (await Promise.all(allRunsRoots(deps.fallbackRunsRoot).map((root) => listRuns(root)))).flat();
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('MNIST Lab: there are no runs yet. Run an experiment first.');
    return undefined;
  }
  const items = runs.map(({ runDir, record }) => ({
    label: record.experiment.name,
    description: runTitle(record),
    detail: runDescription(record),
    runDir,
  }));
  if (many) {
    const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, matchOnDescription: true });
    return picked?.map((p) => p.runDir);
  }
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  return picked ? [picked.runDir] : undefined;
}

async function openResults(deps: CommandDeps, target: RunTarget): Promise<void> {
  const runDir = await runDirOf(deps, target, 'MNIST Lab: Open the results of which run?');
  if (!runDir) return;
  if (deps.manager.isActive(runDir)) return showLivePanel(runDir);
  let record: RunRecord;
  try {
    record = await deps.manager.read(runDir);
  } catch (e) {
    void vscode.window.showErrorMessage(`MNIST Lab: cannot open the run in ${runDir}: ${(e as Error).message}`);
    return;
  }
  // The walkthrough has no trials or epochs: it has its own panel, fed the record directly.
  if (record.experiment.kind === 'backprop') {
    if (record.backprop) BackpropPanel.createOrShow(deps.context.extensionUri, record.backprop, /^backprop\b/i.test(record.experiment.name) ? record.experiment.name : `Backprop: ${record.experiment.name}`);
    else void vscode.window.showErrorMessage(`MNIST Lab: the walkthrough "${record.experiment.name}" has no results (${record.status}${record.error ? `: ${record.error}` : ''}).`);
    return;
  }
  const trialIndex = typeof target === 'object' ? target.trial?.index : undefined;
  showResultsPanel(runDir, trialIndex);
}

async function compareRuns(deps: CommandDeps, target: ExperimentsTreeNode | undefined, selected: ExperimentsTreeNode[] | undefined): Promise<void> {
  const fromTree = (selected ?? (target ? [target] : [])).flatMap((n) => (n.kind === 'run' ? [n.runDir] : []));
  const runDirs = fromTree.length >= 2 ? fromTree : await pickRuns(deps, 'MNIST Lab: Compare which runs? (pick two or more)', true);
  if (!runDirs) return;
  if (runDirs.length < 2) {
    void vscode.window.showInformationMessage('MNIST Lab: pick two or more runs to compare (Ctrl/Cmd+click in the Experiments view).');
    return;
  }
  showComparePanel(runDirs);
}

async function revealRunFolder(deps: CommandDeps, target: RunTarget): Promise<void> {
  const runDir = await runDirOf(deps, target, 'MNIST Lab: Reveal which run folder?');
  if (!runDir) return;
  const runFile = vscode.Uri.file(path.join(runDir, 'run.json'));
  // The Explorer can only show folders inside the workspace; the OS file manager shows any.
  if (vscode.workspace.getWorkspaceFolder(runFile)) await vscode.commands.executeCommand('revealInExplorer', runFile);
  else await vscode.commands.executeCommand('revealFileInOS', runFile);
}

async function deleteRuns(deps: CommandDeps, target: ExperimentsTreeNode | undefined, selected: ExperimentsTreeNode[] | undefined): Promise<void> {
  const nodes = (selected ?? (target ? [target] : [])).flatMap((n) => (n.kind === 'run' ? [n] : []));
  if (nodes.length === 0) return;
  const running = nodes.filter((n) => deps.manager.isActive(n.runDir));
  if (running.length > 0) {
    void vscode.window.showWarningMessage('MNIST Lab: stop the run before deleting it.');
    return;
  }
  const what = nodes.length === 1 ? `the run "${nodes[0]!.record.experiment.name}" of ${runTitle(nodes[0]!.record)}` : `${nodes.length} runs`;
  const choice = await vscode.window.showWarningMessage(
    `Delete ${what}?`,
    { modal: true, detail: `Its folder, results and trained model are removed from disk:\n${nodes.map((n) => n.runDir).join('\n')}` },
    'Delete',
  );
  if (choice !== 'Delete') return;
  for (const node of nodes) {
    try {
      await deleteRun(node.runDir);
      deps.log.info(`Deleted run folder ${node.runDir}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`MNIST Lab: could not delete ${node.runDir}: ${(e as Error).message}`);
    }
    deps.tree.forgetRun(node.runDir);
    deps.tree.refreshExperiment(node.file);
  }
}

// ---- new files -----------------------------------------------------------------------------

async function newExperiment(deps: CommandDeps): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showQuickPick(
    TEMPLATES.map((t) => ({ label: t.label, description: `case study part ${t.part}`, detail: t.detail, template: t })),
    { title: 'MNIST Lab: New Experiment — start from which part of the case study?' },
  );
  if (!picked) return undefined;
  const source = templatePath(deps.context.extensionPath, picked.template);
  let text: string;
  try {
    text = relocateExperimentText(await fs.readFile(source, 'utf8'));
  } catch (e) {
    void vscode.window.showErrorMessage(`MNIST Lab: cannot read the template ${source}: ${(e as Error).message}`);
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  const suggested = folder ? await freeExperimentPath(folder.uri.fsPath, `my-${picked.template.sample}`) : undefined;
  const target = await vscode.window.showSaveDialog({
    title: 'MNIST Lab: Save the new experiment as',
    defaultUri: suggested ? vscode.Uri.file(suggested) : undefined,
    // Dialogs compare only the last extension: a "mnistexp.json" filter makes them append it
    // again. The suffix is made right below instead.
    filters: { 'MNIST Lab experiment': ['json'] },
    saveLabel: 'Create',
  });
  if (!target) return undefined;
  const file = isExperimentPath(target.fsPath) ? target.fsPath : `${target.fsPath.replace(/\.json$/, '')}.mnistexp.json`;
  if (!(await writeNewFile(file, text))) {
    void vscode.window.showErrorMessage(`MNIST Lab: ${file} already exists; it was left as it is. Choose another name.`);
    return undefined;
  }
  deps.tree.refresh();
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri);
  return uri;
}

async function openSamples(deps: CommandDeps): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const choice = await vscode.window.showInformationMessage('MNIST Lab: open a folder first; the samples are copied into it.', 'Open Folder');
    if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  const target = path.join(folder.uri.fsPath, SAMPLES_FOLDER);
  let result;
  try {
    result = await copySamples(deps.context.extensionPath, target);
  } catch (e) {
    void vscode.window.showErrorMessage(`MNIST Lab: could not copy the samples to ${target}: ${(e as Error).message}`);
    return undefined;
  }
  const kept = result.kept.length > 0 ? ` ${result.kept.length} already there were kept unchanged.` : '';
  void vscode.window.showInformationMessage(`MNIST Lab: copied ${result.copied.length} case-study samples to ${SAMPLES_FOLDER}/.${kept}`);
  deps.tree.refresh();
  await vscode.commands.executeCommand(`${EXPERIMENTS_VIEW}.focus`);
  return target;
}
