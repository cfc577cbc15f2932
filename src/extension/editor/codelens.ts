// "Run experiment" / "Run quick" where the user is looking when they finish editing: the top of
// the experiment file.
import * as vscode from 'vscode';
import { EXPERIMENT_GLOB } from '../experiments/files';
import { COMMANDS } from '../command-ids';

class ExperimentCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, {
        title: `$(play) ${vscode.l10n.t('Run experiment')}`,
        command: COMMANDS.run,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: `$(zap) ${vscode.l10n.t('Run quick')}`,
        tooltip: vscode.l10n.t('A small subset and few epochs: checks the setup in seconds'),
        command: COMMANDS.runQuick,
        arguments: [document.uri],
      }),
    ];
  }
}

export function registerExperimentCodeLens(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(
      { scheme: 'file', pattern: EXPERIMENT_GLOB },
      new ExperimentCodeLensProvider(),
    ),
  );
}
