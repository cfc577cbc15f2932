import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/command-ids';
import type { MnistLabApi } from '../../../src/extension';
import type { RunRecord } from '../../../src/core/record';
import { limitedBinary } from '../../experiment-files';
import { activateMnistLab, runNodes, writeExperiment } from './workspace';

// Weights drawn with a standard deviation of 1e20 overflow float32 at once: the loss is NaN from batch 1.
const diverging = {
  kind: 'multiclass',
  data: { limit: { train: 600, test: 200 } },
  model: { hidden: [{ units: 32 }, { units: 32 }], initializer: { name: 'randomNormal', stddev: 1e20 } },
  training: {
    optimizer: 'sgd',
    learningRate: 1,
    loss: 'meanSquaredError',
    batchSize: 32,
    epochs: 2,
    earlyStopping: { monitor: 'val_loss', patience: 1 },
  },
};
const tiny = limitedBinary();

suite('reliability', function () {
  this.timeout(120_000);
  let api: MnistLabApi;

  suiteSetup(async () => {
    ({ api } = await activateMnistLab());
  });

  test('a diverging run in the queue fails with where it diverged, and the good run queued behind it completes', async () => {
    const bad = writeExperiment('e2e-diverging', diverging);
    const good = writeExperiment('e2e-after-divergence', tiny);
    const badDone = vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, bad);
    const goodDone = vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, good);

    const failed = await badDone;
    assert.ok(failed, 'the diverging run did not start');
    assert.equal(failed.status, 'failed');
    assert.equal(failed.trials[0]!.error, 'diverged: loss is NaN at epoch 1, batch 1');
    assert.equal(failed.error, 'diverged: loss is NaN at epoch 1, batch 1');

    const done = await goodDone;
    assert.equal(done?.status, 'done', `the run after the diverging one: ${done?.error}`);
    assert.ok(
      done.createdAt >= failed.finishedAt!,
      'the good run waited in the queue until the diverging one had settled',
    );
    assert.equal(api.runs.activeRuns().length + api.runs.queuedCount, 0, 'nothing left running or queued');

    const [node] = await runNodes(api, bad);
    assert.ok(node);
    const onDisk = JSON.parse(readFileSync(join(node.runDir, 'run.json'), 'utf8')) as RunRecord;
    assert.equal(onDisk.status, 'failed');
    const item = await api.tree.getTreeItem(node);
    assert.equal(item.contextValue, 'run.failed');
    assert.equal(item.description, 'failed: diverged: loss is NaN at epoch 1, batch 1');
  });

  test('a "running" record whose process is gone shows as interrupted, with Delete and without Stop', async () => {
    const uri = writeExperiment('e2e-interrupted', tiny);
    const done = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);
    assert.equal(done?.status, 'done');
    const [finished] = await runNodes(api, uri);
    assert.ok(finished);
    // What a killed CLI leaves behind: status running, owned by a pid that no longer exists.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const staleDir = join(finished.runDir, '..', 'stale-run');
    mkdirSync(staleDir);
    const stale: RunRecord = {
      ...done,
      id: 'stale-run',
      status: 'running',
      owner: { pid: Number(deadPid), host: hostname() },
    };
    writeFileSync(join(staleDir, 'run.json'), JSON.stringify(stale));
    await vscode.commands.executeCommand(COMMANDS.refresh);

    const node = (await runNodes(api, uri)).find((n) => n.summary.id === 'stale-run');
    assert.ok(node, 'the stale run is listed');
    const item = await api.tree.getTreeItem(node);
    assert.equal(item.description, 'interrupted');
    assert.equal(item.contextValue, 'run.interrupted');
    const menus = (
      vscode.extensions.getExtension('mnist-lab.mnist-lab')!.packageJSON as {
        contributes: { menus: Record<string, { command: string; when: string }[]> };
      }
    ).contributes.menus['view/item/context'];
    const offered = (command: string) =>
      menus
        .filter((m) => m.command === command)
        .some((m) =>
          [...m.when.matchAll(/viewItem =~ \/(.+?)\/(?: |\)|$)/g)].some((w) =>
            new RegExp(w[1]!).test(item.contextValue!),
          ),
        );
    assert.equal(offered(COMMANDS.deleteRun), true, 'Delete is offered');
    assert.equal(offered(COMMANDS.stop), false, 'Stop is not offered');
  });
});
