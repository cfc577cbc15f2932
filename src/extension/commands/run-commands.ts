// Run Experiment (full or quick) and Stop Run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/record';
import { ExperimentError, formatProblem, loadExperiment } from '../../experiments/load';
import { runDescription, runTitle } from '../runs/run-format';
import { showRunProgress } from '../runs/run-progress';
import type { CommandDeps } from './deps';
import { experimentTarget, targetOf } from './targets';
import { ensureTrustedToRun } from '../trust';
import { markWalkthroughStep, WALKTHROUGH_CONTEXT } from '../walkthrough/get-started';
import { isBinarySample } from '../walkthrough/ids';

/** Resolves with the finished run record (undefined if nothing ran), which tests await. */
export async function runExperiment(
  deps: CommandDeps,
  args: unknown[],
  quick: boolean,
): Promise<RunRecord | undefined> {
  if (!(await ensureTrustedToRun())) return undefined;
  const file = await experimentTarget(deps, args);
  if (!file) return undefined;
  // The trainer reads the file from disk: what the user sees in the editor is what must run.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open?.isDirty && !(await open.save())) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('MNIST Lab: {0} has unsaved changes that could not be saved; the run was not started.', file),
    );
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
  const run = deps.manager.enqueue({
    file,
    experiment: loaded.experiment,
    source: loaded.source,
    quick,
    runsRoot: deps.runsRootForFile(file),
  });
  showRunProgress(deps.manager, run);
  // When the trainer starts, not when queued: a run cancelled while queued did nothing.
  if (isBinarySample(file)) void run.started.then(() => markWalkthroughStep(WALKTHROUGH_CONTEXT.ranBinary));
  // A run that could not start is reported by showRunProgress; rejecting here would add
  // VS Code's own "Error running command" on top.
  return run.finished.catch(() => undefined);
}

function reportLoadFailure(deps: CommandDeps, file: string, e: unknown): void {
  const problems = e instanceof ExperimentError ? e.problems : [];
  const lines =
    problems.length > 0 ? problems.map(formatProblem) : [`${file}: ${e instanceof Error ? e.message : String(e)}`];
  deps.log.error(
    `Not started — ${path.basename(file)} has ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
  );
  const first = problems[0];
  const summary = first ? `${first.pointer || '/'}: ${first.message}` : lines[0];
  const more = lines.length > 1 ? ` ${vscode.l10n.t('(and {0} more)', lines.length - 1)}` : '';
  const showProblems = vscode.l10n.t('Show Problems');
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window
    .showErrorMessage(
      vscode.l10n.t('MNIST Lab: {0} cannot run — {1}', path.basename(file), summary) + more,
      showProblems,
      showLog,
    )
    .then(async (choice) => {
      if (choice === showProblems) {
        await vscode.window.showTextDocument(vscode.Uri.file(file));
        await vscode.commands.executeCommand('workbench.actions.view.problems');
      }
      if (choice === showLog) deps.log.show(true);
    });
}

export async function stopRun(deps: CommandDeps, args: unknown[]): Promise<void> {
  const target = targetOf(args[0]);
  if (target?.kind === 'run') return deps.manager.stop(target.runDir);
  if (target?.kind === 'queued') return deps.manager.cancel(target.run);
  const active = deps.manager.activeRuns().map(({ record, run }) => ({
    label: record.experiment.name,
    description: `${runTitle(record)} · ${runDescription(record)}`,
    run,
  }));
  const queued = deps.manager.queuedFor(undefined).map(({ run, position }) => ({
    label: run.request.experiment.name,
    description: `queued · position ${position}`,
    run,
  }));
  const items = [...active, ...queued];
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('MNIST Lab: no run is running or queued.'));
    return;
  }
  const picked =
    items.length === 1
      ? items[0]
      : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('MNIST Lab: Stop which run?') });
  if (picked) deps.manager.cancel(picked.run);
}
