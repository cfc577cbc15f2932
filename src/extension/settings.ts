// The extension's settings, read at the moment they matter (a run start, a queue pump), so a
// change in Settings applies to the next run without a reload.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isBackendPreference, type BackendPreference } from '../core/names';
import { runsRootFor } from '../runs/store';

const SECTION = 'mnistLab';

export interface RunSettings {
  backend: BackendPreference;
  maxParallelRuns: number;
  /** Trainer processes per sweep run; undefined: one per CPU core. */
  sweepWorkers: number | undefined;
  /** Threads per trainer process for trials of batch 512 or more (1: one thread). */
  trainerThreads: number;
}

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
}

export function readRunSettings(): RunSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const backend = config.get<string>('backend', 'auto');
  return {
    backend: isBackendPreference(backend) ? backend : 'auto',
    maxParallelRuns: positiveInteger(config.get('maxParallelRuns'), 1),
    // 0 (the default) lets the controller use one worker per core.
    sweepWorkers: config.get('sweepWorkers') === 0 ? undefined : positiveInteger(config.get('sweepWorkers'), 1),
    trainerThreads: positiveInteger(config.get('trainerThreads'), 1),
  };
}

export function affectsRunsFolder(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.runsFolder`);
}

/**
 * Where runs of an experiment file are stored: `mnistLab.runsFolder` of the file's workspace
 * folder (relative paths from that folder), else `<folder>/.mnistlab/runs`. Bundled samples
 * live outside every folder, so their runs go to the first folder; with no folder open at all
 * they go to the extension's global storage rather than next to the installed extension.
 */
export function runsRootForFile(file: string | undefined, fallbackRoot: string): string {
  const folder =
    (file ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) : undefined) ??
    vscode.workspace.workspaceFolders?.[0];
  return folder ? runsRootForFolder(folder) : fallbackRoot;
}

function runsRootForFolder(folder: vscode.WorkspaceFolder): string {
  const configured = vscode.workspace.getConfiguration(SECTION, folder.uri).get<string>('runsFolder', '').trim();
  return configured === '' ? runsRootFor(folder.uri.fsPath) : path.resolve(folder.uri.fsPath, configured);
}

/** Every runs root the tree has to look in: one per workspace folder, or the fallback. */
export function allRunsRoots(fallbackRoot: string): string[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length === 0 ? [fallbackRoot] : [...new Set(folders.map(runsRootForFolder))];
}
