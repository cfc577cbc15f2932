// Base of every result panel controller: builds the HTML shell, validates every message the
// webview sends, re-sends the panel's data after each "ready" (the webview reloads when it
// is hidden and shown again, since we do not keep its context alive), and handles the
// requests all panels share (save a chart as PNG, export the run).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSource } from '../../runs/run-source';
import type { Panel } from './panel';
import { announceSaved } from './saved-toast';
import {
  PNG_DATA_URL_PREFIX,
  safeFileName,
  type CommonWebviewMessage,
  type ErrorMessage,
  type PanelKind,
} from './contract';
import { showWebviewHtml, webviewOptions } from './webview-html';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  runs: RunSource;
  /** Opens another panel (sweep row → results, live → results). */
  open: {
    results(runDir: string, trialIndex?: number): void;
    export(runDir: string): Promise<void>;
    /** A live run has finished: its tab turns into the run's results (or sweep) panel. */
    finished(runDir: string): void;
  };
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * H: what this panel sends its app; W: what its app may send, checked by `isMessage` (from the
 * panel's contract.ts) before anything acts on it.
 */
export abstract class ResultPanel<H extends { type: string }, W extends { type: string }> implements Panel {
  protected ready = false;
  protected disposed = false;
  protected readonly disposables: vscode.Disposable[] = [];
  private readonly onDisposeCallbacks: Array<() => void> = [];

  constructor(
    readonly kind: PanelKind,
    readonly panel: vscode.WebviewPanel,
    protected readonly deps: PanelDeps,
    isMessage: (value: unknown) => value is W,
  ) {
    panel.webview.options = webviewOptions(deps.extensionUri);
    this.disposables.push(
      showWebviewHtml(panel.webview, deps.extensionUri, { title: panel.title, script: kind, styles: ['panels.css'] }),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        // A webview is untrusted input: anything that is not a well-formed message is dropped.
        if (!isMessage(raw)) return;
        void this.receive(raw).catch((e: unknown) => this.showError(e));
      }),
      panel.onDidChangeViewState(() => {
        // Hidden webviews are torn down; the next "ready" gets the full state again.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  onDidDispose(callback: () => void): void {
    this.onDisposeCallbacks.push(callback);
  }

  /** Sends the panel's whole state (after "ready"). */
  protected abstract sendInitial(): Promise<void>;

  /** Panel-specific messages; the base handles ready, PNG and export. */
  protected handle(_message: Exclude<W, CommonWebviewMessage>): void | Promise<void> {}

  protected abstract exportRunDir(): string | undefined;

  protected post(message: H | ErrorMessage): void {
    if (this.disposed || !this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  private async receive(m: W): Promise<void> {
    const common = m as W & CommonWebviewMessage;
    switch (common.type) {
      case 'ready':
        this.ready = true;
        try {
          await this.sendInitial();
        } catch (e) {
          this.post({
            type: 'error',
            message: `Could not read the run: ${e instanceof Error ? e.message : String(e)}`,
          });
        }
        return;
      case 'savePng':
        return this.savePng(common.name, common.dataUrl);
      case 'exportRun': {
        const dir = this.exportRunDir();
        if (dir) await this.deps.open.export(dir);
        return;
      }
      default:
        return this.handle(m as Exclude<W, CommonWebviewMessage>);
    }
  }

  private async savePng(name: string, dataUrl: string): Promise<void> {
    const bytes = Buffer.from(dataUrl.slice(PNG_DATA_URL_PREFIX.length), 'base64');
    if (bytes.length < PNG_MAGIC.length || !bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) return;
    const base = this.exportRunDir() ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const file = `${safeFileName(name)}.png`;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save chart as PNG'),
      defaultUri: base ? vscode.Uri.file(path.join(base, file)) : undefined,
      filters: { [vscode.l10n.t('PNG image')]: ['png'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    void announceSaved(target.fsPath);
  }

  protected showError(e: unknown): void {
    void vscode.window.showErrorMessage(vscode.l10n.t('MNIST Lab: {0}', e instanceof Error ? e.message : String(e)));
  }

  reveal(column?: vscode.ViewColumn, preserveFocus?: boolean): void {
    this.panel.reveal(column, preserveFocus);
  }

  /**
   * Stops this controller and hands its tab over (the registry gives it to another panel kind);
   * the tab stays open and its close callbacks do not run.
   */
  release(): vscode.WebviewPanel {
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDisposeCallbacks.splice(0);
    return this.panel;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const cb of this.onDisposeCallbacks.splice(0)) cb();
    this.panel.dispose();
  }
}
