// Run Experiment given a bundled sample by name, as the walkthrough's command links do: a name
// that is not a bundled sample runs nothing and opens no picker (it ends with an error message).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/command-ids';
import type { MnistLabApi } from '../../../src/extension';
import { activateMnistLab } from './workspace';

suite('a run command given a sample by name', function () {
  let api: MnistLabApi;

  suiteSetup(async () => {
    ({ api } = await activateMnistLab());
  });

  test('anything but a bundled sample name runs nothing and asks nothing', async () => {
    const hostile: unknown[] = [
      '../package',
      '../../../etc/passwd',
      '/etc/passwd',
      'batch-lr-grid/../binary-5-vs-8',
      'BATCH-LR-GRID',
      42,
      null,
      ['batch-lr-grid'],
      'x'.repeat(100_000),
    ];
    for (const sample of hostile) {
      // A picker would keep the command waiting for an answer: the race tells it apart.
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        vscode.commands.executeCommand(COMMANDS.runQuick, { sample }).then((r) => ({ result: r })),
        new Promise<'waiting'>((resolve) => {
          timer = setTimeout(() => resolve('waiting'), 10_000);
        }),
      ]);
      clearTimeout(timer);
      assert.deepEqual(outcome, { result: undefined }, `${String(sample).slice(0, 40)}: refused at once`);
      assert.equal(api.runs.activeRuns().length + api.runs.queuedCount, 0, 'nothing queued or running');
    }
  });
});
