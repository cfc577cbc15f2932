// What the extension-host tests share: the activated extension's API and experiment files
// written into the test workspace.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MnistLabApi } from '../../../src/extension';

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
