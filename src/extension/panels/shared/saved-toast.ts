// The notification after an export or a saved chart: short enough not to be cut off (file
// names only, never whole paths), with Open and Reveal for the file just written.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** "MNIST Lab: saved run-x-metrics.csv (and its .json)" with Open / Reveal. */
export async function announceSaved(file: string, also?: string): Promise<void> {
  const open = vscode.l10n.t('Open');
  const reveal = vscode.l10n.t('Reveal');
  const choice = await vscode.window.showInformationMessage(
    also
      ? vscode.l10n.t('MNIST Lab: saved {0} (and its {1})', path.basename(file), path.extname(also))
      : vscode.l10n.t('MNIST Lab: saved {0}', path.basename(file)),
    open,
    reveal,
  );
  const uri = vscode.Uri.file(file);
  if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
  // The Explorer shows files inside the workspace; the OS file manager any other.
  else if (choice === reveal)
    await vscode.commands.executeCommand(
      vscode.workspace.getWorkspaceFolder(uri) ? 'revealInExplorer' : 'revealFileInOS',
      uri,
    );
}
