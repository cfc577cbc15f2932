// The host reads a trial's saved model with plain fs: what a run saves is read back; missing,
// oversized, non-JSON and truncated files give one error naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readModelFiles } from '../../src/runs/model-files';
import { modelDirOf } from '../../src/runs/store';
import { tempDir } from '../helpers';

function saved(dir: string, weights = new Float32Array([1, 2, 3, 4, 5, 6, 0.5, -0.5])): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'model.json'),
    JSON.stringify({
      format: 'layers-model',
      modelTopology: {
        class_name: 'Sequential',
        config: { layers: [{ class_name: 'Dense', config: { name: 'd1', units: 2, activation: 'softmax' } }] },
      },
      weightsManifest: [
        {
          paths: ['weights.bin'],
          weights: [
            { name: 'd1/kernel', shape: [3, 2], dtype: 'float32' },
            { name: 'd1/bias', shape: [2], dtype: 'float32' },
          ],
        },
      ],
    }),
  );
  writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(weights.buffer));
}

test('the model of a single-trial run and of a sweep trial are where the store puts them, and read back', async () => {
  const run = tempDir();
  assert.equal(modelDirOf(run, 0, 1), path.join(run, 'model'));
  assert.equal(modelDirOf(run, 3, 9), path.join(run, 'trials', '3', 'model'));
  saved(modelDirOf(run, 3, 9));
  const files = await readModelFiles(modelDirOf(run, 3, 9));
  assert.deepEqual(Array.from(files.layers[0].kernel), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(files.layers[0].bias), [0.5, -0.5]);
});

test('broken model folders: one error naming the file and what is wrong', async () => {
  const dir = path.join(tempDir(), 'model');
  await assert.rejects(
    readModelFiles(dir),
    (e: Error) =>
      e.message === `${path.join(dir, 'model.json')}: not found (the run saved no model, or it was deleted)`,
  );
  saved(dir);
  writeFileSync(path.join(dir, 'model.json'), '{"format": ');
  await assert.rejects(readModelFiles(dir), (e: Error) =>
    e.message.startsWith(`${path.join(dir, 'model.json')}: not valid JSON`),
  );
  saved(dir, new Float32Array(5));
  await assert.rejects(
    readModelFiles(dir),
    (e: Error) =>
      e.message ===
      `${path.join(dir, 'model.json')}: /weightsManifest/0/weights: the weights need 32 bytes, weights.bin has 20`,
  );
  saved(dir);
  writeFileSync(path.join(dir, 'model.json'), Buffer.alloc(1024 * 1024 + 1, 32));
  await assert.rejects(readModelFiles(dir), (e: Error) =>
    /model\.json: 1048577 bytes, more than the 1048576/.test(e.message),
  );
});
