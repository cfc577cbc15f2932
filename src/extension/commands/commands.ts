// Every "MNIST Lab: …" command, wired to its handler. Handlers get the raw arguments and turn
// them into targets through targets.ts (tree node, multi-selection, Uri, run folder, or a
// QuickPick when invoked with nothing); the handlers themselves live by feature beside this.
import * as vscode from 'vscode';
import { installNativeBackend } from '../backend/install-native';
import { backpropSample } from '../panels/backprop/symmetry-demo';
import { reproduceCaseStudy, type ReproduceArgs } from '../runs/reproduce-command';
import { newExperiment, openSamples } from './file-commands';
import { COMMANDS, type CommandId } from '../command-ids';
import { compareRuns, deleteRuns, exportRun, openResults, revealRunFolder } from './results-commands';
import { runExperiment, stopRun } from './run-commands';
import { openWalkthrough } from '../walkthrough/get-started';
import type { CommandDeps } from './deps';
import { mergeTrialRecordsCommand, planSweepForCluster } from './cluster-commands';
import type { MoreNode } from '../tree/experiments-tree';

export function registerCommands(deps: CommandDeps): void {
  const { context } = deps;
  const register = (id: CommandId, handler: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  };
  register(COMMANDS.run, (...args) => runExperiment(deps, args, false));
  register(COMMANDS.runQuick, (...args) => runExperiment(deps, args, true));
  register(COMMANDS.stop, (...args) => stopRun(deps, args));
  register(COMMANDS.openResults, (...args) => openResults(deps, args));
  register(COMMANDS.newExperiment, () => newExperiment(deps));
  register(COMMANDS.openSamples, () => openSamples(deps));
  register(COMMANDS.revealRunFolder, (...args) => revealRunFolder(deps, args));
  register(COMMANDS.deleteRun, (...args) => deleteRuns(deps, args));
  register(COMMANDS.compareRuns, (...args) => compareRuns(deps, args));
  register(COMMANDS.exportRun, (...args) => exportRun(deps, args));
  register(COMMANDS.showLog, () => deps.log.show(true));
  register(COMMANDS.refresh, () => deps.tree.refreshChanged());
  register(COMMANDS.openSymmetryDemo, () => {
    try {
      const { record, title } = backpropSample(context.extensionUri);
      deps.panels.showBackprop(record, title);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('MNIST Lab: {0}', (e as Error).message));
    }
  });
  register(COMMANDS.reproduce, (args) =>
    reproduceCaseStudy(context, deps.log, deps.manager, args as ReproduceArgs | undefined),
  );
  register(COMMANDS.installNativeBackend, () => installNativeBackend(context, deps.log));
  register(COMMANDS.planSweepForCluster, (...args) => planSweepForCluster(deps, args));
  register(COMMANDS.mergeTrialRecords, (...args) => mergeTrialRecordsCommand(deps, args));
  register(COMMANDS.showMore, (node) => deps.tree.showMore(node as MoreNode));
  register(COMMANDS.getStarted, () => openWalkthrough(context.extension.id));
}
