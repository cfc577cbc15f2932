// mnist-lab run prints the per-layer line; mnist-lab inspect prints the model summary and
// the per-layer table of a run.json, with the numbers the record holds (npm run build first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { dynamicsAtBest } from '../../src/core/dynamics';
import { listRuns } from '../../src/runs/store';
import { CLI, tempDir } from '../helpers';

const exec = promisify(execFile);
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test('run ends with the per-layer line; inspect prints the summary and the table at the best epoch', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'tanh.mnistexp.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'tanh',
      kind: 'binary',
      data: { classes: [5, 8], limit: { train: 1500, test: 300 } },
      model: { hidden: [{ units: 32 }, { units: 16 }], activation: 'tanh' },
      training: { batchSize: 64, epochs: 2, earlyStopping: false },
    }),
  );
  const runs = path.join(dir, 'runs');
  const r = await cli(['run', file, '--out', runs, '--backend', 'wasm', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const [{ record, runDir }] = await listRuns(runs);
  const at = dynamicsAtBest(record.trials[0])!;
  assert.equal(at.epoch, record.trials[0].result!.bestEpoch);
  const l1 = at.dynamics.layers[0];
  assert.match(
    r.stdout,
    new RegExp(
      `inside \\(epoch ${at.epoch}\\): L1 ‖g‖ ${l1.gradKernel.toExponential(2)} sat ${Math.round(l1.saturated! * 100)} % · L2`,
    ),
  );

  const inspect = await cli(['inspect', runDir]);
  assert.equal(inspect.code, 0, inspect.stderr);
  assert.match(inspect.stdout, /dense_1 +32 +tanh +glorotUniform +\(None, 32\) +25,120/);
  assert.match(inspect.stdout, /total params: 25,665/);
  const row = inspect.stdout.split('\n').find((line) => line.startsWith('dense_2') && line.includes('e-'))!;
  const l2 = at.dynamics.layers[1];
  assert.deepEqual(row.trim().split(/\s+/).slice(1, 5), [
    l2.gradKernel.toExponential(2),
    l2.gradBias.toExponential(2),
    l2.weightNorm.toFixed(3),
    l2.updateRatio.toExponential(2),
  ]);

  const missing = await cli(['inspect', path.join(dir, 'nope.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.json: cannot read it/);
  writeFileSync(path.join(dir, 'other.json'), '{"trials": 3}');
  const other = await cli(['inspect', path.join(dir, 'other.json')]);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /unreadable run: .*other\.json: no "format" field/);
});
