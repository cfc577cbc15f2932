import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/command-ids';
import type { MnistLabApi } from '../../../src/extension';
import type { RunRecord } from '../../../src/core/record';
import { activateMnistLab, workspaceFolder } from './workspace';

function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
}

async function waitForTab(viewType: string, timeoutMs = 10_000, label?: RegExp): Promise<vscode.Tab> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [tab] = webviewTabs(viewType).filter((t) => !label || label.test(t.label));
    if (tab) return tab;
    if (Date.now() > deadline)
      throw new Error(
        `no ${viewType || 'webview'} tab${label ? ` titled ${label}` : ''} opened; tabs: ${JSON.stringify(webviewTabs('').map((t) => t.label))}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('results and samples', function () {
  this.timeout(60_000);
  let api: MnistLabApi;
  let extensionPath: string;

  suiteSetup(async () => {
    ({ api, extensionPath } = await activateMnistLab());
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Open Results on a finished run opens its results panel', async () => {
    const file = join(workspaceFolder(), 'e2e-results.mnistexp.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'e2e-results',
        kind: 'multiclass',
        data: { classes: [0, 1, 2], limit: { train: 600, test: 150 } },
        model: { hidden: [{ units: 16 }] },
        training: { epochs: 1, batchSize: 64, earlyStopping: false },
      }),
    );
    const record = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, vscode.Uri.file(file));
    assert.equal(record?.status, 'done', record?.error ?? 'no run');
    const runNode = (
      await api.tree.getChildren((await api.tree.getChildren()).find((n) => n.kind === 'experiment' && n.file === file))
    ).find((n) => n.kind === 'run');
    assert.ok(runNode);
    await vscode.commands.executeCommand(COMMANDS.openResults, runNode);
    // The run's live tab, once the run is done, is its results tab: one tab per run.
    const tab = await waitForTab('', 10_000, /^Results: e2e-results · \d\d:\d\d:\d\d$/);
    assert.equal(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => /e2e-results/.test(t.label)).length,
      1,
      'one tab for the run',
    );
    assert.ok(tab);
  });

  test('Compare Runs on two runs selected in the tree opens the compare panel', async () => {
    const file = join(workspaceFolder(), 'e2e-results.mnistexp.json');
    const second = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, vscode.Uri.file(file));
    assert.equal(second?.status, 'done', second?.error ?? 'no run');
    const experiment = (await api.tree.getChildren()).find((n) => n.kind === 'experiment' && n.file === file);
    const runs = (await api.tree.getChildren(experiment)).filter((n) => n.kind === 'run');
    assert.equal(runs.length, 2, 'both runs of the experiment are listed');
    // A context-menu command gets the clicked node and the whole selection.
    await vscode.commands.executeCommand(COMMANDS.compareRuns, runs[0], runs);
    const tab = await waitForTab('mnistLab.comparePanel');
    assert.match(tab.label, /Compare 2 runs/);
  });

  test('the backprop walkthrough sample runs and opens in its own panel', async () => {
    const sample = join(extensionPath, 'samples', 'backprop-2-3-1.mnistexp.json');
    const record = await vscode.commands.executeCommand<RunRecord | undefined>(COMMANDS.run, vscode.Uri.file(sample));
    assert.equal(record?.status, 'done', record?.error ?? 'no run');
    assert.ok(record?.backprop, 'the walkthrough recorded no steps');
    // A bundled sample's runs live in the workspace, and the tree shows them under "Bundled samples".
    const samples = (await api.tree.getChildren()).find((n) => n.kind === 'samples');
    assert.ok(samples, 'no "Bundled samples" group');
    const node = (await api.tree.getChildren(samples)).find((n) => n.kind === 'experiment' && n.file === sample);
    assert.ok(node, 'the sample is not in the group');
    const runs = await api.tree.getChildren(node);
    const run = runs.find((n) => n.kind === 'run' && n.summary.id === record.id);
    assert.ok(run && run.kind === 'run');
    assert.ok(
      run.runDir.startsWith(join(workspaceFolder(), '.mnistlab', 'runs')),
      `run stored outside the workspace: ${run.runDir}`,
    );

    await vscode.commands.executeCommand(COMMANDS.openResults, run);
    await waitForTab('mnistLab.backpropPanel');
  });

  test('Open Symmetry Demo opens the walkthrough panel for the identical-weights sample', async () => {
    await vscode.commands.executeCommand(COMMANDS.openSymmetryDemo);
    const tab = await waitForTab('mnistLab.backpropPanel');
    assert.match(tab.label, /symmetr/i);
  });

  test('Reproduce Case Study (quick, parts 1 and 2) writes its report into the workspace', async function () {
    this.timeout(180_000);
    const report = await vscode.commands.executeCommand<string | undefined>(COMMANDS.reproduce, {
      quick: true,
      parts: [1, 2],
    });
    assert.ok(report, 'no report was written (see the MNIST Lab log)');
    assert.ok(report.startsWith(join(workspaceFolder(), 'mnist-lab-reports')), report);
    const md = readFileSync(report, 'utf8');
    assert.match(md, /## 1\. Backpropagation/);
    assert.match(md, /## 2\. Binary 5 vs 8/);
    assert.doesNotMatch(md, /## 3\./, 'only the parts asked for');
    assert.ok(existsSync(join(report, '..', 'report.json')));
  });

  test('Open Case-Study Samples copies every sample and keeps a file the user already has', async () => {
    const target = join(workspaceFolder(), 'mnist-lab-samples');
    mkdirSync(target, { recursive: true });
    const mine = join(target, 'binary-5-vs-8.mnistexp.json');
    const myText = '{ "name": "my own edits", "kind": "binary" }\n';
    writeFileSync(mine, myText);

    const result = await vscode.commands.executeCommand<string | undefined>(COMMANDS.openSamples);
    assert.equal(result, target);
    assert.equal(readFileSync(mine, 'utf8'), myText, "the user's file was overwritten");
    const bundled = readdirSync(join(extensionPath, 'samples')).filter((n) => n.endsWith('.mnistexp.json'));
    assert.ok(bundled.length >= 6, `only ${bundled.length} bundled samples`);
    for (const name of bundled) {
      assert.ok(existsSync(join(target, name)), `${name} was not copied`);
      if (name === 'binary-5-vs-8.mnistexp.json') continue;
      const copy = JSON.parse(readFileSync(join(target, name), 'utf8')) as Record<string, unknown>;
      const original = JSON.parse(readFileSync(join(extensionPath, 'samples', name), 'utf8')) as Record<
        string,
        unknown
      >;
      // The relative $schema would point nowhere from the workspace; the rest is the sample.
      delete original.$schema;
      assert.deepEqual(copy, original);
    }

    // Running the command again changes nothing.
    const before = readdirSync(target).map((n) => readFileSync(join(target, n), 'utf8'));
    await vscode.commands.executeCommand(COMMANDS.openSamples);
    assert.deepEqual(
      readdirSync(target).map((n) => readFileSync(join(target, n), 'utf8')),
      before,
    );
  });
});
