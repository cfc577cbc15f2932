// The Slurm plan on a real Slurm: scripts/slurm-one-node.sh starts a one-node cluster from
// Debian's packages (installing them as root when missing), the plan is submitted as a job
// array, and the merged records must equal the same sweep run locally. Skips, saying why, where
// Slurm cannot be had (the script exits 3).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { shellLine } from '../../src/cluster/plan';
import { buildPlan, writePlanFiles } from '../../src/cluster/plan-files';
import { CLI, ROOT, tempDir } from '../helpers';
import { SWEEP, SWEEP_TRIALS, assertSameSweep, cli, onlyRun, shell } from './cluster-helpers';

const SCRIPT = path.join(ROOT, 'scripts', 'slurm-one-node.sh');
let unavailable: string | null = null;

before(() => {
  const r = spawnSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', timeout: 300_000 });
  if (r.status === 3) unavailable = r.stderr.trim();
  else assert.equal(r.status, 0, `slurm-one-node.sh start failed:\n${r.stdout}\n${r.stderr}`);
});

after(() => {
  if (!unavailable) spawnSync('bash', [SCRIPT, 'stop'], { encoding: 'utf8', timeout: 60_000 });
});

async function waitForJob(jobId: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const q = spawnSync('squeue', ['-h', '-j', jobId], { encoding: 'utf8' });
    if (q.status === 0 && q.stdout.trim() === '') return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `job ${jobId} still queued or running after ${timeoutMs / 1000} s:\n${execFileSync('squeue', ['-j', jobId], { encoding: 'utf8' })}`,
  );
}

test('a sweep planned for Slurm, submitted as a job array, merged: the local sweep, bit for bit', async (t) => {
  if (unavailable) return t.skip(`no Slurm here: ${unavailable}`);
  const work = tempDir();
  const trials = path.join(work, 'trials');
  const runs = path.join(work, 'runs');
  const { plan, trials: count } = buildPlan({
    experimentFile: SWEEP,
    engine: 'slurm',
    planFolder: work,
    quick: false,
    seed: null,
    backend: 'wasm',
    parallel: 2,
    localCli: shellLine([process.execPath, CLI]),
    remoteCli: 'unused',
    trialsFolder: trials,
    runsFolder: runs,
    slurm: { memory: '1G', time: '00:10:00' },
  });
  assert.equal(count, SWEEP_TRIALS);
  writePlanFiles(plan, work);
  assert.match(readFileSync(path.join(work, plan.files[0].name), 'utf8'), /#SBATCH --array=0-3%2\n/);

  const submit = await shell('/bin/sh', ['-c', plan.submit], { cwd: work });
  assert.equal(submit.code, 0, submit.stderr);
  const jobId = /Submitted batch job (\d+)/.exec(submit.stdout)?.[1];
  assert.ok(jobId, `sbatch said: ${submit.stdout}${submit.stderr}`);
  await waitForJob(jobId, 240_000);

  // Every task's log, for the failure message if the merge finds a trial missing.
  const logs = readdirSync(path.join(trials, 'logs')).map(
    (f) => `--- ${f}\n${readFileSync(path.join(trials, 'logs', f), 'utf8').slice(-800)}`,
  );
  assert.equal(logs.length, SWEEP_TRIALS, `one log per array task:\n${logs.join('\n')}`);
  const merge = await shell('/bin/sh', ['-c', plan.merge], { cwd: work });
  assert.equal(merge.code, 0, `${merge.stderr}\n${logs.join('\n')}`);
  const { record } = await onlyRun(runs);
  const fromEnv = readdirSync(trials, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('run.json'))
    .map((f) => JSON.parse(readFileSync(path.join(trials, f), 'utf8')).sweepPart.indexFrom as string);
  assert.deepEqual(fromEnv.sort(), [
    'SLURM_ARRAY_TASK_ID=0',
    'SLURM_ARRAY_TASK_ID=1',
    'SLURM_ARRAY_TASK_ID=2',
    'SLURM_ARRAY_TASK_ID=3',
  ]);

  const localOut = tempDir();
  const r = await cli(['run', SWEEP, '--backend', 'wasm', '--out', localOut, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assertSameSweep(record, (await onlyRun(localOut)).record);
});
