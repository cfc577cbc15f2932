// Sweep panel controller: every trial of a grid run in one table and chart; a trial clicked in
// the webview opens in its own results panel.
import type * as vscode from 'vscode';
import type { PanelDeps } from '../shared/result-panel';
import { RunPanel } from '../shared/run-panel';
import { resultsKey, runHeader, trialSummary } from '../shared/summaries';
import { sweepTitle } from '../shared/titles';
import { CURVE_EPOCHS } from '../../../core/decimate';
import type { OpenTrialMessage } from '../shared/contract';
import { isSweepWebviewMessage, type SweepHostMessage, type SweepWebviewMessage } from './contract';

export class SweepPanel extends RunPanel<SweepHostMessage, SweepWebviewMessage> {
  constructor(panel: vscode.WebviewPanel, deps: PanelDeps, runDir: string) {
    super('sweep', panel, deps, isSweepWebviewMessage, runDir);
  }

  protected async sendInitial(): Promise<void> {
    const record = await this.deps.runs.readWithoutSamples(this.runDir);
    this.panel.title = sweepTitle(record);
    this.sentKey = resultsKey(record);
    this.post({
      type: 'sweep',
      header: runHeader(this.runDir, record),
      trials: record.trials.map((t) => trialSummary(t, { maxEpochs: CURVE_EPOCHS, dynamics: 'best' })),
    });
  }

  protected override handle(m: OpenTrialMessage): void {
    this.deps.open.results(this.runDir, m.index);
  }
}
