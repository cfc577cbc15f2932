import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

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
    const expected = [
      'mnistLab.runExperiment',
      'mnistLab.runExperimentQuick',
      'mnistLab.stopRun',
      'mnistLab.openResults',
      'mnistLab.newExperiment',
      'mnistLab.openSamples',
      'mnistLab.revealRunFolder',
      'mnistLab.deleteRun',
      'mnistLab.compareRuns',
      'mnistLab.exportRun',
      'mnistLab.showOutput',
    ];
    assert.deepEqual(
      expected.filter((id) => !declared.some((c) => c.command === id)),
      [],
      'commands missing from package.json',
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
    assert.deepEqual(hidden, ['mnistLab.deleteRun', 'mnistLab.exportRun', 'mnistLab.refreshExperiments', 'mnistLab.revealRunFolder']);
  });
});
