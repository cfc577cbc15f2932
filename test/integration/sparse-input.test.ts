// The sparse-pixel kernel of the first layer (src/trainer/kernels) against tfjs' dense matmul,
// on real MNIST rows and on synthetic dense ones, and in real training.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { loadDataset, type Dataset } from '../../src/trainer/data/dataset';
import { SparseInputKernel, sparseInputMatMul } from '../../src/trainer/kernels/sparse-input';
import { GradientComputer, SPARSE_MAX_DENSITY } from '../../src/trainer/net/gradients';
import { buildModel } from '../../src/trainer/net/model';
import { prepareData } from '../../src/trainer/data/splits';
import { trainTrial } from '../../src/trainer/train';
import { ROOT, trialOf } from '../helpers';
import { largestRelativeError, predictionsBothWays } from './one-step';
import { useWasm } from './wasm-backend';

before(async () => {
  await useWasm();
});

/** Seeded bytes, `zeros` of them 0, the rest 1..255. */
function syntheticPixels(count: number, zeros: number, seed: number): Uint8Array {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Uint8Array.from({ length: count }, () => (next() < zeros ? 0 : 1 + Math.floor(next() * 255)));
}

test('the kernel computes pixels·W and pixelsᵀ·dz like tfjs for every output width it accepts', () => {
  const ds = loadDataset(null);
  const k = 784;
  const cases = [
    { name: 'MNIST', rows: 100, width: 128, pixels: ds.train.images.subarray(0, 100 * k) },
    { name: 'MNIST, width 36 (16+16+4)', rows: 37, width: 36, pixels: ds.train.images.subarray(5 * k, 42 * k) },
    { name: 'MNIST, width 4', rows: 3, width: 4, pixels: ds.train.images.subarray(0, 3 * k) },
    { name: 'dense synthetic', rows: 50, width: 20, pixels: syntheticPixels(50 * k, 0.1, 7) },
    {
      name: 'an all-black image among others',
      rows: 3,
      width: 16,
      pixels: Uint8Array.from([...new Uint8Array(k), ...syntheticPixels(2 * k, 0.5, 3)]),
    },
  ];
  const kernel = new SparseInputKernel();
  for (const c of cases) {
    const scale = 1 / 255;
    kernel.pixels(c.rows, k, c.width).set(c.pixels);
    const density = kernel.index(scale);
    const expectedDensity = c.pixels.reduce((n, p) => n + (p ? 1 : 0), 0) / c.pixels.length;
    assert.equal(density, expectedDensity, c.name);
    tf.tidy(() => {
      const w = tf.randomNormal([k, c.width], 0, 0.1, 'float32', 11);
      const dz = tf.randomNormal([c.rows, c.width], 0, 1, 'float32', 12);
      const x = tf.tensor2d(
        Float32Array.from(c.pixels, (p) => p * scale),
        [c.rows, k],
      );
      const forward = largestRelativeError(kernel.forward(w.dataSync() as Float32Array), tf.matMul(x, w).dataSync());
      const backward = largestRelativeError(
        kernel.backward(dz.dataSync() as Float32Array),
        tf.matMul(x, dz, true, false).dataSync(),
      );
      assert.ok(forward < 1e-5, `${c.name}: forward error ${forward}`);
      assert.ok(backward < 1e-5, `${c.name}: backward error ${backward}`);
    });
  }
});

test("as a tfjs op with a normalisation offset it has the dense matmul's value and gradient", () => {
  const ds = loadDataset(null);
  const [rows, k, width] = [64, 784, 32];
  const [scale, offset] = [1 / 78.6, -0.4242];
  const kernel = new SparseInputKernel();
  kernel.pixels(rows, k, width).set(ds.train.images.subarray(0, rows * k));
  kernel.index(scale);
  tf.tidy(() => {
    const w = tf.variable(tf.randomNormal([k, width], 0, 0.1, 'float32', 5));
    const r = tf.randomNormal([rows, width], 0, 1, 'float32', 6);
    const x = tf.tensor2d(
      Float32Array.from(ds.train.images.subarray(0, rows * k), (p) => p * scale + offset),
      [rows, k],
    );
    const sparse = tf.variableGrads(
      () => tf.sum(tf.mul(sparseInputMatMul(kernel, w as unknown as tf.Tensor2D, rows, offset), r)),
      [w],
    );
    const dense = tf.variableGrads(() => tf.sum(tf.mul(tf.matMul(x, w), r)), [w]);
    assert.ok(
      Math.abs(sparse.value.dataSync()[0] - dense.value.dataSync()[0]) < 1e-4 * Math.abs(dense.value.dataSync()[0]),
    );
    const error = largestRelativeError(sparse.grads[w.name].dataSync(), dense.grads[w.name].dataSync());
    assert.ok(error < 1e-5, `gradient error ${error}`);
    w.dispose();
  });
});

