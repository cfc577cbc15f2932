// The "Get Started with MNIST Lab" walkthrough (contributes.walkthroughs in package.json): the
// ids its steps complete on, and offering it once, on the first activation in a workspace
// that has no experiment yet. Steps tick themselves through completion events: commands
// (onCommand) and the context keys below (onContext), which panels set when the user does the
// step's action there.
import * as vscode from 'vscode';
import { findWorkspaceExperiments } from '../experiments/files';
import { WALKTHROUGH_CONTEXT, WALKTHROUGH_ID, type WalkthroughContextKey } from './ids';

export { WALKTHROUGH_CONTEXT };

/** Remembered per machine, so the walkthrough is offered once, not in every new folder. */
const OFFERED_KEY = 'mnistLab.getStartedOffered';

export function markWalkthroughStep(key: WalkthroughContextKey): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

export function openWalkthrough(extensionId: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false);
}

/**
 * Offers the walkthrough on the first activation in a workspace without experiments (someone
 * new to MNIST Lab), once per machine: a notification with a button, not an editor opened
 * unasked, which would take focus from whatever the user started (a quick pick closes when it
 * loses focus). A folder of experiments means the user already knows the way.
 */
export async function offerWalkthroughOnFirstRun(context: vscode.ExtensionContext): Promise<boolean> {
  if (context.globalState.get<boolean>(OFFERED_KEY)) return false;
  if (vscode.workspace.workspaceFolders?.length && (await findWorkspaceExperiments()).length > 0) return false;
  await context.globalState.update(OFFERED_KEY, true);
  const open = vscode.l10n.t('Open Walkthrough');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'New to MNIST Lab? A six-step walkthrough opens the case-study samples, trains a first network and reads its results with you.',
    ),
    open,
  );
  if (choice === open) await openWalkthrough(context.extension.id);
  return true;
}
