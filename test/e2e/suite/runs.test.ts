import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/command-ids';
import type { MnistLabApi } from '../../../src/extension';
import type { RunRecord } from '../../../src/core/record';
import { limitedBinary, longBinary } from '../../experiment-files';
import type { ExperimentsTreeNode, RunNode } from '../../../src/extension/tree/experiments-tree';
import { activateMnistLab, experimentChildren, writeExperiment } from './workspace';

const tiny = limitedBinary();
const long = longBinary;

function readRunJson(runDir: string): RunRecord {
  return JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord;
}

async function runNodeOf(api: MnistLabApi, uri: vscode.Uri, runId: string): Promise<RunNode> {
  const node = (await experimentChildren(api, uri)).find(
    (n): n is RunNode => n.kind === 'run' && n.summary.id === runId,
  );
  assert.ok(node, `run ${runId} is not under its experiment in the tree`);
  return node;
}

/** The run folder of the first run of `uri` to complete an epoch. */
function firstEpoch(api: MnistLabApi, uri: vscode.Uri): Promise<string> {
  return new Promise((resolve) => {
    const subscription = api.runs.onDidUpdate((u) => {
      if (u.record.experiment.file === uri.fsPath && (u.record.trials[0]?.history.length ?? 0) >= 1) {
        subscription.dispose();
        resolve(u.runDir);
      }
    });
  });
}

