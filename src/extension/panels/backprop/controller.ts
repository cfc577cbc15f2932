// Extension-host side of the backprop walkthrough panel. One panel at a time: opening another
// walkthrough replaces the record shown. The record travels in the "init" message, and the
// webview keeps it in its state, so a reloaded window can revive the panel without a run.
import * as vscode from 'vscode';
import type { BackpropRecord } from '../../../core/record';
import { BACKPROP_VIEW_TYPE, isBackpropViewState, isBackpropWebviewMessage, type BackpropHostMessage } from './contract';
import { renderWebviewHtml, webviewOptions } from '../webview-html';

export class BackpropPanel {
  static readonly viewType = BACKPROP_VIEW_TYPE;
  private static current: BackpropPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private record: BackpropRecord,
    private title: string,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { title, script: 'backprop', styles: ['backprop.css'] });
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  static createOrShow(extensionUri: vscode.Uri, record: BackpropRecord, title: string): BackpropPanel {
    const existing = BackpropPanel.current;
    if (existing) {
      existing.show(record, title);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(BACKPROP_VIEW_TYPE, title, vscode.ViewColumn.Beside, webviewOptions(extensionUri));
    BackpropPanel.current = new BackpropPanel(panel, extensionUri, record, title);
    return BackpropPanel.current;
  }

  /**
   * For registerWebviewPanelSerializer: the state is what the webview saved. A state that
   * does not hold a walkthrough (older format, corrupted) closes the panel rather than show
   * an empty one.
   */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: unknown): void {
    if (!isBackpropViewState(state)) {
      panel.dispose();
      return;
    }
    BackpropPanel.current?.panel.dispose();
    BackpropPanel.current = new BackpropPanel(panel, extensionUri, state.record, state.title);
  }

  static serializer(extensionUri: vscode.Uri): vscode.WebviewPanelSerializer {
    return { deserializeWebviewPanel: async (panel, state) => BackpropPanel.revive(panel, extensionUri, state) };
  }

  private show(record: BackpropRecord, title: string): void {
    this.record = record;
    this.title = title;
    this.panel.title = title;
    this.panel.reveal(vscode.ViewColumn.Beside);
    this.post();
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

  private dispose(): void {
    if (BackpropPanel.current === this) BackpropPanel.current = undefined;
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
