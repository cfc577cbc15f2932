// MNIST Lab's problems in the Problems panel while the user types: schema and semantic, each
// once, on the token it is about. VS Code's JSON service gets a non-validating schema (see
// src/experiments/editor-schema.ts) for completions and hovers, so these are the only schema
// problems; syntax errors are the JSON service's own, so text that does not parse gets none
// here (a second, differently placed report of the same typo helps nobody).
import * as vscode from 'vscode';
import { checkParsableExperimentText, type Problem } from '../../experiments/load';
import { isExperimentPath } from '../experiments/files';
import { rangeOfPointer } from './json-ranges';

const DEBOUNCE_MS = 300;
export const DIAGNOSTIC_SOURCE = 'MNIST Lab';

export function problemRange(document: vscode.TextDocument, problem: Problem): vscode.Range {
  const { start, end } = rangeOfPointer(document.getText(), problem.pointer, problem.token);
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

export function problemToDiagnostic(document: vscode.TextDocument, problem: Problem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    problemRange(document, problem),
    problem.pointer ? `${problem.pointer}: ${problem.message}` : problem.message,
    problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}

/** The document's problems, or none while it is not valid JSON (the JSON service says where). */
export function documentProblems(document: vscode.TextDocument): Problem[] {
  return checkParsableExperimentText(document.getText(), document.uri.fsPath) ?? [];
}

export function isExperimentDocument(document: vscode.TextDocument): boolean {
  // Other schemes are views of a file (git history, diffs): their problems are not the user's to fix.
  return document.uri.scheme === 'file' && isExperimentPath(document.uri.path);
}

export function registerExperimentDiagnostics(context: vscode.ExtensionContext): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('mnistLab');
  const timers = new Map<string, NodeJS.Timeout>();

  const check = (document: vscode.TextDocument): void => {
    collection.set(
      document.uri,
      documentProblems(document).map((p) => problemToDiagnostic(document, p)),
    );
  };
  const schedule = (document: vscode.TextDocument): void => {
    if (!isExperimentDocument(document)) return;
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
