// Extension-host side of the backprop walkthrough panel. One panel at a time: opening another
// walkthrough replaces the record shown (the registry calls show()). The record travels in the
// "init" message, and the webview keeps it in its state, so a reloaded window can revive the
// panel without a run.
import * as vscode from 'vscode';
import type { BackpropRecord } from '../../../core/record';
import type { Panel } from '../shared/panel';
import { showWebviewHtml, webviewOptions } from '../shared/webview-html';
import { isBackpropWebviewMessage, type BackpropHostMessage } from './contract';
import { markWalkthroughStep, WALKTHROUGH_CONTEXT } from '../../walkthrough/get-started';

export class BackpropPanel implements Panel {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDisposeCallbacks: Array<() => void> = [];
  private disposed = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private record: BackpropRecord,
    private title: string,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    this.disposables.push(
      showWebviewHtml(panel.webview, extensionUri, { title, script: 'backprop', styles: ['backprop.css'] }),
    );
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    markWalkthroughStep(WALKTHROUGH_CONTEXT.backpropOpened);
  }

  /** Shows another walkthrough in this panel. */
  show(record: BackpropRecord, title: string): void {
    this.record = record;
    this.title = title;
    this.panel.title = title;
    this.panel.reveal(vscode.ViewColumn.Beside);
    this.post();
  }

  reveal(column?: vscode.ViewColumn, preserveFocus?: boolean): void {
    this.panel.reveal(column, preserveFocus);
  }

  onDidDispose(callback: () => void): void {
    this.onDisposeCallbacks.push(callback);
  }

  private onMessage(message: unknown): void {
    // The webview is untrusted: anything but a known message is ignored.
    if (!isBackpropWebviewMessage(message)) return;
    if (message.type === 'ready') this.post();
  }

  private post(): void {
    const message: BackpropHostMessage = { type: 'init', title: this.title, record: this.record };
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.disposables.length) this.disposables.pop()?.dispose();
    for (const cb of this.onDisposeCallbacks.splice(0)) cb();
    this.panel.dispose();
  }
}
