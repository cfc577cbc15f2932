import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/command-ids';

// Spelled out rather than read from package.json so that renaming the extension fails here.
const extensionId = 'mnist-lab.mnist-lab';

suite('activation', () => {
  test('the extension is installed under its id', () => {
    assert.ok(vscode.extensions.getExtension(extensionId), `${extensionId} is not among the installed extensions`);
  });

  test('it activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('it registers mnistLab.showOutput', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMANDS.showLog), `${COMMANDS.showLog} is not registered`);
  });
});
