// The dense-input kernel (src/trainer/kernels/dense-input.wat): the first layer's products on
// batches too dense for the sparse-pixel kernel, against tfjs' matmul and tf.variableGrads on
// real MNIST and inverted MNIST rows; chosen only for dense batches; deterministic.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../src/trainer/data/dataset';
import { DenseInputKernel } from '../../src/trainer/kernels/dense-input';
import { trainTrial } from '../../src/trainer/train';
import type { ExperimentFile } from '../../src/core/schema';
import { trialOf } from '../helpers';
import { invertedOnce, largestRelativeError, oneStep, predictionsBothWays } from './one-step';
import { useWasm } from './wasm-backend';

before(async () => {
  await useWasm();
});

test('the kernel computes x·W + bias (ReLU or not), xᵀ·dz and Σdz (masked by the ReLU or not) like tfjs on MNIST and inverted MNIST rows', () => {
  const ds = loadDataset(null);
  const inv = invertedOnce();
  const k = 784;
  const cases = [
    { name: 'inverted MNIST, batch 128, width 128', rows: 128, width: 128, pixels: inv.train.images, k },
    // 1000 rows: several backward chunks; 37 rows: a partial 4-row tile and a partial chunk.
    { name: 'inverted MNIST, batch 1000, width 64', rows: 1000, width: 64, pixels: inv.train.images, k },
    { name: 'MNIST, 37 rows, width 8', rows: 37, width: 8, pixels: ds.train.images.subarray(3 * k), k },
    // Widths off the 8-column tiles are padded with zero columns inside the kernel.
    { name: 'inverted MNIST, 50 rows, width 30', rows: 50, width: 30, pixels: inv.train.images.subarray(k), k },
    { name: 'inverted MNIST, 9 rows, width 1', rows: 9, width: 1, pixels: inv.train.images.subarray(7 * k), k },
    // 13 pixels a row: k is padded to 16 inside the kernel; 16 bytes a row would hide a bad tail.
    { name: '13-pixel rows, 6 rows, width 24', rows: 6, width: 24, pixels: inv.train.images.subarray(5), k: 13 },
  ];
  const kernel = new DenseInputKernel();
  for (const c of cases) {
    const pixels = c.pixels.subarray(0, c.rows * c.k);
    for (const [scale, offset] of [
      [1 / 255, 0],
      [1 / 80, -0.42],
    ]) {
      kernel.pixels(c.rows, c.k, c.width).set(pixels);
      kernel.load(scale, offset);
      tf.tidy(() => {
        const x = tf.tensor2d(
          Float32Array.from(pixels, (p) => p * scale + offset),
          [c.rows, c.k],
        );
        const w = tf.randomNormal([c.k, c.width], 0, 0.1, 'float32', 11) as tf.Tensor2D;
        const bias = tf.randomNormal([c.width], 0, 0.5, 'float32', 13) as tf.Tensor1D;
        const dz = tf.randomNormal([c.rows, c.width], 0, 1, 'float32', 12) as tf.Tensor2D;
        const wv = w.dataSync() as Float32Array;
        const bv = bias.dataSync() as Float32Array;
        const at = `${c.name}, scale ${scale}, offset ${offset}`;
        // Linear first, so the ReLU forward is the last one when its mask is used below.
        for (const relu of [false, true]) {
          const expected = tf.fused.matMul({ a: x, b: w, bias, ...(relu ? { activation: 'relu' as const } : {}) });
          const error = largestRelativeError(kernel.forward(wv, bv, relu), expected.dataSync());
          assert.ok(error < 1e-5, `${at}, relu ${relu}: forward error ${error}`);
        }
        const plain = kernel.backward(dz.dataSync() as Float32Array);
        const dwError = largestRelativeError(plain.dw, tf.matMul(x, dz, true, false).dataSync());
        assert.ok(dwError < 1e-5, `${at}: xᵀ·dz error ${dwError}`);
        const dbError = largestRelativeError(plain.db, tf.sum(dz, 0).dataSync());
        assert.ok(dbError < 1e-5, `${at}: Σdz error ${dbError}`);
        // dz given as dL/dh of the ReLU forward: masked where h = 0, as tf.step(h) · dh.
        const h = tf.fused.matMul({ a: x, b: w, bias, activation: 'relu' });
        const masked = tf.mul(dz, tf.step(h));
        const viaMask = kernel.backward(dz.dataSync() as Float32Array, true);
        const maskError = largestRelativeError(viaMask.dw, tf.matMul(x, masked, true, false).dataSync());
        assert.ok(maskError < 1e-5, `${at}: masked xᵀ·dz error ${maskError}`);
        assert.ok(largestRelativeError(viaMask.db, tf.sum(masked, 0).dataSync()) < 1e-5, `${at}: masked Σdz`);
      });
    }
  }
  // An error the test must see: a kernel that dropped the last pixel of each row.
  kernel.pixels(2, 13, 8).set(inv.train.images.subarray(0, 26));
  kernel.load(1, 0);
  const w = new Float32Array(13 * 8);
  w.fill(0, 0, 12 * 8);
  w.fill(1, 12 * 8);
  const z = kernel.forward(w, new Float32Array(8), false);
  assert.equal(z[0], inv.train.images[12]);
  assert.equal(z[8], inv.train.images[25]);
  assert.equal(kernel.density(), inv.train.images.subarray(0, 26).filter((p) => p !== 0).length / 26);
  assert.throws(() => kernel.backward(new Float32Array(16), true), /no ReLU forward/);
});

