// The CLI and run controller end to end, through the bundled trainer (npm run build first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadExperiment } from '../../src/experiments/load';
import { resolveExperiment } from '../../src/experiments/resolve';
import { startRun } from '../../src/runs/controller';
import { listRuns, readRun } from '../../src/runs/store';
import type { ExperimentFile } from '../../src/core/schema';
import { CLI, FIXTURES, TRAINER, tempDir } from '../helpers';

const run = promisify(execFile);
async function cli(args: string[], cwd = tempDir()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test('mnist-lab run --quick trains, prints a summary, writes run.json and the model, exit 0', async () => {
  const out = tempDir();
  const r = await cli([
    'run',
    path.join(FIXTURES, 'quick-binary.mnistexp.json'),
    '--quick',
    '--out',
    out,
    '--backend',
    'wasm',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /backend: wasm/);
  assert.match(r.stdout, /Quick 5 vs 8: DONE/);
  const accuracy = Number(/test accuracy (\d+\.\d+) %/.exec(r.stdout)![1]);
  const runs = await listRuns(out);
  assert.equal(runs.length, 1);
  const { record, runDir } = runs[0];
  assert.equal(record.status, 'done');
  assert.equal(record.backend, 'wasm');
  assert.equal(record.quick, true);
  assert.equal(record.trials[0].history.length, 2);
  assert.ok(
    Math.abs(record.trials[0].result!.testAccuracy * 100 - accuracy) < 0.006,
    'the printed accuracy is the recorded one',
  );
  assert.match(record.dataset!.fingerprint, /^[0-9a-f]{64}$/);
  assert.ok(existsSync(path.join(runDir, 'model', 'model.json')));
  assert.deepEqual((record.source as ExperimentFile).name, 'Quick 5 vs 8');
});

test('mnist-lab exits 2 on an invalid config, naming the file and every JSON pointer', async () => {
  const file = path.join(FIXTURES, 'broken.mnistexp.json');
  const r = await cli(['run', file]);
  assert.equal(r.code, 2);
  for (const pointer of [
    '/data/normalisation',
    '/model/hidden/0/units',
    '/model/hidden/0/activation',
    '/training/optimizer',
    '/training/batchSize',
  ]) {
    assert.ok(r.stderr.includes(`${file}: ${pointer}: `), `missing ${pointer} in:\n${r.stderr}`);
  }
  const v = await cli(['validate', file]);
  assert.equal(v.code, 2);
  assert.equal((await cli(['run', file, '--backend', 'gpu'])).code, 2);
  assert.equal((await cli(['frobnicate'])).code, 2);
  const ok = await cli(['validate', path.join(FIXTURES, 'quick-binary.mnistexp.json')]);
  assert.equal(ok.code, 0);
});

test('a sweep runs its trials on two worker processes and records every trial', async () => {
  const out = tempDir();
  const file: ExperimentFile = {
    name: 'tiny sweep',
    kind: 'multiclass',
    data: { limit: { train: 600, test: 200 } },
    model: { hidden: [{ units: 16 }] },
    training: { epochs: 1, batchSize: 32 },
    sweep: { 'model.activation': ['relu', 'tanh'], 'training.learningRate': [0.01, 0.001] },
  };
  const handle = startRun(resolveExperiment(file, null), file, {
    runsRoot: out,
    trainerPath: TRAINER,
    workers: 2,
    backend: 'wasm',
  });
  let mostAtOnce = 0;
  handle.onUpdate((r) => {
    mostAtOnce = Math.max(mostAtOnce, r.trials.filter((t) => t.status === 'running').length);
  });
  const record = await handle.done;
  assert.equal(record.status, 'done', record.error ?? '');
  assert.deepEqual(
    record.trials.map((t) => t.label),
    [
      'activation=relu · learningRate=0.01',
      'activation=relu · learningRate=0.001',
      'activation=tanh · learningRate=0.01',
      'activation=tanh · learningRate=0.001',
    ],
  );
  assert.ok(record.trials.every((t) => t.status === 'done' && t.result && t.history.length === 1));
  assert.equal(mostAtOnce, 2, 'two trials train at the same time');
  assert.ok(existsSync(path.join(handle.runDir, 'trials', '3', 'model', 'model.json')));
  const onDisk = await readRun(handle.runDir);
  assert.deepEqual(
    onDisk.trials.map((t) => t.result?.testAccuracy),
    record.trials.map((t) => t.result?.testAccuracy),
  );
});

test('cancel mid-run records the run as cancelled with the epochs it finished', async () => {
  const out = tempDir();
  const { experiment, source } = loadExperiment(path.join(FIXTURES, 'quick-binary.mnistexp.json'));
  experiment.trials[0].training.epochs = 200;
  experiment.trials[0].data.limit = {};
  const handle = startRun(experiment, source, { runsRoot: out, trainerPath: TRAINER, backend: 'wasm' });
  handle.onUpdate((_r, m) => {
    if (m?.type === 'epoch' && m.record.epoch === 1) handle.cancel();
  });
  const record = await handle.done;
  assert.equal(record.status, 'cancelled');
  assert.equal(record.trials[0].status, 'cancelled');
  assert.ok(record.trials[0].history.length >= 1 && record.trials[0].history.length < 200);
  assert.equal((await readRun(handle.runDir)).status, 'cancelled');
});

test('a missing dataset folder or a crashing trainer fails the run with a clear error, and runs never share a folder', async () => {
  const out = tempDir();
  const file: ExperimentFile = {
    name: 'missing data',
    kind: 'binary',
    data: { classes: [5, 8], dir: '/nonexistent/fashion' },
    model: { hidden: [] },
  };
  const a = await startRun(resolveExperiment(file, null), file, { runsRoot: out, trainerPath: TRAINER, backend: 'cpu' })
    .done;
  assert.equal(a.status, 'failed');
  assert.match(a.trials[0].error!, /\/nonexistent\/fashion: dataset folder does not exist/);
  assert.match(a.error!, /dataset folder does not exist/);

  const crasher = path.join(tempDir(), 'crash.js');
  writeFileSync(crasher, 'process.exit(3)');
  const ok: ExperimentFile = { name: 'missing data', kind: 'binary', data: { classes: [5, 8] }, model: { hidden: [] } };
  const handle = startRun(resolveExperiment(ok, null), ok, { runsRoot: out, trainerPath: crasher });
  const b = await handle.done;
  assert.equal(b.status, 'failed');
  assert.match(b.error!, /stopped before finishing|exited unexpectedly/);
  const runs = await listRuns(out);
  assert.equal(runs.length, 2, 'two runs of the same experiment, two folders');
  assert.equal(JSON.parse(readFileSync(path.join(handle.runDir, 'run.json'), 'utf8')).status, 'failed');
});
