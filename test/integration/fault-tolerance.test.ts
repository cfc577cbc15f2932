// Faults a user meets in a normal week, on real (small) training through the bundled trainer
// and CLI (npm run build first): a throwing listener, a diverging net, a killed trainer,
// signals to the CLI, a full disk, a runs folder that vanishes or is a file. Every one ends
// with a final state, a clear one-line reason and nothing left running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadExperiment } from '../../src/experiments/load';
import { startRun } from '../../src/runs/controller';
import { listRunsReport, readRun } from '../../src/runs/store';
import type { RunRecord } from '../../src/core/record';
import { CLI, FIXTURES, TRAINER, tempDir } from '../helpers';

const QUICK = path.join(FIXTURES, 'quick-binary.mnistexp.json');
const DIVERGING = path.join(FIXTURES, 'diverging.mnistexp.json');

async function cli(args: string[], cwd = tempDir()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Trainer processes forked by `parent` (the CLI or this test process). */
function trainerPids(parent: number): number[] {
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return out
    .split('\n')
    .filter((l) => l.includes('trainer.js'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f));
}

/** A long run of the quick fixture: many epochs, no early stopping. */
function longExperimentFile(): string {
  const file = path.join(tempDir(), 'long.mnistexp.json');
  const doc = JSON.parse(readFileSync(QUICK, 'utf8'));
  doc.name = 'Long 5 vs 8';
  doc.training = { ...doc.training, epochs: 500, earlyStopping: false };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

test('a listener that throws on every event does not stop the run from finishing and being recorded', async () => {
  const out = tempDir();
  const { experiment, source } = loadExperiment(QUICK, { quick: true });
  const handle = startRun(experiment, source, { runsRoot: out, trainerPath: TRAINER, backend: 'wasm' });
  let calls = 0;
  handle.onUpdate(() => {
    calls++;
    throw new TypeError("Cannot read properties of null (reading 'toFixed')");
  });
  const record = await handle.done;
  assert.ok(calls > 3, `the listener was called (${calls})`);
  assert.equal(record.status, 'done', record.error ?? '');
  assert.equal((await readRun(handle.runDir)).status, 'done');
});

test('a diverging net fails its trial at the first NaN batch, with where it happened; the CLI exits 1', async () => {
  const out = tempDir();
  const r = await cli(['run', DIVERGING, '--out', out, '--backend', 'wasm']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /Diverging net: FAILED/);
  assert.match(r.stderr, /^error: diverged: loss is NaN at epoch 1, batch 1$/m);
  assert.doesNotMatch(r.stdout + r.stderr, /early stopping|\n\s+at /, 'neither early stopping nor a stack trace');
  const { runs } = await listRunsReport(out);
  const record = runs[0].record;
  assert.equal(record.status, 'failed');
  assert.equal(record.trials[0].status, 'failed');
  assert.equal(record.trials[0].error, 'diverged: loss is NaN at epoch 1, batch 1');
  assert.deepEqual(record.trials[0].history, [], 'no epoch of NaN was recorded');
  assert.equal(existsSync(path.join(runs[0].runDir, 'model')), false, 'no NaN model saved');
});

test('a trainer killed mid-run fails the run with the signal, and the controller settles', async () => {
  const out = tempDir();
  const { experiment, source } = loadExperiment(longExperimentFile());
  const handle = startRun(experiment, source, { runsRoot: out, trainerPath: TRAINER, backend: 'wasm' });
  let killed: number[] = [];
  handle.onUpdate((_r, m) => {
    if (m?.type === 'epoch' && killed.length === 0) {
      killed = trainerPids(process.pid);
      for (const pid of killed) process.kill(pid, 'SIGKILL');
    }
  });
  const record = await handle.done;
  assert.equal(killed.length, 1, 'one trainer was found and killed');
  assert.equal(record.status, 'failed');
  assert.match(record.trials[0].error!, /the trainer process exited unexpectedly \(SIGKILL\)/);
  assert.equal((await readRun(handle.runDir)).status, 'failed');
});

for (const [signals, reason] of [
  [['SIGTERM'], /received SIGTERM/],
  [['SIGHUP'], /terminal running mnist-lab closed \(SIGHUP\)/],
  [['SIGINT', 'SIGINT'], null],
] as const) {
  test(`the CLI given ${signals.join(' then ')} mid-run records the run as cancelled, exits 1 and leaves no trainer behind`, async () => {
    const out = tempDir();
    const child = spawn(process.execPath, [CLI, 'run', longExperimentFile(), '--out', out, '--backend', 'wasm'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (/epoch 1\//.test(stdout)) resolve();
      }),
    );
    const trainers = trainerPids(child.pid!);
    assert.equal(trainers.length, 1, 'the CLI runs one trainer');
    for (const s of signals) {
      child.kill(s);
      await new Promise((r) => setTimeout(r, 30));
    }
    const code = await exited;
    assert.equal(code, 1, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    const { runs } = await listRunsReport(out);
    assert.equal(runs.length, 1);
    const record: RunRecord = runs[0].record;
    assert.equal(record.status, 'cancelled');
    assert.equal(record.trials[0].status, 'cancelled');
    assert.ok(record.trials[0].history.length >= 1, 'the finished epochs are kept');
    if (reason) assert.match(record.error ?? '', reason);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(trainers.filter(alive), [], 'the trainer is gone');
  });
}

test('a runs folder that is a file, or that vanishes mid-run, gives one line naming the path and cause', async () => {
  const dir = tempDir();
  const notADir = path.join(dir, 'runs');
  writeFileSync(notADir, 'a file where the runs folder should be');
  const r = await cli(['run', QUICK, '--quick', '--out', notADir, '--backend', 'wasm']);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr.trim(),
    `error: cannot create the run folder ${path.join(notADir, 'quick-5-vs-8')}/${/quick-5-vs-8\/([^:]+):/.exec(r.stderr)?.[1]}: a part of the path is a file, not a folder (ENOTDIR)`,
  );

  const out = tempDir();
  const { experiment, source } = loadExperiment(longExperimentFile());
  const handle = startRun(experiment, source, { runsRoot: out, trainerPath: TRAINER, backend: 'wasm' });
  handle.onUpdate((_r, m) => {
    if (m?.type === 'epoch' && m.record.epoch === 1) rmSync(out, { recursive: true, force: true });
  });
  const record = await handle.done;
  assert.equal(record.status, 'failed');
  assert.equal(record.error, `cannot write ${handle.runDir}: the folder does not exist (was it removed?) (ENOENT)`);
  assert.equal(record.trials[0].status, 'failed');
});

function mountTmpfs(size: string): string | null {
  const dir = tempDir('mnistlab-full-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return dir;
  } catch (e) {
    return null;
  }
}

test('a full disk (small tmpfs): one line with the path and "no space left", exit 1, no temp files, the last good record kept', async (t) => {
  const disk = mountTmpfs('160k');
  if (!disk) {
    t.skip('cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): the full-disk case is not tested on this machine');
    return;
  }
  try {
    const out = path.join(disk, 'runs');
    // 160 kB holds the run record while training, but not the 100 kB model and the final record together.
    const r = await cli(['run', QUICK, '--quick', '--out', out, '--backend', 'wasm', '--quiet']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout + r.stderr,
      /^(error: |trial "Quick 5 vs 8" failed: )cannot (write|save the model to) \/\S+: no space left on the device \(ENOSPC\)$/m,
    );
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');
    const files = filesBelow(out);
    assert.deepEqual(
      files.filter((f) => f.endsWith('.tmp')),
      [],
      'no temp files left',
    );
    const runFile = files.find((f) => f.endsWith('run.json'))!;
    const onDisk = JSON.parse(readFileSync(runFile, 'utf8')) as RunRecord;
    assert.ok(['failed', 'running'].includes(onDisk.status), `the last record that fit: ${onDisk.status}`);
    const listing = await cli(['list', '--out', out, '--json']);
    const listed = JSON.parse(listing.stdout) as { runs: { status: string }[] };
    assert.ok(
      ['failed', 'interrupted'].includes(listed.runs[0].status),
      'never shown as still running once the CLI has exited',
    );
  } finally {
    execFileSync('umount', [disk]);
  }
});

test('mnist-lab list shows runs with status, experiment, time and accuracy, interrupted runs and unreadable records', async () => {
  const out = tempDir();
  const done = await cli(['run', QUICK, '--quick', '--out', out, '--backend', 'wasm', '--quiet']);
  assert.equal(done.code, 0, done.stderr);
  // A run whose process died: its record still says running, its pid is gone.
  const { runs } = await listRunsReport(out);
  const dead = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => dead.on('exit', r));
  const stale: RunRecord = {
    ...runs[0].record,
    id: 'stale',
    status: 'running',
    owner: { pid: dead.pid!, host: (await import('node:os')).hostname() },
  };
  mkdirSync(path.join(out, 'quick-5-vs-8', 'stale'));
  writeFileSync(path.join(out, 'quick-5-vs-8', 'stale', 'run.json'), JSON.stringify(stale));
  mkdirSync(path.join(out, 'quick-5-vs-8', 'broken'));
  writeFileSync(path.join(out, 'quick-5-vs-8', 'broken', 'run.json'), '{}');

  const text = await cli(['list', '--out', out]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /^done\s+Quick 5 vs 8 \(quick\)\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+\d+\.\d\d %\s+quick-5-vs-8\/\S+$/m,
  );
  assert.match(text.stdout, /^interrupted\s+Quick 5 vs 8/m);
  assert.match(text.stdout, /^unreadable run: \S+broken\/run\.json: no "format" field: not a MNIST Lab run record$/m);

  const json = JSON.parse((await cli(['list', '--out', out, '--json'])).stdout) as {
    runs: { status: string; testAccuracy: number | null }[];
    unreadable: { reason: string }[];
  };
  assert.deepEqual(json.runs.map((r) => r.status).sort(), ['done', 'interrupted']);
  assert.ok(json.runs.find((r) => r.status === 'done')!.testAccuracy! > 0.9);
  assert.equal(json.unreadable.length, 1);
});
