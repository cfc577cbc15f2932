// Results panel (one trial of a finished run) and sweep panel (all trials of a grid run).
// Both re-send their data when the run changes (a panel opened while a sweep still runs
// fills in as trials finish), debounced so a busy run does not flood the webview.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { WebviewMessage } from './contract';
import { ResultPanel, type PanelDeps } from './result-panel';
import { resultsKey, runHeader, trialDetail, trialSummary } from './summaries';

const REFRESH_DEBOUNCE_MS = 1000;

abstract class RunPanel extends ResultPanel {
  private refreshTimer: NodeJS.Timeout | undefined;
  /** resultsKey of the record last sent; epochs of a running sweep do not rebuild the panel. */
  protected sentKey = '';

  constructor(kind: 'results' | 'sweep', panel: vscode.WebviewPanel, deps: PanelDeps, readonly runDir: string) {
    super(kind, panel, deps);
    this.disposables.push(
      deps.runs.onDidUpdate((u) => {
        if (u.progress || path.resolve(u.runDir) !== path.resolve(runDir) || !this.ready) return;
        if (resultsKey(u.record) === this.sentKey) return;
        if (this.refreshTimer) clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => void this.sendInitial().catch(() => undefined), REFRESH_DEBOUNCE_MS);
      }),
      { dispose: () => this.refreshTimer && clearTimeout(this.refreshTimer) },
    );
  }

  protected exportRunDir(): string {
    return this.runDir;
  }
}

export class ResultsPanel extends RunPanel {
  constructor(panel: vscode.WebviewPanel, deps: PanelDeps, runDir: string, readonly trialIndex: number) {
    super('results', panel, deps, runDir);
  }

  protected async sendInitial(): Promise<void> {
    const record = await this.deps.runs.read(this.runDir);
    const trial = record.trials[this.trialIndex];
    if (!trial) {
      this.post({ type: 'error', message: `Run ${record.id} has no trial ${this.trialIndex + 1}.` });
      return;
    }
    this.panel.title = record.trials.length > 1 ? `Results: ${record.experiment.name} #${trial.index + 1}` : `Results: ${record.experiment.name}`;
    this.sentKey = resultsKey(record);
    this.post({ type: 'results', header: runHeader(this.runDir, record), trial: trialDetail(trial) });
  }
}

export class SweepPanel extends RunPanel {
  constructor(panel: vscode.WebviewPanel, deps: PanelDeps, runDir: string) {
    super('sweep', panel, deps, runDir);
  }

  protected async sendInitial(): Promise<void> {
    const record = await this.deps.runs.read(this.runDir);
    this.panel.title = `Sweep: ${record.experiment.name}`;
    this.sentKey = resultsKey(record);
    this.post({ type: 'sweep', header: runHeader(this.runDir, record), trials: record.trials.map(trialSummary) });
  }

  protected override handle(m: WebviewMessage): void {
    if (m.type === 'openTrial') this.deps.open.results(this.runDir, m.index);
  }
}
