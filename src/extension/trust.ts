// Restricted Mode: browsing, editing and reading finished runs are harmless, but a run starts a
// process that loads code and writes files, so it needs a trusted workspace. The extension API
// (1.100) has no call that asks for trust directly; the gate explains and offers the Workspace
// Trust editor, and the user starts the run again once trusted.
import * as vscode from 'vscode';

/** The modal's button, in the user's language. */
export const manageTrustLabel = (): string => vscode.l10n.t('Manage Workspace Trust');

export interface TrustDeps {
  isTrusted(): boolean;
  ask(message: string, ...actions: string[]): Thenable<string | undefined>;
  openTrustEditor(): Thenable<unknown>;
}

export const vscodeTrustDeps: TrustDeps = {
  isTrusted: () => vscode.workspace.isTrusted,
  ask: (message, ...actions) => vscode.window.showWarningMessage(message, { modal: true }, ...actions),
  openTrustEditor: () => vscode.commands.executeCommand('workbench.trust.manage'),
};

/** Resolves true when a run may start now; `reason` says what needs the trust. */
export async function ensureTrustedToRun(
  deps: TrustDeps = vscodeTrustDeps,
  reason: string = vscode.l10n.t(
    'Running an experiment starts a training process, which needs a trusted workspace. Trust this workspace, then run the experiment again.',
  ),
): Promise<boolean> {
  if (deps.isTrusted()) return true;
  const manageTrust = manageTrustLabel();
  const choice = await deps.ask(reason, manageTrust);
  if (choice === manageTrust) await deps.openTrustEditor();
  return false;
}
