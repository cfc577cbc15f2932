// What the extension-host tests share: the activated extension's API, experiment files written
// into the test workspace, and their rows in the Experiments tree.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MnistLabApi } from '../../../src/extension';
import type { ExperimentsTreeNode, RunNode } from '../../../src/extension/tree/experiments-tree';

export const EXTENSION_ID = 'mnist-lab.mnist-lab';

/** The extension under test, activated, and its API. */
export async function activateMnistLab(): Promise<{ api: MnistLabApi; extensionPath: string }> {
  const extension = vscode.extensions.getExtension<MnistLabApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in the extension host`);
  return { api: await extension.activate(), extensionPath: extension.extensionPath };
}

/** The test workspace's folder (the harness always opens one). */
export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return folder.uri.fsPath;
}

/** Writes `<name>.mnistexp.json` with `body` named `name` into the workspace. */
export function writeExperiment(name: string, body: object): vscode.Uri {
  const file = join(workspaceFolder(), `${name}.mnistexp.json`);
  writeFileSync(file, JSON.stringify({ name, ...body }, null, 2));
  return vscode.Uri.file(file);
}

/** The tree rows under the experiment in `uri` (its runs, queued runs, day groups). */
export async function experimentChildren(api: MnistLabApi, uri: vscode.Uri): Promise<ExperimentsTreeNode[]> {
  const roots = await api.tree.getChildren();
  const experiment = roots.find((n) => n.kind === 'experiment' && n.file === uri.fsPath);
  assert.ok(experiment, `${uri.fsPath} is not in the Experiments tree`);
  return api.tree.getChildren(experiment);
}

/** The run rows under the experiment in `uri`. */
export async function runNodes(api: MnistLabApi, uri: vscode.Uri): Promise<RunNode[]> {
  return (await experimentChildren(api, uri)).filter((n): n is RunNode => n.kind === 'run');
}
