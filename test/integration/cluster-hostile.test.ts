// Cluster tasks die in the ways engines kill them, and disks fill up: every case ends in a
// record that says what happened, and the merge names it instead of dropping it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../src/core/record';
import { CLI, tempDir } from '../helpers';
import { cli } from './cluster-helpers';

/** Two trials long enough (20 epochs) to be caught mid-training. */
function slowSweep(dir: string): string {
  const file = path.join(dir, 'slow.mnistexp.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'Slow sweep',
      kind: 'multiclass',
      data: { limit: { train: 2000, test: 200 } },
      model: { hidden: [{ units: 32 }] },
      training: { epochs: 20, batchSize: 16, seed: 3 },
      sweep: { 'training.learningRate': [0.01, 0.001] },
    }),
  );
  return file;
}

function records(dir: string): { file: string; record: RunRecord }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => path.basename(f) === 'run.json')
    .map((f) => ({
      file: path.join(dir, f),
      record: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as RunRecord,
    }));
}

/** Starts `run --trial <index>` and resolves once its record shows a finished epoch. */
async function startTrialAndWaitForAnEpoch(file: string, index: number, trials: string) {
  const child = spawn(
    process.execPath,
    [CLI, 'run', file, '--trial', String(index), '--backend', 'wasm', '--out', trials, '--quiet'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mine = records(trials).find((r) => r.record.trials[0]?.index === index);
    if (mine && mine.record.trials[0].history.length > 0) break;
    assert.ok(Date.now() < deadline, 'no epoch finished within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, exited };
}

test('SIGTERM (scancel, a pod deleted, a CI job cancelled) ends the task as cancelled; SIGKILL leaves a record the merge calls unfinished', async () => {
  const dir = tempDir();
  const file = slowSweep(dir);
  const trials = path.join(dir, 'trials');

  const term = await startTrialAndWaitForAnEpoch(file, 0, trials);
  term.child.kill('SIGTERM');
  assert.deepEqual(await term.exited, { code: 1, signal: null }, 'a cancelled run exits 1');
  const cancelled = records(trials).find((r) => r.record.trials[0].index === 0)!.record;
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.trials[0].status, 'cancelled');
  assert.ok(cancelled.finishedAt);

  const kill = await startTrialAndWaitForAnEpoch(file, 1, trials);
  kill.child.kill('SIGKILL');
  assert.equal((await kill.exited).signal, 'SIGKILL');
  // The trainer process the CLI forked may outlive it for a moment; the record stays "running".
  const killed = records(trials).find((r) => r.record.trials[0].index === 1)!.record;
  assert.equal(killed.status, 'running');

  const runs = path.join(dir, 'runs');
  const merged = await cli(['merge', trials, '--out', runs]);
  assert.equal(merged.code, 1, merged.stderr);
  assert.match(merged.stderr, /cancelled: trial 0: cancelled/);
  assert.match(
    merged.stderr,
    /failed: trial 1: the record never reached a final state \(running\): the task was killed or is still running/,
  );
  assert.ok(merged.stderr.includes(`mnist-lab run ${file} --trial 0,1 --backend wasm --out ${trials}`), merged.stderr);
  const run = records(runs)[0].record;
  assert.equal(run.status, 'failed');
  assert.deepEqual(
    run.trials.map((t) => t.status),
    ['cancelled', 'failed'],
  );
  assert.ok(run.trials[0].history.length > 0, 'the epochs the cancelled trial finished are kept');
});

test('a full disk under the runs folder: merge exits 1 naming the folder and the error, leaves no half run, keeps the records', async (t) => {
  const dir = tempDir();
  const trials = path.join(dir, 'trials');
  const sweep = path.join(dir, 'tiny.mnistexp.json');
  writeFileSync(
    sweep,
    JSON.stringify({
      name: 'Tiny',
      kind: 'binary',
      data: { classes: [0, 1], limit: { train: 300, test: 100 } },
      model: { hidden: [{ units: 8 }] },
      training: { epochs: 1 },
      sweep: { 'training.learningRate': [0.01, 0.001] },
    }),
  );
  for (const i of [0, 1])
    assert.equal(
      (await cli(['run', sweep, '--trial', String(i), '--backend', 'wasm', '--out', trials, '--quiet'])).code,
      0,
    );
  const before = records(trials).map((r) => readFileSync(r.file, 'utf8'));

  const full = path.join(dir, 'full');
  spawnSync('mkdir', ['-p', full]);
  // A 32 KiB tmpfs: room for the folders, not for two trained models and the record.
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', full], { encoding: 'utf8' });
  if (mount.status !== 0) return t.skip(`cannot mount a small tmpfs to fill (needs root): ${mount.stderr.trim()}`);
  t.after(() => spawnSync('umount', [full]));

  const merged = await cli(['merge', trials, '--out', full]);
  assert.equal(merged.code, 1, merged.stdout + merged.stderr);
  assert.match(
    merged.stderr,
    new RegExp(
      `cannot write the merged run in ${full}: .*ENOSPC.*nothing was written there, and the trial records are untouched`,
    ),
  );
  assert.deepEqual(records(full), [], 'no run.json');
  const left = readdirSync(full, { recursive: true, encoding: 'utf8' });
  assert.ok(
    left.every((f) => !existsSync(path.join(full, f, 'trials'))),
    `half a run left behind: ${left.join(', ')}`,
  );
  assert.deepEqual(
    records(trials).map((r) => readFileSync(r.file, 'utf8')),
    before,
    'the trial records are untouched',
  );
});
