import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { Plan } from '../../../src/cluster/plan';
import type { MergeResult } from '../../../src/cluster/merge-files';
import { activateMnistLab, workspaceFolder } from './workspace';

async function waitForTab(viewType: string, timeoutMs = 10_000): Promise<vscode.Tab> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
    if (tab) return tab;
    if (Date.now() > deadline) throw new Error(`no ${viewType} tab opened`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('cluster: plan and merge', function () {
  this.timeout(120_000);
  let extensionPath: string;
  let experiment: string;
  const made: string[] = [];

  suiteSetup(async () => {
    ({ extensionPath } = await activateMnistLab());
    const dir = join(workspaceFolder(), 'cluster-e2e');
    mkdirSync(dir, { recursive: true });
    made.push(dir);
    experiment = join(dir, 'tiny-sweep.mnistexp.json');
    copyFileSync(join(extensionPath, 'test', 'fixtures', 'tiny-sweep.mnistexp.json'), experiment);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // Later suites share the workspace: leave it as this one found it.
  suiteTeardown(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  test("Plan Sweep for a Cluster writes each engine's files beside the experiment and opens the plan", async () => {
    const slurm = await vscode.commands.executeCommand<{ plan: Plan; files: string[] } | undefined>(
      'mnistLab.planSweepForCluster',
      vscode.Uri.file(experiment),
      { engine: 'slurm', quick: true, parallel: 2 },
    );
    assert.ok(slurm, 'no plan');
    assert.deepEqual(slurm.files, [join(workspaceFolder(), 'cluster-e2e', 'tiny-sweep.slurm.sh')]);
    const script = readFileSync(slurm.files[0], 'utf8');
    assert.match(script, /#SBATCH --array=0-3%2\n/);
    // Slurm's nodes run the CLI this extension ships, on the experiment where it is.
    assert.ok(
      script.includes(
        `exec node ${join(extensionPath, 'dist', 'cli.js')} run ${experiment} --trial-from-env SLURM_ARRAY_TASK_ID --out ${join(workspaceFolder(), '.mnistlab', 'trials')} --quiet --quick`,
      ),
      script,
    );
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, slurm.files[0], 'the plan is opened');

    const k8s = await vscode.commands.executeCommand<{ files: string[] } | undefined>(
      'mnistLab.planSweepForCluster',
      vscode.Uri.file(experiment),
      { engine: 'k8s', quick: false },
    );
    assert.deepEqual(
      k8s?.files.map((f) => basename(f)),
      ['tiny-sweep.k8s.yaml', 'tiny-sweep.k8s-merge.yaml'],
    );
    assert.match(readFileSync(k8s!.files[0], 'utf8'), /completionMode: Indexed/);
    const actions = await vscode.commands.executeCommand<{ files: string[] } | undefined>(
      'mnistLab.planSweepForCluster',
      vscode.Uri.file(experiment),
      { engine: 'github-actions', quick: false },
    );
    assert.match(readFileSync(actions!.files[0], 'utf8'), /MNIST_LAB_TRIAL: \$\{\{ matrix\.trial \}\}/);
  });

  test('Merge Trial Records saves one sweep run in the workspace runs folder and opens it in the sweep panel', async () => {
    const trials = mkdtempSync(join(tmpdir(), 'mnistlab-e2e-trials-'));
    for (let i = 0; i < 4; i++) {
      execFileSync(
        process.execPath,
        [
          join(extensionPath, 'dist', 'cli.js'),
          'run',
          experiment,
          '--trial',
          String(i),
          '--quick',
          '--backend',
          'wasm',
          '--quiet',
          '--out',
          trials,
        ],
        { stdio: 'ignore' },
      );
    }
    const result = await vscode.commands.executeCommand<MergeResult | undefined>('mnistLab.mergeTrialRecords', {
      inputs: [trials],
    });
    assert.ok(result, 'nothing merged');
    assert.equal(result.complete, true, result.problems.join('\n'));
    assert.equal(result.written.record.status, 'done');
    assert.ok(result.written.runDir.startsWith(join(workspaceFolder(), '.mnistlab', 'runs')), result.written.runDir);
    assert.ok(existsSync(join(result.written.runDir, 'run.json')));
    made.push(result.written.runDir, trials);
    const tab = await waitForTab('mnistLab.sweepPanel');
    assert.match(tab.label, /Tiny sweep/);
  });

  test('Merge Trial Records on a folder without records says so and writes nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mnistlab-e2e-empty-'));
    const result = await vscode.commands.executeCommand<MergeResult | undefined>('mnistLab.mergeTrialRecords', {
      inputs: [empty],
    });
    assert.equal(result, undefined);
  });
});
