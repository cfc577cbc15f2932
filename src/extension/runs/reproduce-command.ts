// "Reproduce Case Study": the CLI's `mnist-lab reproduce`, with a progress notification and
// the report opened at the end. Training still happens in forked trainer processes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reproduceStudy } from '../../report/reproduce';
import type { RunSettings } from '../settings';

/** Skips the quick/full pick when given (keybindings, tests); `parts` defaults to all five. */
export interface ReproduceArgs {
  quick?: boolean;
  parts?: number[];
}

export async function reproduceCaseStudy(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  settings: () => RunSettings,
  nativeModuleDir: () => string | null,
  args?: ReproduceArgs,
): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('MNIST Lab: open a folder first; the report is written into it (mnist-lab-reports/).');
    return;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('MNIST Lab: reproducing the case study trains networks, which needs a trusted workspace.', 'Manage Workspace Trust').then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return;
  }
  const pick = typeof args?.quick === 'boolean' ? { quick: args.quick } : await vscode.window.showQuickPick(
    [
      { label: 'Quick', description: 'reduced data and epochs, about a minute — a smoke test, not comparable with the study', quick: true },
      { label: 'Full', description: 'all five parts, 3 seeds for parts 2 and 4 — about 8 minutes on 2 cores (wasm)', quick: false },
    ],
    { title: 'MNIST Lab: Reproduce Case Study' },
  );
  if (!pick) return;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  const outDir = path.join(folder.uri.fsPath, 'mnist-lab-reports', `case-study-${pick.quick ? 'quick-' : ''}${stamp}`);
  const s = settings();
  try {
    const { reportFile } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MNIST Lab: reproducing the case study', cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return reproduceStudy({
          outDir,
          samplesDir: path.join(context.extensionPath, 'samples'),
          trainerPath: path.join(context.extensionPath, 'dist', 'trainer.js'),
          quick: pick.quick,
          seeds: pick.quick ? [42] : [42, 43, 44],
          backend: s.backend,
          parts: args?.parts?.filter((p) => [1, 2, 3, 4, 5].includes(p)) ?? [1, 2, 3, 4, 5],
          workers: s.sweepWorkers,
          threads: s.trainerThreads,
          nativeModuleDir: nativeModuleDir(),
          signal: abort.signal,
          log: (line) => {
            log.info(`[reproduce] ${line}`);
            progress.report({ message: line.trim().slice(0, 90) });
          },
        });
      },
    );
    log.info(`[reproduce] report: ${reportFile}`);
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(reportFile));
    return reportFile;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`[reproduce] ${message}`);
    const choice = await vscode.window.showErrorMessage(`MNIST Lab: the reproduction stopped: ${message}`, 'Show Log');
    if (choice === 'Show Log') log.show(true);
    return undefined;
  }
}
