// Shared HTML shell for every MNIST Lab webview: a strict CSP with a per-load nonce, resources
// only from the extension's own dist/webviews and media folders (never the network), and
// scripts referenced through asWebviewUri. Panels (including the backprop panel) call
// webviewOptions() when creating a panel and renderWebviewHtml() to fill it.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isLoadFailedMessage } from './contract';
import { LOAD_GUARD_SCRIPT } from './load-guard';
import { l10nBundleElement } from './contract';

export interface WebviewHtmlOptions {
  /** Document title (screen readers, devtools). */
  title: string;
  /**
   * Bundle name: loads dist/webviews/<script>.app.js, an ES module that imports the chunks the
   * apps share from dist/webviews/chunks (inside localResourceRoots).
   */
  script: string;
  /** Stylesheets in media/ (file names), loaded in order after webview-base.css (and before accessibility.css). */
  styles?: string[];
  /** Static body markup placed before the script (the app renders the rest). */
  body?: string;
  /** How often the host loaded this page again after a failed load (data-host-reloads). */
  reloads?: number;
}

/** Folders a webview may load from; everything else (including the network) is refused. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/**
 * Options for createWebviewPanel. No retainContextWhenHidden: apps keep their UI state
 * with getState/setState and are re-sent their data after the "ready" handshake.
 */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: localResourceRoots(extensionUri),
  };
}

/** Nonce for the CSP from the OS's secure random source (Math.random is predictable): 192 bits, base64url. */
export function createNonce(): string {
  return randomBytes(24).toString('base64url');
}

/** The Content-Security-Policy for a webview page with the given nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    // data: for canvas.toDataURL previews; blob: is not needed.
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    // The entry module script carries the nonce; the chunks it imports are fetched with that
    // nonce too (module graphs inherit it), so no source list is needed here.
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

export function renderWebviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  options: WebviewHtmlOptions,
): string {
  const nonce = createNonce();
  const media = (name: string): string =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)).toString();
  const script = webview
    .asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webviews', `${options.script}.app.js`))
    .toString();
  // accessibility.css last: its focus and high-contrast rules refine every panel's own.
  const styles = ['webview-base.css', ...(options.styles ?? []), 'accessibility.css']
    .map((s) => `<link rel="stylesheet" href="${media(s)}">`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}"${options.reloads ? ` data-host-reloads="${options.reloads}"` : ''}>
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <script nonce="${nonce}">${LOAD_GUARD_SCRIPT}</script>
    ${styles}
    <title>${escapeHtml(options.title)}</title>
  </head>
  <body>
    ${l10nBundleElement(vscode.l10n.bundle)}
    ${options.body ?? `<main id="app" aria-busy="true"><p class="loading">${escapeHtml(vscode.l10n.t('Loading…'))}</p></main>`}
    <script type="module" nonce="${nonce}" data-app src="${script}"></script>
  </body>
</html>`;
}

/** Reloads a page may get without the user asking. */
export const AUTOMATIC_RELOADS = 1;

/**
 * Fills a panel with its page, and loads the page again when its load guard reports that the
 * script or styles failed: once by itself (VS Code for the Web's resource-host race is over by
 * then, and a new document fetches every chunk afresh), and again whenever the user presses Try
 * again. A second failure on its own leaves the page's explanation in view rather than looping.
 */
export function showWebviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  options: WebviewHtmlOptions,
): vscode.Disposable {
  let reloads = 0;
  let automatic = 0;
  webview.html = renderWebviewHtml(webview, extensionUri, options);
  return webview.onDidReceiveMessage((message: unknown) => {
    if (!isLoadFailedMessage(message)) return;
    if (!message.manual && automatic >= AUTOMATIC_RELOADS) return;
    if (!message.manual) automatic++;
    reloads++;
    webview.html = renderWebviewHtml(webview, extensionUri, { ...options, reloads });
  });
}