function gradientsOf(dataset: Dataset, units: number, sparse: boolean, refs: Uint32Array) {
  const trial = trialOf({ kind: 'multiclass', model: { hidden: [{ units }, { units: 16 }] }, training: { seed: 3 } });
  const model = buildModel(trial, 784);
  const computer = new GradientComputer(model, trial, dataset, { scale: 1 / 255, offset: 0 }, sparse);
  const classes = Uint32Array.from(refs, (r) => dataset.train.labels[r]);
  const out = computer.compute(refs, classes, 0, refs.length);
  const grads = model.trainableWeights.map((w) => out.grads[(w.read() as tf.Variable).name].dataSync() as Float32Array);
  tf.dispose(Object.values(out.grads));
  model.dispose();
  return { ...out, grads, sparseBatches: computer.sparseBatches };
}

test("a training step on the kernel gives the dense step's loss, hits and gradients; it steps aside when it cannot help", () => {
  const ds = loadDataset(null);
  const refs = Uint32Array.from({ length: 96 }, (_, i) => i * 7);
  const dense = gradientsOf(ds, 64, false, refs);
  const sparse = gradientsOf(ds, 64, true, refs);
  assert.equal(sparse.sparseBatches, 1);
  assert.equal(dense.sparseBatches, 0);
  assert.ok(Math.abs(sparse.loss - dense.loss) < 1e-5 * dense.loss, `loss ${sparse.loss} vs ${dense.loss}`);
  assert.equal(sparse.hits, dense.hits);
  sparse.grads.forEach((g, i) => {
    const error = largestRelativeError(g, dense.grads[i]);
    assert.ok(error < 1e-4, `gradient of weight tensor ${i}: error ${error}`);
  });
  // 30 units are not whole SIMD lanes: the layer stays dense.
  assert.equal(gradientsOf(ds, 30, true, refs).sparseBatches, 0);
  // Mostly non-zero pixels (like Fashion-MNIST's): the dense matmul is as fast, so it is used.
  const busy: Dataset = {
    ...ds,
    train: { ...ds.train, images: syntheticPixels(ds.train.images.length, 1 - SPARSE_MAX_DENSITY - 0.2, 1) },
  };
  assert.equal(gradientsOf(busy, 64, true, refs).sparseBatches, 0);
});

test('training 5 vs 8 on the kernel matches dense training to rounding', async () => {
  const ds = loadDataset(null);
  const trial = trialOf({
    kind: 'binary',
    data: { classes: [5, 8], normalization: 'standardize', limit: { train: 2000, test: 1000 } },
    model: { hidden: [{ units: 64 }, { units: 32 }] },
    training: { batchSize: 64, epochs: 2, seed: 21, earlyStopping: false },
  });
  assert.notEqual(prepareData(ds, trial.data, 21).scaling.offset, 0, 'standardize exercises the offset term');
  const dense = await trainTrial(ds, trial, {}, { sparseInput: false });
  const sparse = await trainTrial(ds, trial, {}, { sparseInput: true });
  for (let e = 0; e < 2; e++) {
    const [a, b] = [dense.history[e], sparse.history[e]];
    assert.ok(Math.abs(a.loss - b.loss) < 0.01 * a.loss, `epoch ${e + 1} loss ${a.loss} vs ${b.loss}`);
  }
  assert.ok(
    Math.abs(dense.result!.testAccuracy - sparse.result!.testAccuracy) <= 0.005,
    `${dense.result!.testAccuracy} vs ${sparse.result!.testAccuracy}`,
  );
  assert.ok(sparse.result!.testAccuracy > 0.95);
});

test('the committed kernel binaries are compiled from the committed .wat files', () => {
  execFileSync(process.execPath, ['scripts/compile-kernels.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' });
});

test('predictions on the kernel (validation, test) equal model.predict to rounding, and step aside for dense batches', () => {
  const ds = loadDataset(null);
  const { fast, expected: dense, model, trial, scaling } = predictionsBothWays(ds, 700);
  assert.ok(fast, 'MNIST test images are sparse enough');
  const error = largestRelativeError(fast, dense);
  assert.ok(error < 1e-5, `prediction error ${error}`);
  const busy: Dataset = { ...ds, train: { ...ds.train, images: syntheticPixels(ds.train.images.length, 0.2, 2) } };
  // (with the dense-input kernel switched off: it takes such batches, test/integration/dense-input.test.ts)
  assert.equal(
    new GradientComputer(model, trial, busy, scaling, true, true, false).predict(Uint32Array.of(0, 1, 2), 0, 3),
    null,
  );
  model.dispose();
});
