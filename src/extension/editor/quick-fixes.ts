// Quick Fixes (Ctrl+.) for MNIST Lab's did-you-mean problems: a misspelt key or enum value is
// replaced by the suggestion. The problems are recomputed from the document rather than parsed
// back out of diagnostic messages, so the message wording stays free to change.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, documentProblems, isExperimentDocument, problemRange } from './diagnostics';

export class DidYouMeanFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (!isExperimentDocument(document)) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const actions: vscode.CodeAction[] = [];
    for (const problem of documentProblems(document)) {
      if (problem.suggestion === undefined) continue;
      const range = problemRange(document, problem);
      const diagnostic = ours.find((d) => d.range.isEqual(range));
      if (!diagnostic) continue;
      const action = new vscode.CodeAction(`Change to "${problem.suggestion}"`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, range, JSON.stringify(problem.suggestion));
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

export function registerQuickFixes(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      { language: 'json', pattern: '**/*.mnistexp.json' },
      new DidYouMeanFixes(),
      {
        providedCodeActionKinds: DidYouMeanFixes.kinds,
      },
    ),
  );
}
