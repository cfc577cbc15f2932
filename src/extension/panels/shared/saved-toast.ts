// The notification after an export or a saved chart: short enough not to be cut off (file
// names only, never whole paths), with Open and Reveal for the file just written.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const OPEN = 'Open';
export const REVEAL = 'Reveal';

/** "MNIST Lab: saved run-x-metrics.csv (and its .json)" with Open / Reveal. */
export async function announceSaved(file: string, also?: string): Promise<void> {
  const extra = also ? ` (and its ${path.extname(also)})` : '';
  const choice = await vscode.window.showInformationMessage(
    `MNIST Lab: saved ${path.basename(file)}${extra}`,
    OPEN,
    REVEAL,
  );
  const uri = vscode.Uri.file(file);
  if (choice === OPEN) await vscode.commands.executeCommand('vscode.open', uri);
  // The Explorer shows files inside the workspace; the OS file manager any other.
  else if (choice === REVEAL)
    await vscode.commands.executeCommand(
      vscode.workspace.getWorkspaceFolder(uri) ? 'revealInExplorer' : 'revealFileInOS',
      uri,
    );
}
