// One training step's loss, hits and gradients on a fixed batch of 96 images, for the tests that
// hold a faster route (tapeless, sparse or dense input kernel) to the tape's reference.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadDataset, type Dataset } from '../../src/trainer/data/dataset';
import { GradientComputer } from '../../src/trainer/net/gradients';
import { buildModel } from '../../src/trainer/net/model';
import { WasmMlp } from '../../src/trainer/wasm-mlp';
import type { ResolvedTrial } from '../../src/core/experiment';
import { trialOf } from '../helpers';

/** MNIST with every pixel inverted (255 − v), as bench/dense-data.ts writes it: ~81 % non-zero. */
function invertedMnist(): Dataset {
  const ds = loadDataset(null);
  const invert = (images: Uint8Array) => {
    const out = new Uint8Array(images.length);
    for (let i = 0; i < images.length; i++) out[i] = 255 - images[i];
    return out;
  };
  return {
    ...ds,
    name: `${ds.name} inverted`,
    fingerprint: `${ds.fingerprint}-inverted`,
    train: { ...ds.train, images: invert(ds.train.images) },
    test: { ...ds.test, images: invert(ds.test.images) },
  };
}

let inverted: Dataset | null = null;
export const invertedOnce = () => (inverted ??= invertedMnist());

/** The fixed batch every one-step test trains on: 96 (or `rows`) training images, every 13th. */
function fixedBatch(ds: Dataset, trial: ResolvedTrial, rows = 96) {
  const refs = Uint32Array.from({ length: rows }, (_, i) => i * 13);
  const classes = Uint32Array.from(refs, (r) => {
    const label = ds.train.labels[r];
    return trial.data.classes.indexOf(label) >= 0 ? trial.data.classes.indexOf(label) : label % trial.model.outputUnits;
  });
  return { refs, classes };
}

export function oneStep(
  ds: Dataset,
  file: Parameters<typeof trialOf>[0],
  scaling: { scale: number; offset: number },
  /** The first layer on the input kernels (sparse, and dense for dense batches). */
  kernels: boolean,
  tapeless: boolean,
  rows = 96,
) {
  const trial = trialOf(file);
  const model = buildModel(trial, 784);
  const computer = new GradientComputer(model, trial, ds, scaling, kernels, tapeless, kernels);
  const { refs, classes } = fixedBatch(ds, trial, rows);
  const before = tf.memory().numTensors;
  const out = computer.compute(refs, classes, 0, refs.length);
  const grads = model.trainableWeights.map((w) => out.grads[(w.read() as tf.Variable).name].dataSync() as Float32Array);
  tf.dispose(Object.values(out.grads));
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  return {
    loss: out.loss,
    hits: out.hits,
    grads,
    leaked,
    sparse: computer.sparseBatches,
    dense: computer.denseKernelBatches,
  };
}

/**
 * A whole-step engine (wasm-mlp.ts) for an experiment file, on the model's own variables; the
 * caller disposes both.
 */
export function engineFor(
  ds: Dataset,
  file: Parameters<typeof trialOf>[0],
  { scaling = { scale: 1 / 255, offset: 0 }, sparse = true, threads = 1 } = {},
) {
  const trial = trialOf(file);
  const model = buildModel(trial, 784);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return { trial, model, engine: new WasmMlp(trial, variables, ds, scaling, sparse, threads) };
}

/** The same step on the whole-step engine (wasm-mlp.ts): its loss, hits and gradients. */
export function oneEngineStep(
  ds: Dataset,
  file: Parameters<typeof trialOf>[0],
  scaling: { scale: number; offset: number },
  sparse: boolean,
  rows = 96,
) {
  const { trial, model, engine } = engineFor(ds, file, { scaling, sparse });
  const { refs, classes } = fixedBatch(ds, trial, rows);
  const before = tf.memory().numTensors;
  const out = engine.step(refs, classes, 0, refs.length);
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  return {
    loss: out.loss,
    hits: out.hits,
    grads: engine.gradients(),
    leaked,
    sparse: engine.sparseBatches,
    dense: engine.denseBatches,
  };
}

/**
 * Predictions for the first `rows` test images by GradientComputer.predict (the input kernels'
 * route, null when it steps aside) and by model.predict on the same images scaled as the
 * trainer scales them. The caller disposes `model`.
 */
export function predictionsBothWays(ds: Dataset, rows: number) {
  const trial = trialOf({
    kind: 'multiclass',
    model: { hidden: [{ units: 64 }, { units: 16 }] },
    training: { seed: 8 },
  });
  const model = buildModel(trial, 784);
  const scaling = { scale: 1 / 255, offset: -0.1 };
  const computer = new GradientComputer(model, trial, ds, scaling, true);
  const refs = Uint32Array.from({ length: rows }, (_, i) => ds.train.count + i); // test-set images
  const fast = computer.predict(refs, 0, refs.length);
  const expected = tf.tidy(() => {
    const x = tf.tensor2d(
      Float32Array.from(ds.test.images.subarray(0, rows * 784), (p) => p * scaling.scale + scaling.offset),
      [rows, 784],
    );
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
  return { fast, expected, model, trial, scaling };
}

/** The largest absolute difference, relative to the largest magnitude expected. */
export function largestRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst / (scale || 1);
}