const NETS: {
  name: string;
  file: Partial<ExperimentFile> & Pick<ExperimentFile, 'kind'>;
  scaling: { scale: number; offset: number };
}[] = [
  {
    name: '784-128-64-32-10 relu, softmax, cross-entropy (the study’s part 4)',
    file: {
      kind: 'multiclass',
      model: { hidden: [{ units: 128 }, { units: 64 }, { units: 32 }] },
      training: { seed: 4 },
    },
    scaling: { scale: 1 / 255, offset: 0 },
  },
  {
    name: '784-64-16-1 sigmoid hidden, sigmoid output, binary cross-entropy, standardised input',
    file: {
      kind: 'binary',
      data: { classes: [5, 8] },
      model: { hidden: [{ units: 64 }, { units: 16 }], activation: 'sigmoid' },
      training: { seed: 5 },
    },
    scaling: { scale: 1 / 80, offset: -0.42 },
  },
  {
    name: '784-32-12-10 tanh, softmax, mean squared error',
    file: {
      kind: 'multiclass',
      model: { hidden: [{ units: 32 }, { units: 12 }], activation: 'tanh' },
      training: { seed: 6, loss: 'meanSquaredError' },
    },
    scaling: { scale: 1 / 255, offset: 0 },
  },
];

test("a step on the dense kernel gives tf.variableGrads' loss, hits and gradients on inverted MNIST, and the same bits twice", () => {
  const inv = invertedOnce();
  for (const net of NETS) {
    const reference = oneStep(inv, net.file, net.scaling, false, false);
    const kernel = oneStep(inv, net.file, net.scaling, true, true);
    assert.equal(kernel.dense, 1, `${net.name}: the dense kernel took the batch`);
    assert.equal(kernel.sparse, 0);
    assert.equal(reference.dense, 0);
    assert.equal(kernel.leaked, 0, `${net.name}: tensors leaked`);
    assert.ok(
      Math.abs(kernel.loss - reference.loss) < 1e-5 * Math.max(1, reference.loss),
      `${net.name}: loss ${kernel.loss} vs ${reference.loss}`,
    );
    assert.equal(kernel.hits, reference.hits, net.name);
    kernel.grads.forEach((g, i) => {
      const error = largestRelativeError(g, reference.grads[i]);
      assert.ok(error < 1e-5, `${net.name}: gradient of weight tensor ${i}: error ${error}`);
    });
    const again = oneStep(inv, net.file, net.scaling, true, true);
    assert.equal(again.loss, kernel.loss, `${net.name}: loss twice`);
    again.grads.forEach((g, i) => assert.deepEqual(g, kernel.grads[i], `${net.name}: gradient ${i} twice`));
  }
});

