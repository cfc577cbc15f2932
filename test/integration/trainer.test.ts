// Real training on real MNIST slices, on the wasm backend.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../src/trainer/data/dataset';
import { prepareData } from '../../src/trainer/data/splits';
import { trainTrial } from '../../src/trainer/train';
import { evaluateSplit } from '../../src/trainer/evaluate';
import { tempDir, trialOf } from '../helpers';
import { useWasm } from './wasm-backend';

before(async () => {
  await useWasm();
  assert.equal(tf.getBackend(), 'wasm');
});

const fiveVsEight = (over: { epochs?: number; seed?: number; train?: number } = {}) =>
  trialOf({
    kind: 'binary',
    data: {
      classes: [5, 8],
      split: 'pooled',
      normalization: 'minmax',
      limit: { train: over.train ?? 2000, test: 1000 },
    },
    model: { hidden: [{ units: 64 }, { units: 32 }] },
    training: { batchSize: 32, epochs: over.epochs ?? 3, seed: over.seed ?? 11, earlyStopping: false },
  });

test('a short real training of 5 vs 8 on 2,000 images reaches > 95 % test accuracy without leaking tensors', async () => {
  const ds = loadDataset(null);
  const tensorsPerEpoch: number[] = [];
  const before = tf.memory().numTensors;
  const out = await trainTrial(ds, fiveVsEight(), { onEpoch: () => tensorsPerEpoch.push(tf.memory().numTensors) });
  assert.equal(out.status, 'done');
  assert.ok(out.result!.testAccuracy > 0.95, `test accuracy ${out.result!.testAccuracy}`);
  assert.deepEqual(out.result!.sizes, { train: 1600, validation: 400, test: 1000 });
  assert.equal(out.history.length, 3);
  assert.ok(out.history[2].loss < out.history[0].loss, 'training loss falls');
  assert.equal(new Set(tensorsPerEpoch).size, 1, `tensor count per epoch: ${tensorsPerEpoch}`);
  assert.equal(tf.memory().numTensors, before, 'everything is disposed after the trial');
  const cm = out.result!.confusionMatrix;
  assert.equal(
    cm.flat().reduce((a, b) => a + b),
    1000,
  );
  assert.equal((cm[0][0] + cm[1][1]) / 1000, out.result!.testAccuracy);
  const random = out.result!.samples.filter((s) => s.reason === 'random');
  assert.equal(random.length, 9);
  assert.equal(Buffer.from(random[0].pixels, 'base64').length, 784);
});

test('the same config and seed give the same metrics; another seed gives others', async () => {
  const ds = loadDataset(null);
  const a = await trainTrial(ds, fiveVsEight({ epochs: 1, seed: 5, train: 800 }));
  const b = await trainTrial(ds, fiveVsEight({ epochs: 1, seed: 5, train: 800 }));
  const c = await trainTrial(ds, fiveVsEight({ epochs: 1, seed: 6, train: 800 }));
  assert.deepEqual(
    [a.history[0].loss, a.history[0].valLoss, a.result!.testLoss, a.result!.confusionMatrix],
    [b.history[0].loss, b.history[0].valLoss, b.result!.testLoss, b.result!.confusionMatrix],
  );
  assert.notEqual(a.history[0].loss, c.history[0].loss);
});

test("early stopping stops on patience and really restores the best epoch's weights", async () => {
  const ds = loadDataset(null);
  // A tiny training set and a large learning rate over-fit fast, so validation loss rises.
  const trial = trialOf({
    kind: 'binary',
    data: { classes: [5, 8], split: 'pooled', limit: { train: 300, test: 300 } },
    model: { hidden: [{ units: 128 }] },
    training: {
      batchSize: 16,
      epochs: 40,
      learningRate: 0.01,
      seed: 3,
      earlyStopping: { monitor: 'val_loss', patience: 2, restoreBestWeights: true },
    },
  });
  const modelDir = path.join(tempDir(), 'model');
  const out = await trainTrial(ds, trial, {}, { modelDir });
  const r = out.result!;
  assert.ok(r.stoppedEarly && r.epochsRun < 40, `ran ${r.epochsRun} epochs`);
  assert.equal(r.epochsRun, r.bestEpoch + 2, 'stops after `patience` epochs without improvement');
  const valLosses = out.history.map((h) => h.valLoss!);
  assert.equal(Math.min(...valLosses), valLosses[r.bestEpoch - 1]);
  const last = valLosses.at(-1)!;
  assert.ok(last > valLosses[r.bestEpoch - 1], 'the last epoch is worse than the best one');

  // Load the saved model (tfjs layers format) and score it on the same validation split.
  const modelJson = JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
  const weights = readFileSync(path.join(modelDir, 'weights.bin'));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  const data = prepareData(ds, trial.data, trial.training.seed);
  const restored = evaluateSplit(model, ds, data.validation, data.scaling, trial);
  model.dispose();
  assert.ok(
    Math.abs(restored.loss - valLosses[r.bestEpoch - 1]) < 1e-5,
    `restored val loss ${restored.loss} vs best ${valLosses[r.bestEpoch - 1]} (last ${last})`,
  );
  assert.ok(existsSync(path.join(modelDir, 'weights.bin')));
});

test('a multiclass net learns ten digits from 3,000 images', async () => {
  const ds = loadDataset(null);
  const trial = trialOf({
    kind: 'multiclass',
    data: { limit: { train: 3000, test: 1000 } },
    model: { hidden: [{ units: 64 }] },
    training: { batchSize: 64, epochs: 3, seed: 1, earlyStopping: false },
  });
  const out = await trainTrial(ds, trial);
  assert.ok(out.result!.testAccuracy > 0.85, `test accuracy ${out.result!.testAccuracy}`);
  assert.equal(out.result!.confusionMatrix.length, 10);
  assert.equal(out.result!.report.classes.length, 10);
});

test('cancelling stops within the epoch and returns what was trained', async () => {
  const ds = loadDataset(null);
  let polls = 0;
  const epochs: number[] = [];
  // An epoch of all 48,000 training digits in batches of 8 takes far longer than three polls, on
  // any machine this trains on (training got fast enough that 6,000 images took three epochs).
  const trial = trialOf({
    kind: 'multiclass',
    model: { hidden: [{ units: 64 }, { units: 32 }] },
    training: { batchSize: 8, epochs: 50, seed: 11, earlyStopping: false },
  });
  const out = await trainTrial(ds, trial, {
    onEpoch: (r) => epochs.push(r.epoch),
    // Polled between batches every ~50 ms: the third poll asks to stop, mid-epoch.
    shouldStop: () => ++polls >= 3,
  });
  assert.equal(out.status, 'cancelled');
  assert.equal(out.result, null);
  assert.equal(polls, 3);
  assert.deepEqual(
    out.history.map((h) => h.epoch),
    epochs,
  );
  assert.ok(out.history.length <= 1, `${out.history.length} epochs finished before the cancel took effect`);
});

test('a batch size larger than the training split is a clear error', async () => {
  const ds = loadDataset(null);
  const trial = trialOf({
    kind: 'binary',
    data: { classes: [5, 8], limit: { train: 100 } },
    model: { hidden: [] },
    training: { batchSize: 500 },
  });
  await assert.rejects(trainTrial(ds, trial), /training.batchSize 500 is larger than the 80 training samples/);
});
