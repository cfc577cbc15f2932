// Shared by the cluster tests: the CLI as a user runs it, and what "the same result" means for
// a sweep merged from trial records versus the same sweep run locally.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { RunRecord, TrialRecord } from '../../src/core/record';
import { listRuns } from '../../src/runs/store';
import { CLI, FIXTURES } from '../helpers';

export const SWEEP = path.join(FIXTURES, 'tiny-sweep.mnistexp.json');
export const SWEEP_TRIALS = 4;

const exec = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return shell(process.execPath, [CLI, ...args], options);
}

export async function shell(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      maxBuffer: 16 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The one run below a runs folder (fails when there is not exactly one). */
export async function onlyRun(runsRoot: string): Promise<{ runDir: string; record: RunRecord }> {
  const runs = await listRuns(runsRoot);
  assert.equal(runs.length, 1, `expected one run in ${runsRoot}, found ${runs.length}`);
  return runs[0];
}

/** Everything a trial computed; wall-clock times and where its model was saved left out. */
export function computed(t: TrialRecord) {
  const history = t.history.map(({ seconds: _s, samplesPerSecond: _r, ...rest }) => rest);
  const result = t.result && (({ trainSeconds: _t, modelPath: _m, ...rest }) => rest)(t.result);
  return {
    index: t.index,
    label: t.label,
    params: t.params,
    status: t.status,
    config: t.config,
    history,
    result,
    error: t.error,
  };
}

/**
 * A merged sweep is the local sweep: the same keys in the same order (the extension reads it
 * like any run), the same experiment and trial list, and bit-identical numbers.
 */
export function assertSameSweep(
  merged: RunRecord,
  local: RunRecord,
  options: { experimentFileMovedTo?: string } = {},
): void {
  assert.deepEqual(Object.keys(merged), Object.keys(local), 'run.json keys');
  merged.trials.forEach((t, i) => assert.deepEqual(Object.keys(t), Object.keys(local.trials[i]), `trial ${i} keys`));
  assert.deepEqual(
    [merged.status, merged.error, merged.quick, merged.backend],
    [local.status, local.error, local.quick, local.backend],
  );
  // A pod sees the experiment where its ConfigMap is mounted; everything else must match.
  assert.deepEqual(merged.experiment, {
    ...local.experiment,
    file: options.experimentFileMovedTo ?? local.experiment.file,
  });
  assert.deepEqual(merged.source, local.source);
  assert.deepEqual(merged.sweepParameters, local.sweepParameters);
  assert.deepEqual(merged.dataset, local.dataset);
  // Settled as a local run settles: written last by its owner (here the merge), heartbeat at its end.
  assert.equal(merged.heartbeatAt, merged.finishedAt, 'a settled run beats last when it ends');
  assert.equal(local.heartbeatAt, local.finishedAt, 'a settled run beats last when it ends');
  assert.equal(merged.owner?.host, local.owner?.host);
  assert.equal(merged.trials.length, local.trials.length);
  for (let i = 0; i < local.trials.length; i++) {
    // deepStrictEqual compares numbers with Object.is: equal here means bit-identical.
    assert.deepEqual(computed(merged.trials[i]), computed(local.trials[i]), `trial ${i} (${local.trials[i].label})`);
  }
}
