// Base of the results and sweep panels: both re-send their data when the run changes (a panel
// opened while a sweep still runs fills in as trials finish), debounced so a busy run does not
// flood the webview.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { ResultPanel, type PanelDeps } from './result-panel';
import { resultsKey } from './summaries';

const REFRESH_DEBOUNCE_MS = 1000;

export abstract class RunPanel<H extends { type: string }, W extends { type: string }> extends ResultPanel<H, W> {
  private refreshTimer: NodeJS.Timeout | undefined;
  /** resultsKey of the record last sent; epochs of a running sweep do not rebuild the panel. */
  protected sentKey = '';

  constructor(
    kind: 'results' | 'sweep',
    panel: vscode.WebviewPanel,
    deps: PanelDeps,
    isMessage: (value: unknown) => value is W,
    readonly runDir: string,
  ) {
    super(kind, panel, deps, isMessage);
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
