// Engine problems (schema + semantic) in the Problems panel while the user types. The JSON
// language service reports schema errors too, but only the engine knows the semantic rules
// (binary needs two classes, sweeps that cannot run, …) and speaks in the same words as a run.
import * as vscode from 'vscode';
import { checkExperimentText, type Problem } from '../../experiments/load';
import { isExperimentPath } from '../experiments/files';
import { rangeOfPointer } from './json-ranges';

const DEBOUNCE_MS = 300;

export function problemToDiagnostic(document: vscode.TextDocument, problem: Problem): vscode.Diagnostic {
  const { start, end } = rangeOfPointer(document.getText(), problem.pointer);
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(document.positionAt(start), document.positionAt(end)),
    problem.pointer ? `${problem.pointer}: ${problem.message}` : problem.message,
    problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = 'MNIST Lab';
  return diagnostic;
}

export function registerExperimentDiagnostics(context: vscode.ExtensionContext): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('mnistLab');
  const timers = new Map<string, NodeJS.Timeout>();

  const check = (document: vscode.TextDocument): void => {
    const problems = checkExperimentText(document.getText(), document.uri.fsPath);
    collection.set(
      document.uri,
      problems.map((p) => problemToDiagnostic(document, p)),
    );
  };
  const schedule = (document: vscode.TextDocument): void => {
    // Other schemes are views of a file (git history, diffs): their problems are not the user's to fix.
    if (document.uri.scheme !== 'file' || !isExperimentPath(document.uri.path)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (!document.isClosed) check(document);
      }, DEBOUNCE_MS),
    );
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      collection.delete(d.uri);
    }),
    { dispose: () => timers.forEach(clearTimeout) },
  );
  vscode.workspace.textDocuments.forEach(schedule);
  return collection;
}
