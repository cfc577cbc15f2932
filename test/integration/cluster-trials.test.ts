// A sweep's trials run one by one, as cluster tasks would, then merged: the same run as the
// local sweep, number for number. Real training on the tiny sweep fixture (npm run build first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../src/core/record';
import { readRun } from '../../src/runs/store';
import { tempDir } from '../helpers';
import { SWEEP, SWEEP_TRIALS, assertSameSweep, cli, onlyRun } from './cluster-helpers';

let local: Promise<{ runDir: string; record: RunRecord }> | null = null;
/** The reference: the whole sweep on two worker processes, as `mnist-lab run` does it. */
function localSweep() {
  local ??= (async () => {
    const out = tempDir();
    const r = await cli(['run', SWEEP, '--backend', 'wasm', '--workers', '2', '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    return onlyRun(out);
  })();
  return local;
}

function recordFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => path.basename(f) === 'run.json')
    .map((f) => path.join(dir, f));
}

test('each trial alone (--trial i, --trial-from-env), merged, equals the local sweep bit for bit; models land where a sweep keeps them', async () => {
  const trials = tempDir();
  for (let i = 0; i < SWEEP_TRIALS; i++) {
    // Half by flag, half by an engine's variable: both must pick the same trial.
    const args = i % 2 === 0 ? ['--trial', String(i)] : ['--trial-from-env', 'MY_TASK'];
    const r = await cli(['run', SWEEP, ...args, '--backend', 'wasm', '--out', trials, '--quiet'], {
      env: { ...process.env, MY_TASK: String(i) },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`trial ${i} of ${SWEEP_TRIALS} \\(${i % 2 === 0 ? `--trial ${i}` : `MY_TASK=${i}`}\\)`),
    );
  }
  const records = await Promise.all(recordFiles(trials).map((f) => readRun(path.dirname(f))));
  assert.equal(records.length, SWEEP_TRIALS);
  assert.deepEqual(
    records
      .map((r) => r.trials.map((t) => t.index))
      .flat()
      .sort(),
    [0, 1, 2, 3],
  );
  assert.ok(records.every((r) => r.sweepPart?.of === SWEEP_TRIALS && r.sweepPart.key === records[0].sweepPart!.key));

  const runs = tempDir();
  const merged = await cli(['merge', trials, '--out', runs]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(merged.stdout, /merged 4 of 4 trials from 4 records/);
  const { runDir, record } = await onlyRun(runs);
  assertSameSweep(record, (await localSweep()).record);
  for (const t of record.trials) {
    assert.equal(t.result!.modelPath, path.join(runDir, 'trials', String(t.index), 'model'));
    assert.ok(existsSync(path.join(t.result!.modelPath!, 'model.json')));
  }
});

test('several trials in one task (--trial 1-3) merge with the rest into the same sweep', async () => {
  const trials = tempDir();
  for (const spec of ['1-3', '0'])
    assert.equal((await cli(['run', SWEEP, '--trial', spec, '--backend', 'wasm', '--out', trials, '--quiet'])).code, 0);
  const runs = tempDir();
  assert.equal((await cli(['merge', ...recordFiles(trials), '--out', runs])).code, 0);
  assertSameSweep((await onlyRun(runs)).record, (await localSweep()).record);
});

test('a missing and a corrupt record are reported, the merge exits 1 with the rerun command; rerunning it completes the sweep', async () => {
  const trials = tempDir();
  for (let i = 0; i < SWEEP_TRIALS; i++)
    assert.equal(
      (await cli(['run', SWEEP, '--trial', String(i), '--backend', 'wasm', '--out', trials, '--quiet'])).code,
      0,
    );
  const files = recordFiles(trials);
  const byIndex = (i: number) =>
    files.find((f) => (JSON.parse(readFileSync(f, 'utf8')) as RunRecord).trials[0].index === i)!;
  const lost = byIndex(1);
  const corrupt = byIndex(2);
  rmSync(path.dirname(lost), { recursive: true });
  writeFileSync(corrupt, readFileSync(corrupt, 'utf8').slice(0, 500));

  const runs = tempDir();
  const partial = await cli(['merge', trials, '--out', runs]);
  assert.equal(partial.code, 1, 'an incomplete merge exits 1');
  assert.ok(partial.stderr.includes(`unreadable run: ${corrupt}: not valid JSON`), partial.stderr);
  assert.match(partial.stderr, /missing: trial 1,2 \(no record found\)/);
  const rerun = /\n {2}(mnist-lab run .*)\n/.exec(partial.stderr)?.[1];
  assert.equal(rerun, `mnist-lab run ${SWEEP} --trial 1,2 --backend wasm --out ${trials}`);
  const written = await onlyRun(runs);
  assert.equal(written.record.status, 'failed');
  assert.deepEqual(
    written.record.trials.map((t) => t.status),
    ['done', 'failed', 'failed', 'done'],
  );
  assert.match(written.record.error!, /trials 1,2 missing/);

  // The printed command, as the user would paste it (the CLI stands for `mnist-lab`).
  const again = await cli(rerun!.split(' ').slice(1));
  assert.equal(again.code, 0, again.stderr);
  rmSync(corrupt);
  const runs2 = tempDir();
  const complete = await cli(['merge', trials, '--out', runs2]);
  assert.equal(complete.code, 0, complete.stderr);
  assertSameSweep((await onlyRun(runs2)).record, (await localSweep()).record);
});

test('merge refuses what it cannot merge: no records (exit 2), whole runs are reported, not taken for trials', async () => {
  const empty = await cli(['merge', tempDir()]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /: no trial records found \(a trial record is the run.json/);
  const { runDir } = await localSweep();
  const whole = await cli(['merge', runDir, '--out', tempDir()]);
  assert.equal(whole.code, 2);
  assert.ok(
    whole.stderr.includes(`${path.join(runDir, 'run.json')}: /sweepPart: missing: this is a whole run`),
    whole.stderr,
  );
  const bad = await cli(['run', SWEEP, '--trial', '4']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /trial 4 does not exist; this sweep has 4 trials \(0–3\)/);
  const unset = await cli(['run', SWEEP, '--trial-from-env'], { env: { PATH: process.env.PATH } });
  assert.equal(unset.code, 2);
  assert.match(unset.stderr, /SLURM_ARRAY_TASK_ID .* is not set/);
});
