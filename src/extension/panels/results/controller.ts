// Results panel controller: one trial of a finished (or still running) run in full detail.
import type * as vscode from 'vscode';
import type { PanelDeps } from '../shared/result-panel';
import { RunPanel } from '../shared/run-panel';
import { resultsKey, runHeader } from '../shared/summaries';
import { resultsTitle } from '../shared/titles';
import { trialDetail } from './summary';
import { modelDirOf } from '../../../runs/store';
import { readModelFiles } from '../../../runs/model-files';
import {
  isResultsWebviewMessage,
  type CellOpenedMessage,
  type ResultsHostMessage,
  type ResultsWebviewMessage,
} from './contract';
import { markWalkthroughStep, WALKTHROUGH_CONTEXT } from '../../walkthrough/get-started';

export class ResultsPanel extends RunPanel<ResultsHostMessage, ResultsWebviewMessage> {
  constructor(
    panel: vscode.WebviewPanel,
    deps: PanelDeps,
    runDir: string,
    readonly trialIndex: number,
  ) {
    super('results', panel, deps, isResultsWebviewMessage, runDir);
  }

  protected override handle(message: CellOpenedMessage): void {
    if (message.type === 'cellOpened') markWalkthroughStep(WALKTHROUGH_CONTEXT.cellOpened);
  }

  protected async sendInitial(): Promise<void> {
    // A sweep's record holds every trial's kept test images; this panel shows one trial's.
    const record = await this.deps.runs.readWithSamplesOf(this.runDir, this.trialIndex);
    const trial = record.trials[this.trialIndex];
    if (!trial) {
      this.post({ type: 'error', message: `Run ${record.id} has no trial ${this.trialIndex + 1}.` });
      return;
    }
    this.panel.title = resultsTitle(record, trial.index);
    this.sentKey = resultsKey(record);
    const detail = trialDetail(trial);
    // Numbers, curves and matrix first; the images (most of the bytes) in a second message.
    this.post({
      type: 'results',
      header: runHeader(this.runDir, record),
      trial: { ...detail, samples: [] },
      samplesFollow: detail.samples.length > 0,
    });
    if (detail.samples.length > 0)
      this.post({ type: 'resultsSamples', trialIndex: trial.index, samples: detail.samples });
    if (trial.result && trial.status === 'done')
      void this.sendWeights(modelDirOf(this.runDir, trial.index, record.trials.length), trial.index);
  }

  /** After the first paint: the saved weights for "Inside the network" and "Draw a digit". */
  private async sendWeights(modelDir: string, trialIndex: number): Promise<void> {
    try {
      const files = await readModelFiles(modelDir);
      this.post({
        type: 'modelWeights',
        trialIndex,
        model: { json: files.modelJson, weights: files.weights.toString('base64') },
        error: null,
      });
    } catch (e) {
      this.post({ type: 'modelWeights', trialIndex, model: null, error: e instanceof Error ? e.message : String(e) });
    }
  }
}
