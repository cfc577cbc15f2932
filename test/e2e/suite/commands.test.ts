import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/command-ids';

const extensionId = 'mnist-lab.mnist-lab';

interface Manifest {
  contributes: {
    commands: { command: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

function manifest(): Manifest {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not installed`);
  return extension.packageJSON as Manifest;
}

suite('commands', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  test('every command the manifest declares is registered, in the "MNIST Lab" category', async () => {
    const declared = manifest().contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    // ids.ts is checked against package.json by test/unit/command-ids.test.ts; here the
    // running extension must register each of them.
    const expected = Object.values(COMMANDS);
    assert.deepEqual(
      expected.filter((id) => !registered.has(id)),
      [],
      'in ids.ts but not registered',
    );
    assert.deepEqual(
      declared.map((c) => c.command).filter((id) => !registered.has(id)),
      [],
      'declared but not registered',
    );
    assert.deepEqual(
      declared.filter((c) => c.category !== 'MNIST Lab').map((c) => c.command),
      [],
      'commands outside the MNIST Lab category',
    );
  });

  test('commands that need a tree item are hidden from the Command Palette', () => {
    const hidden = manifest()
      .contributes.menus.commandPalette.filter((m) => m.when === 'false')
      .map((m) => m.command)
      .sort();
    assert.deepEqual(
      hidden,
      [COMMANDS.deleteRun, COMMANDS.exportRun, COMMANDS.refresh, COMMANDS.revealRunFolder, COMMANDS.showMore].sort(),
    );
  });
});