suite('running experiments', function () {
  this.timeout(120_000);
  let api: MnistLabApi;

  suiteSetup(async () => {
    ({ api } = await activateMnistLab());
  });

  test('Run Experiment trains to the end, writes run.json and lists the run in the tree', async () => {
    const uri = writeExperiment('e2e-tiny', tiny);
    const record = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);

    assert.ok(record, 'the command did not start a run');
    assert.equal(record.status, 'done', `run failed: ${record.error}`);
    assert.equal(record.experiment.file, uri.fsPath);
    const trial = record.trials[0]!;
    assert.equal(trial.history.length, 2);
    assert.ok(
      trial.result && trial.result.testAccuracy > 0.6,
      `test accuracy ${trial.result?.testAccuracy} is no better than guessing`,
    );

    const node = await runNodeOf(api, uri, record.id);
    const onDisk = readRunJson(node.runDir);
    assert.equal(onDisk.status, 'done');
    assert.equal(onDisk.trials[0]!.history.length, 2);
    assert.equal(onDisk.trials[0]!.result?.testAccuracy, trial.result.testAccuracy);

    const item = await api.tree.getTreeItem(node);
    assert.equal(item.contextValue, 'run.done');
    assert.equal(item.description, `test acc ${(trial.result.testAccuracy * 100).toFixed(2)} %`);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass');
  });

  test('Run Experiment (Quick) caps the run by the file\'s "quick" section', async () => {
    const uri = writeExperiment('e2e-quick', {
      ...tiny,
      training: { ...tiny.training, epochs: 50 },
      quick: { train: 300, test: 100, epochs: 1 },
    });
    const record = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.runQuick, uri);
    assert.ok(record);
    assert.equal(record.status, 'done', `run failed: ${record.error}`);
    assert.equal(record.quick, true);
    assert.equal(record.trials[0]!.history.length, 1);
    assert.equal(record.trials[0]!.result?.sizes.test, 100);
    const item = await api.tree.getTreeItem(await runNodeOf(api, uri, record.id));
    assert.match(String(item.label), / · quick$/);
  });

  test('a sweep run expands to its trials, each with its own result', async () => {
    const uri = writeExperiment('e2e-sweep', {
      ...tiny,
      training: { ...tiny.training, epochs: 1 },
      sweep: { 'model.activation': ['relu', 'tanh'] },
    });
    const record = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);
    assert.ok(record);
    assert.equal(record.status, 'done', `run failed: ${record.error}`);
    const node = await runNodeOf(api, uri, record.id);
    const item = await api.tree.getTreeItem(node);
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(item.contextValue, 'run.done.sweep');
    const best = Math.max(...record.trials.map((t) => t.result!.testAccuracy));
    assert.equal(item.description, `2 trials · best ${(best * 100).toFixed(2)} %`);

    const trials = await api.tree.getChildren(node);
    assert.equal(trials.length, 2);
    const labels = await Promise.all(trials.map(async (t) => String((await api.tree.getTreeItem(t)).label)));
    // Short rows ("act tanh"), so what tells the trials apart is not cut off; the tooltip has the rest.
    assert.deepEqual(labels, ['act relu', 'act tanh']);
    const items = await Promise.all(trials.map((t) => api.tree.getTreeItem(t)));
    assert.deepEqual(
      items.map((i) => i.description),
      record.trials.map((t) => `${(t.result!.testAccuracy * 100).toFixed(2)} %`),
    );
    assert.deepEqual(
      items.map((i) => String(i.tooltip).split('\n')[0]),
      record.trials.map((t) => t.label),
    );
  });

  test('files written outside the extension refresh the tree: a new experiment, then a run made by the CLI', async () => {
    const extensionPath = vscode.extensions.getExtension('mnist-lab.mnist-lab')!.extensionPath;
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const rootRefreshed = treeChange(api, (node) => node === undefined, 'a new experiment file');
    const uri = writeExperiment('e2e-watched', tiny);
    await rootRefreshed;
    const experiment = (await api.tree.getChildren()).find((n) => n.kind === 'experiment' && n.file === uri.fsPath);
    assert.ok(experiment, 'the new file is not in the tree');
    const empty = await api.tree.getChildren(experiment);
    assert.deepEqual(empty, [{ kind: 'noRuns', file: uri.fsPath }]);
    const hint = await api.tree.getTreeItem(empty[0]!);
    assert.match(String(hint.label), /^No runs yet/);
    assert.equal(hint.command?.command, COMMANDS.runQuick, 'a click runs it (quick)');

    const experimentRefreshed = treeChange(api, (node) => node === experiment, 'a run written by the CLI');
    execFileSync(
      process.execPath,
      [join(extensionPath, 'dist/cli.js'), 'run', uri.fsPath, '--quiet', '--out', join(folder, '.mnistlab/runs')],
      {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: 'pipe',
      },
    );
    await experimentRefreshed;
    const runs = await api.tree.getChildren(experiment);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.kind === 'run' && runs[0].summary.status, 'done');
  });

  test('a second run waits in the queue, and Stop Run cancels both the queued and the running one', async () => {
    const first = writeExperiment('e2e-long', long);
    const second = writeExperiment('e2e-queued', tiny);
    const started = firstEpoch(api, first);
    const firstDone = vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, first);
    const runDir = await started;
    const secondDone = vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, second);

    // maxParallelRuns defaults to 1: the second run must say it is queued.
    await waitFor(() => api.runs.queuedFor(second.fsPath).length === 1, 'the second run was not queued');
    const queued = (await experimentChildren(api, second)).find((n) => n.kind === 'queued');
    assert.ok(queued, 'the queued run is not shown under its experiment');
    assert.equal((await api.tree.getTreeItem(queued)).description, 'position 1 in the queue');

    const running = await runNodeOf(api, first, readRunJson(runDir).id);
    assert.match(String((await api.tree.getTreeItem(running)).description), /^epoch \d+\/200$/);
    assert.equal(api.runs.isActive(runDir), true);

    await vscode.commands.executeCommand(COMMANDS.stop, queued);
    assert.equal(await secondDone, undefined, 'a run cancelled in the queue never starts');
    // From the palette, with a single run left, Stop Run needs no picking.
    await vscode.commands.executeCommand(COMMANDS.stop);
    const record = await firstDone;
    assert.ok(record);
    assert.equal(record.status, 'cancelled');
    assert.ok(record.trials[0]!.history.length < 200, 'the run was not stopped early');
    assert.equal(readRunJson(runDir).status, 'cancelled');
    assert.equal(api.runs.isActive(runDir), false);
    assert.equal(api.runs.queuedFor(second.fsPath).length, 0);
    assert.equal((await api.tree.getTreeItem(running)).description, 'cancelled');
  });

  test('a missing dataset folder fails the run, records why, and the next run still works', async () => {
    const uri = writeExperiment('e2e-missing-data', { ...tiny, data: { ...tiny.data, dir: './no-such-mnist' } });
    const record = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);
    assert.ok(record);
    assert.equal(record.status, 'failed');
    assert.match(record.error ?? '', /no-such-mnist: dataset folder does not exist/);
    const node = await runNodeOf(api, uri, record.id);
    assert.equal(readRunJson(node.runDir).status, 'failed');
    const item = await api.tree.getTreeItem(node);
    assert.equal(item.contextValue, 'run.failed');
    assert.match(String(item.description), /^failed: .*no-such-mnist/);

    const again = await vscode.commands.executeCommand<RunRecord | undefined>(
      COMMANDS.run,
      writeExperiment('e2e-after-failure', tiny),
    );
    assert.equal(again?.status, 'done');
  });

  test('a trainer that crashes mid-run leaves a failed run, and the extension keeps working', async () => {
    const uri = writeExperiment('e2e-crash', long);
    const started = firstEpoch(api, uri);
    const done = vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);
    await started;
    const trainers = trainerProcesses();
    assert.equal(trainers.length, 1, `expected one trainer process, found ${trainers.length}`);
    process.kill(trainers[0]!, 'SIGKILL');

    const record = await done;
    assert.equal(record?.status, 'failed');
    assert.match(record.error ?? '', /exited unexpectedly \(SIGKILL\)/);
    assert.equal(api.runs.activeRuns().length, 0);
    const after = await vscode.commands.executeCommand<RunRecord | undefined>(
      COMMANDS.run,
      writeExperiment('e2e-after-crash', tiny),
    );
    assert.equal(after?.status, 'done');
  });

  test('mnistLab.runsFolder moves where runs are written, and a runs folder that cannot be made fails cleanly', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const config = vscode.workspace.getConfiguration('mnistLab');
    const uri = writeExperiment('e2e-runs-folder', tiny);
    try {
      await config.update('runsFolder', 'custom-runs', vscode.ConfigurationTarget.Workspace);
      const record = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);
      assert.equal(record?.status, 'done', record?.error ?? 'no run');
      const node = await runNodeOf(api, uri, record.id);
      assert.equal(node.runDir, join(folder, 'custom-runs', 'e2e-runs-folder', record.id));
      assert.equal(readRunJson(node.runDir).status, 'done');

      // A file where the runs folder should be: the run cannot start, nothing is lost.
      writeFileSync(join(folder, 'not-a-folder'), 'keep me\n');
      await config.update('runsFolder', 'not-a-folder/runs', vscode.ConfigurationTarget.Workspace);
      const failed = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);
      assert.equal(failed, undefined);
      assert.equal(readFileSync(join(folder, 'not-a-folder'), 'utf8'), 'keep me\n');
      assert.equal(
        api.runs.activeRuns().length + api.runs.queuedCount,
        0,
        'the failed start left something in the queue',
      );
    } finally {
      await config.update('runsFolder', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const again = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);
    assert.equal(again?.status, 'done', 'the next run after a failed start does not work');
  });

  test('an invalid experiment is not started and leaves no run folder', async () => {
    const uri = writeExperiment('e2e-invalid', { ...tiny, data: { classes: [3, 5, 8] } });
    const record = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, uri);
    assert.equal(record, undefined);
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.equal(existsSync(join(folder, '.mnistlab/runs/e2e-invalid')), false);
    assert.deepEqual(
      await experimentChildren(api, uri),
      [{ kind: 'noRuns', file: uri.fsPath }],
      'only the "no runs yet" row',
    );
  });
});

/** Pids of trainer workers forked by this extension host. */
function trainerProcesses(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return parent === process.pid && command.includes('trainer.js') ? [Number(pid)] : [];
      } catch {
        return []; // exited meanwhile
      }
    });
}

/** Resolves when the tree announces a change `accept` is waiting for. */
function treeChange(
  api: MnistLabApi,
  accept: (node: ExperimentsTreeNode | undefined) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the tree did not refresh after ${what}`));
    }, timeoutMs);
    const subscription = api.tree.onDidChangeTreeData((node) => {
      if (!accept(node)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

async function waitFor(condition: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 50));
  }
}
