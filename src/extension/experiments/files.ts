// Which files are experiments, and where the bundled samples are. One place, so the tree,
// diagnostics, CodeLens and commands agree.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from './jsonc';
import * as vscode from 'vscode';
import { EXPERIMENT_SUFFIX, isExperimentPath } from './experiment-path';

export { EXPERIMENT_SUFFIX, isExperimentPath };
export const EXPERIMENT_GLOB = '**/*.mnistexp.json';
/** Run folders and dependencies can hold copies of experiments that are not the user's. */
const EXCLUDE_GLOB = '**/{node_modules,.mnistlab,.git}/**';

export function samplesDir(extensionPath: string): string {
  return path.join(extensionPath, 'samples');
}

export async function findWorkspaceExperiments(): Promise<string[]> {
  const uris = await vscode.workspace.findFiles(EXPERIMENT_GLOB, EXCLUDE_GLOB);
  return uris.map((u) => u.fsPath).sort((a, b) => a.localeCompare(b));
}

export async function findBundledSamples(extensionPath: string): Promise<string[]> {
  const dir = samplesDir(extensionPath);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names
    .filter(isExperimentPath)
    .sort()
    .map((n) => path.join(dir, n));
}

export interface ExperimentSummary {
  name: string;
  description: string;
}

/** Tolerant: the tree must still show a file the user is halfway through editing. */
export function summarizeExperimentText(text: string, file: string): ExperimentSummary {
  const data: unknown = parse(text, [], { allowTrailingComma: true });
  const fields = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const name =
    typeof fields.name === 'string' && fields.name.trim() !== '' ? fields.name : path.basename(file, EXPERIMENT_SUFFIX);
  return { name, description: typeof fields.description === 'string' ? fields.description : '' };
}

export async function summarizeExperiment(file: string): Promise<ExperimentSummary> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return summarizeExperimentText(text, file);
}
