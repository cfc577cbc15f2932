// Compare panel controller: reads every chosen run and sends one entry per run (its best
// trial). Runs that cannot be read are named in an error instead of silently dropped.
import * as vscode from 'vscode';
import { ResultPanel, type PanelDeps } from '../shared/result-panel';
import { compareEntry } from './summary';
import { markWalkthroughStep, WALKTHROUGH_CONTEXT } from '../../walkthrough/get-started';
import type { OpenTrialMessage } from '../shared/contract';
import {
  isCompareWebviewMessage,
  type CompareEntry,
  type CompareHostMessage,
  type CompareWebviewMessage,
} from './contract';

export class ComparePanel extends ResultPanel<CompareHostMessage, CompareWebviewMessage> {
  /** Run folder of each entry sent, in order (entries skip unreadable runs). */
  private entryDirs: string[] = [];
  constructor(
    panel: vscode.WebviewPanel,
    deps: PanelDeps,
    readonly runDirs: string[],
  ) {
    super('compare', panel, deps, isCompareWebviewMessage);
  }

  protected exportRunDir(): undefined {
    return undefined;
  }

  protected async sendInitial(): Promise<void> {
    const entries: CompareEntry[] = [];
    const failed: string[] = [];
    for (const dir of this.runDirs) {
      try {
        const entry = compareEntry(dir, await this.deps.runs.readWithoutSamples(dir));
        if (entry) entries.push(entry);
        else failed.push(dir);
      } catch {
        failed.push(dir);
      }
    }
    if (failed.length > 0 && entries.length === 0) {
      this.post({ type: 'error', message: vscode.l10n.t('Could not read: {0}', failed.join(', ')) });
      return;
    }
    this.entryDirs = entries.map((e) => e.header.runDir);
    this.panel.title = vscode.l10n.t('Compare {0} runs', entries.length);
    this.post({ type: 'compare', entries });
    markWalkthroughStep(WALKTHROUGH_CONTEXT.compared);
  }

  protected override handle(m: OpenTrialMessage): void {
    if (m.run !== undefined) {
      const dir = this.entryDirs[m.run];
      if (dir) this.deps.open.results(dir, m.index);
    }
  }
}