test('MNIST batches stay on the sparse kernel; a first layer of any width takes the dense kernel otherwise', () => {
  const ds = loadDataset(null);
  const inv = invertedOnce();
  const net = NETS[0]!;
  const onMnist = oneStep(ds, net.file, net.scaling, true, true);
  assert.equal(onMnist.sparse, 1);
  assert.equal(onMnist.dense, 0);
  for (const [units, data, why] of [
    [12, inv, 'inverted MNIST, 12 units: padded to one 8-column tile and a half'],
    // 30 units are not whole SIMD lanes for the sparse kernel, so even sparse MNIST goes dense.
    [30, ds, 'MNIST, 30 units: no sparse kernel for this width'],
  ] as const) {
    const file = { kind: 'multiclass' as const, model: { hidden: [{ units }, { units: 8 }] }, training: { seed: 2 } };
    const kernel = oneStep(data, file, net.scaling, true, true);
    assert.equal(kernel.dense, 1, why);
    assert.equal(kernel.sparse, 0, why);
    const reference = oneStep(data, file, net.scaling, false, false);
    assert.ok(Math.abs(kernel.loss - reference.loss) < 1e-5 * Math.max(1, reference.loss), why);
    kernel.grads.forEach((g, i) => {
      const error = largestRelativeError(g, reference.grads[i]);
      assert.ok(error < 1e-5, `${why}: gradient ${i} error ${error}`);
    });
  }
});

test('predictions on the dense kernel equal model.predict to rounding', () => {
  const { fast, expected, model } = predictionsBothWays(invertedOnce(), 701);
  assert.ok(fast, 'the dense kernel takes inverted MNIST');
  const error = largestRelativeError(fast, expected);
  assert.ok(error < 1e-5, `prediction error ${error}`);
  model.dispose();
});

test('a whole trial on inverted MNIST: the same config and seed give the same metrics twice, and match tfjs’ matmul', async () => {
  const inv = invertedOnce();
  const trial = trialOf({
    kind: 'binary',
    data: { classes: [5, 8], limit: { train: 2000, test: 1000 } },
    model: { hidden: [{ units: 64 }, { units: 32 }] },
    training: { batchSize: 64, epochs: 2, seed: 21, earlyStopping: false },
  });
  const logs: string[] = [];
  const first = await trainTrial(inv, trial, { log: (m) => logs.push(m) });
  const second = await trainTrial(inv, trial);
  const tfjs = await trainTrial(inv, trial, {}, { denseInput: false });
  assert.ok(
    logs.some((m) => /on the dense-input kernel in \d+/.test(m)),
    `the trial ran on the dense kernel: ${logs.join(' | ')}`,
  );
  assert.deepEqual(
    second.history.map((h) => [h.loss, h.accuracy, h.valLoss, h.valAccuracy]),
    first.history.map((h) => [h.loss, h.accuracy, h.valLoss, h.valAccuracy]),
  );
  assert.deepEqual(second.result!.confusionMatrix, first.result!.confusionMatrix);
  assert.equal(second.result!.testLoss, first.result!.testLoss);
  for (let e = 0; e < 2; e++) {
    const [a, b] = [tfjs.history[e]!, first.history[e]!];
    assert.ok(Math.abs(a.loss - b.loss) < 0.01 * a.loss, `epoch ${e + 1} loss ${b.loss} vs tfjs ${a.loss}`);
  }
  assert.ok(Math.abs(tfjs.result!.testAccuracy - first.result!.testAccuracy) <= 0.01);
  assert.ok(first.result!.testAccuracy > 0.9, `test accuracy ${first.result!.testAccuracy}`);
});
