// The draw-a-digit forward pass (src/core/forward-pass.ts, run in the results webview from the
// saved weights) must give the trainer's own probabilities: train small real nets, save them as
// a run does, then compare tfjs's model.predict on the saved model with the pure-TS pass on
// every test image, within 1e-5.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { forwardPass, predictedClass, scaleInput } from '../../src/core/forward-pass';
import { parseSavedModel } from '../../src/core/saved-model';
import { loadDataset, type Dataset } from '../../src/trainer/data/dataset';
import { imageRow, prepareData } from '../../src/trainer/data/splits';
import { inputBatch } from '../../src/trainer/net/batches';
import { trainTrial } from '../../src/trainer/train';
import { tempDir, trialOf } from '../helpers';
import { useWasm } from './wasm-backend';

let ds: Dataset;
before(async () => {
  await useWasm();
  ds = loadDataset(null);
});

async function compare(
  trial: ReturnType<typeof trialOf>,
): Promise<{ images: number; maxDiff: number; agreeing: number; accuracy: number }> {
  const dir = path.join(tempDir(), 'model');
  const out = await trainTrial(ds, trial, {}, { modelDir: dir });
  const result = out.result!;
  assert.ok(result.inputScaling, 'the run records its input scaling');
  const data = prepareData(ds, trial.data, trial.training.seed);
  assert.deepEqual(result.inputScaling, data.scaling);

  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const layers = parseSavedModel(json, readFileSync(path.join(dir, 'weights.bin')), path.join(dir, 'model.json'));
  // The trainer's model, loaded back from the same files.
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: new Uint8Array(readFileSync(path.join(dir, 'weights.bin'))).buffer,
    }),
  );
  const refs = data.test.refs;
  const expected = tf.tidy(
    () => (model.predict(inputBatch(ds, refs, 0, refs.length, data.scaling)) as tf.Tensor).dataSync() as Float32Array,
  );
  model.dispose();
  const units = layers.at(-1)!.units;
  let maxDiff = 0;
  let agreeing = 0;
  let correct = 0;
  for (let i = 0; i < refs.length; i++) {
    const r = forwardPass(layers, scaleInput(imageRow(ds, refs[i]), result.inputScaling!));
    const out = r.activations.at(-1)!;
    for (let u = 0; u < units; u++) maxDiff = Math.max(maxDiff, Math.abs(out[u] - expected[i * units + u]));
    const mine = predictedClass(out, 0, units).cls;
    if (mine === predictedClass(expected, i, units).cls) agreeing++;
    if (mine === data.test.classes[i]) correct++;
  }
  return { images: refs.length, maxDiff, agreeing, accuracy: correct / refs.length };
}

test('ten digits (relu, softmax), standardized inputs: the core forward pass equals model.predict within 1e-5 on 1,000 test images', async () => {
  const trial = trialOf({
    kind: 'multiclass',
    data: { normalization: 'standardize', limit: { train: 3000, test: 1000 } },
    model: { hidden: [{ units: 64 }, { units: 32 }], activation: 'relu' },
    training: { batchSize: 64, epochs: 2, seed: 3, earlyStopping: false },
  });
  const r = await compare(trial);
  assert.equal(r.images, 1000);
  assert.ok(r.maxDiff < 1e-5, `largest difference ${r.maxDiff}`);
  assert.equal(r.agreeing, r.images);
  // A net that learnt something, so the comparison is not between two constant outputs.
  assert.ok(r.accuracy > 0.8, `accuracy ${r.accuracy}`);
});

test('5 vs 8 (sigmoid and tanh hidden, sigmoid output), minmax inputs: within 1e-5 on every test image', async () => {
  for (const activation of ['sigmoid', 'tanh'] as const) {
    const trial = trialOf({
      kind: 'binary',
      data: { classes: [5, 8], split: 'pooled', normalization: 'minmax', limit: { train: 2000, test: 600 } },
      model: { hidden: [{ units: 32 }, { units: 16 }], activation },
      training: { batchSize: 32, epochs: 2, seed: 5, earlyStopping: false },
    });
    const r = await compare(trial);
    assert.equal(r.images, 600);
    assert.ok(r.maxDiff < 1e-5, `${activation}: largest difference ${r.maxDiff}`);
    assert.equal(r.agreeing, r.images);
    assert.ok(r.accuracy > 0.85, `${activation}: accuracy ${r.accuracy}`);
  }
});
