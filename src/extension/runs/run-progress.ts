// What the user sees of a run outside the tree: a progress notification from queueing to the
// end (its Cancel stops the run, or drops it from the queue), an outcome message, and one
// status-bar item while anything is running or queued.
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/record';
import { COMMANDS, HAS_ACTIVE_RUNS } from '../command-ids';
import { bestTrial } from '../../core/best';
import { formatPercent } from '../../core/format';
import { cancelledSummary, runDescription, runFraction, runProgressMessage } from './run-format';
import type { QueuedRun, RunManager } from './run-manager';

export function showRunProgress(manager: RunManager, run: QueuedRun): void {
  const { experiment, quick } = run.request;
  void vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: quick
        ? vscode.l10n.t('MNIST Lab: {0} (quick)', experiment.name)
        : vscode.l10n.t('MNIST Lab: {0}', experiment.name),
      cancellable: true,
    },
    async (progress, token) => {
      let reported = 0;
      const report = (message: string, fraction?: number): void => {
        // withProgress takes increments; the run knows only its absolute fraction.
        const increment = fraction === undefined ? undefined : Math.max(0, fraction * 100 - reported);
        if (increment !== undefined) reported += increment;
        progress.report({ message, increment });
      };
      const reportQueued = (): void => {
        if (run.state !== 'queued') return;
        const ahead = manager.queuePosition(run) - 1 + manager.activeRuns().length;
        report(`queued — waiting for ${ahead} run${ahead === 1 ? '' : 's'} ahead`);
      };
      const subscriptions = [
        token.onCancellationRequested(() => manager.cancel(run)),
        manager.onDidChangeRuns(reportQueued),
        manager.onDidUpdate((u) => {
          if (u.runDir === run.handle?.runDir)
            report(runProgressMessage(u.record, u.progress), runFraction(u.record, u.progress));
        }),
      ];
      reportQueued();
      try {
        await run.finished;
      } catch {
        // reported by notifyOutcome
      } finally {
        subscriptions.forEach((s) => s.dispose());
      }
    },
  );
  void run.finished.then(
    (record) => notifyOutcome(run, record),
    (error: Error) => notifyStartFailure(run, error),
  );
}

async function notifyOutcome(run: QueuedRun, record: RunRecord | undefined): Promise<void> {
  if (!record || !run.handle) return;
  const showLog = vscode.l10n.t('Show Log');
  const openResults = vscode.l10n.t('Open Results');
  let choice: string | undefined;
  if (record.status === 'failed') {
    choice = await vscode.window.showErrorMessage(
      vscode.l10n.t(
        'MNIST Lab: run of "{0}" failed: {1}',
        record.experiment.name,
        record.error ?? vscode.l10n.t('see the log'),
      ),
      showLog,
      openResults,
    );
  } else if (record.status === 'done') {
    const best = bestTrial(record.trials);
    choice = await vscode.window.showInformationMessage(
      best?.result
        ? vscode.l10n.t(
            'MNIST Lab: "{0}" finished — test accuracy {1}.',
            record.experiment.name,
            formatPercent(best.result.testAccuracy),
          )
        : vscode.l10n.t('MNIST Lab: "{0}" finished.', record.experiment.name),
      openResults,
    );
  } else if (record.status === 'cancelled') {
    const trained = record.trials.some((t) => t.history.length > 0);
    const message = vscode.l10n.t(
      'MNIST Lab: "{0}" was cancelled — {1}.',
      record.experiment.name,
      cancelledSummary(record),
    );
    choice = await (trained
      ? vscode.window.showInformationMessage(message, openResults)
      : vscode.window.showInformationMessage(message));
  }
  if (choice === showLog) await vscode.commands.executeCommand(COMMANDS.showLog);
  if (choice === openResults) await vscode.commands.executeCommand(COMMANDS.openResults, run.handle.runDir);
}

async function notifyStartFailure(run: QueuedRun, error: Error): Promise<void> {
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t('MNIST Lab: could not start "{0}": {1}', run.request.experiment.name, error.message),
    showLog,
  );
  if (choice === showLog) await vscode.commands.executeCommand(COMMANDS.showLog);
}

export function registerRunStatusBar(context: vscode.ExtensionContext, manager: RunManager): void {
  const item = vscode.window.createStatusBarItem('mnistLab.runs', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('MNIST Lab runs');
  const refresh = (): void => {
    const active = manager.activeRuns();
    const queued = manager.queuedCount;
    void vscode.commands.executeCommand('setContext', HAS_ACTIVE_RUNS, active.length + queued > 0);
    if (active.length + queued === 0) {
      item.hide();
      return;
    }
    const first = active[0];
    const queuedText = queued > 0 ? ` · ${vscode.l10n.t('{0} queued', queued)}` : '';
    item.text =
      active.length === 1 && first
        ? `$(loading~spin) ${first.record.experiment.name}: ${runDescription(first.record)}${queuedText}`
        : `$(loading~spin) ${vscode.l10n.t('MNIST Lab: {0} running', active.length)}${queuedText}`;
    item.tooltip = vscode.l10n.t('MNIST Lab — open the live view of the running experiment');
    item.command = first
      ? { title: vscode.l10n.t('Open live view'), command: COMMANDS.openResults, arguments: [first.runDir] }
      : COMMANDS.showLog;
    item.show();
  };
  context.subscriptions.push(
    item,
    manager.onDidChangeRuns(refresh),
    manager.onDidUpdate((u) => {
      if (!u.progress) refresh();
    }),
  );
  refresh();
}
