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
    { location: vscode.ProgressLocation.Notification, title: `MNIST Lab: ${experiment.name}${quick ? ' (quick)' : ''}`, cancellable: true },
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
          if (u.runDir === run.handle?.runDir) report(runProgressMessage(u.record, u.progress), runFraction(u.record, u.progress));
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

const SHOW_LOG = 'Show Log';
const OPEN_RESULTS = 'Open Results';

async function notifyOutcome(run: QueuedRun, record: RunRecord | undefined): Promise<void> {
  if (!record || !run.handle) return;
  let choice: string | undefined;
  if (record.status === 'failed') {
    choice = await vscode.window.showErrorMessage(
      `MNIST Lab: run of "${record.experiment.name}" failed: ${record.error ?? 'see the log'}`,
      SHOW_LOG,
      OPEN_RESULTS,
    );
  } else if (record.status === 'done') {
    const best = bestTrial(record.trials);
    choice = await vscode.window.showInformationMessage(
      `MNIST Lab: "${record.experiment.name}" finished${best?.result ? ` — test accuracy ${formatPercent(best.result.testAccuracy)}` : ''}.`,
      OPEN_RESULTS,
    );
  } else if (record.status === 'cancelled') {
    const trained = record.trials.some((t) => t.history.length > 0);
    const message = `MNIST Lab: "${record.experiment.name}" was cancelled — ${cancelledSummary(record)}.`;
    choice = await (trained ? vscode.window.showInformationMessage(message, OPEN_RESULTS) : vscode.window.showInformationMessage(message));
  }
  if (choice === SHOW_LOG) await vscode.commands.executeCommand(COMMANDS.showLog);
  if (choice === OPEN_RESULTS) await vscode.commands.executeCommand(COMMANDS.openResults, run.handle.runDir);
}

async function notifyStartFailure(run: QueuedRun, error: Error): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    `MNIST Lab: could not start "${run.request.experiment.name}": ${error.message}`,
    SHOW_LOG,
  );
  if (choice === SHOW_LOG) await vscode.commands.executeCommand(COMMANDS.showLog);
}

export function registerRunStatusBar(context: vscode.ExtensionContext, manager: RunManager): void {
  const item = vscode.window.createStatusBarItem('mnistLab.runs', vscode.StatusBarAlignment.Left, 10);
  item.name = 'MNIST Lab runs';
  const refresh = (): void => {
    const active = manager.activeRuns();
    const queued = manager.queuedCount;
    void vscode.commands.executeCommand('setContext', HAS_ACTIVE_RUNS, active.length + queued > 0);
    if (active.length + queued === 0) {
      item.hide();
      return;
    }
    const first = active[0];
    const queuedText = queued > 0 ? ` · ${queued} queued` : '';
    item.text =
      active.length === 1 && first
        ? `$(loading~spin) ${first.record.experiment.name}: ${runDescription(first.record)}${queuedText}`
        : `$(loading~spin) MNIST Lab: ${active.length} running${queuedText}`;
    item.tooltip = 'MNIST Lab — open the live view of the running experiment';
    item.command = first ? { title: 'Open live view', command: COMMANDS.openResults, arguments: [first.runDir] } : COMMANDS.showLog;
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
