// Real wasm backend, real kernels: the fix is only worth having if it changes no numbers,
// so results are checked against the cpu backend and against the unpatched wasm kernels.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import {
  installWasmKernelFixes,
  installWasmMatMulFix,
  installWasmRowCopyFix,
  isWasmMatMulFixInstalled,
  uninstallWasmMatMulFix,
  uninstallWasmRowCopyFix,
} from '../../src/trainer/backend/wasm-matmul';

const WASM_DIR = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;

interface WasmBackendView {
  numDataIds(): number;
  wasm: { HEAPU8: Uint8Array };
}
const wasmBackend = () => tf.engine().findBackend('wasm') as unknown as WasmBackendView;

/** Deterministic values so that a failure reproduces (tf.randomUniform's seed is per call). */
function seeded(shape: number[], seed: number): tf.Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  return tf.tensor(v, shape);
}

async function on<T>(backend: string, f: () => T): Promise<T> {
  assert.equal(await tf.setBackend(backend), true, `setBackend(${backend})`);
  return f();
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

// [aShape, bShape, transposeA, transposeB]; shapes are the operands as passed, before transposing.
type Case = [number[], number[], boolean, boolean];
const CASES: Case[] = [];
for (const [ta, tb] of [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const) {
  const m = 7,
    k = 13,
    n = 5;
  CASES.push([ta ? [k, m] : [m, k], tb ? [n, k] : [k, n], ta, tb]);
  // Batched rank 3, the shape BatchMatMul kernels actually receive.
  CASES.push([ta ? [3, k, m] : [3, m, k], tb ? [3, n, k] : [3, k, n], ta, tb]);
  // Batch broadcast (b has batch 1) and vector-like operands with a size-1 axis.
  CASES.push([ta ? [2, k, m] : [2, m, k], tb ? [1, n, k] : [1, k, n], ta, tb]);
  CASES.push([ta ? [k, 1] : [1, k], tb ? [1, k] : [k, 1], ta, tb]);
  // Layer-sized: the shapes of the backward pass of a 784-128 Dense layer.
  CASES.push([ta ? [784, 32] : [32, 784], tb ? [128, 784] : [784, 128], ta, tb]);
}

function denseNet(seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      units: 12,
      activation: 'relu',
      inputShape: [20],
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 6,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

function batch(): { x: tf.Tensor; y: tf.Tensor } {
  const x = seeded([16, 20], 7);
  const labels = Array.from({ length: 16 }, (_, i) => (i * 7) % 3);
  return { x, y: tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() };
}

/** Gradients of the loss w.r.t. every weight, with the model's current weights. */
function gradients(model: tf.Sequential, x: tf.Tensor, y: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar,
      vars,
    );
    return vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
  });
}

async function trainedWeights(steps: number): Promise<Float32Array[]> {
  const model = denseNet(42);
  const { x, y } = batch();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const out = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

describe('wasm matmul fix', () => {
  before(async () => {
    setWasmPaths(WASM_DIR);
    assert.equal(await tf.setBackend('wasm'), true, 'wasm backend must initialise');
  });
  after(async () => {
    uninstallWasmMatMulFix(tf);
    uninstallWasmRowCopyFix(tf);
  });

  it('does nothing on other backends', async () => {
    await on('cpu', () => {
      const before = tf.getKernel('BatchMatMul', 'cpu');
      assert.match(installWasmMatMulFix(tf), /not applied/);
      assert.equal(tf.getKernel('BatchMatMul', 'cpu'), before);
      assert.equal(isWasmMatMulFixInstalled(tf), false);
    });
  });

  it('installs once and a second call is a no-op', async () => {
    await tf.setBackend('wasm');
    assert.match(installWasmMatMulFix(tf), /BatchMatMul/);
    const first = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    assert.match(installWasmMatMulFix(tf), /already installed/);
    assert.equal(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc, first, 'no double wrapping');
    assert.equal(isWasmMatMulFixInstalled(tf, '_FusedMatMul'), true);
  });

  it('matMul matches the cpu backend for all transpose combinations and batched shapes', async () => {
    await tf.setBackend('wasm');
    installWasmMatMulFix(tf);
    for (const [i, [sa, sb, ta, tb]] of CASES.entries()) {
      const want = await on('cpu', () =>
        tf.tidy(() => tf.matMul(seeded(sa, i), seeded(sb, 100 + i), ta, tb).dataSync()),
      );
      const got = await on('wasm', () => tf.tidy(() => tf.matMul(seeded(sa, i), seeded(sb, 100 + i), ta, tb)));
      const expectedShape = await on('cpu', () =>
        tf.tidy(() => tf.matMul(seeded(sa, i), seeded(sb, 100 + i), ta, tb).shape),
      );
      assert.deepEqual(got.shape, expectedShape, `shape of case ${JSON.stringify([sa, sb, ta, tb])}`);
      assert.ok(maxAbsDiff(got.dataSync(), want) < 1e-4, `values of case ${JSON.stringify([sa, sb, ta, tb])}`);
      got.dispose();
    }
  });

  // Batch 1 only: with a batch above 1 and a bias, tfjs-backend-wasm 4.22 indexes the bias
  // wrongly in its generic loop, with or without this fix (see bench/README.md).
  it('fused matMul (bias + relu) with transposes matches the cpu backend', async () => {
    const run = () =>
      tf.tidy(() =>
        tf.fused
          .matMul({
            a: seeded([1, 9, 6], 1),
            b: seeded([1, 4, 9], 2),
            transposeA: true,
            transposeB: true,
            bias: seeded([4], 3),
            activation: 'relu',
          })
          .dataSync(),
      );
    const want = await on('cpu', run);
    await tf.setBackend('wasm');
    installWasmMatMulFix(tf);
    assert.ok(maxAbsDiff(run(), want) < 1e-5);
  });

  it('a tensor used as b both plainly and transposed keeps correct results', async () => {
    // Guards against handing the backend a reshaped view of b: its XNNPACK operator cache
    // is keyed by b's id, not its shape.
    await tf.setBackend('wasm');
    installWasmMatMulFix(tf);
    const w = seeded([64, 1], 5);
    const x = seeded([10, 64], 6);
    const dy = seeded([10, 1], 7);
    const plain = tf.matMul(x, w);
    const back = tf.matMul(dy, w, false, true);
    const plain2 = tf.matMul(x, w);
    const wantBack = await on('cpu', () =>
      tf.tidy(() => tf.matMul(seeded([10, 1], 7), seeded([64, 1], 5), false, true).dataSync()),
    );
    await tf.setBackend('wasm');
    assert.ok(maxAbsDiff(back.dataSync(), wantBack) < 1e-5);
    assert.ok(maxAbsDiff(plain.dataSync(), plain2.dataSync()) === 0);
    tf.dispose([w, x, dy, plain, back, plain2]);
  });

  it('Dense-net gradients are the same with and without the fix', async () => {
    await tf.setBackend('wasm');
    const { x, y } = batch();
    const model = denseNet(3);
    uninstallWasmMatMulFix(tf);
    const without = gradients(model, x, y);
    installWasmMatMulFix(tf);
    const withFix = gradients(model, x, y);
    const onCpu = await on('cpu', () => gradients(model, x, y));
    await tf.setBackend('wasm');
    without.forEach((g, i) => {
      assert.ok(maxAbsDiff(withFix[i]!, g) < 1e-5, `gradient ${i} vs unpatched wasm`);
      assert.ok(maxAbsDiff(withFix[i]!, onCpu[i]!) < 1e-5, `gradient ${i} vs cpu`);
    });
    // A zero gradient would make the comparison vacuous.
    assert.ok(withFix.some((g) => g.some((v) => Math.abs(v) > 1e-3)));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('weights after 20 Adam steps match the unpatched kernels and the cpu backend', async () => {
    await tf.setBackend('wasm');
    uninstallWasmMatMulFix(tf);
    const without = await trainedWeights(20);
    installWasmMatMulFix(tf);
    const withFix = await trainedWeights(20);
    const onCpu = await on('cpu', () => trainedWeights(20));
    await tf.setBackend('wasm');
    const initial = (() => {
      const m = denseNet(42);
      const w = m.getWeights().map((t) => t.dataSync() as Float32Array);
      m.dispose();
      return w;
    })();
    withFix.forEach((w, i) => {
      assert.ok(maxAbsDiff(w, without[i]!) < 1e-4, `weight ${i} vs unpatched wasm`);
      assert.ok(maxAbsDiff(w, onCpu[i]!) < 1e-4, `weight ${i} vs cpu`);
    });
    // Training must have moved the weights, or equal results would prove nothing.
    assert.ok(maxAbsDiff(withFix[0]!, initial[0]!) > 1e-2);
  });

  it('repeated training steps leak neither tensors nor wasm memory', async () => {
    await tf.setBackend('wasm');
    installWasmMatMulFix(tf);
    const model = denseNet(9);
    const { x, y } = batch();
    // Shapes where both operands need a real transpose, so temporaries are created.
    const big = seeded([32, 784], 1);
    const dy = seeded([32, 128], 2);
    const step = async () => {
      await model.trainOnBatch(x, y);
      tf.tidy(() => tf.matMul(big, dy, true, false).dataSync());
    };
    for (let i = 0; i < 5; i++) await step();
    const tensors = tf.memory().numTensors;
    const dataIds = wasmBackend().numDataIds();
    const heap = wasmBackend().wasm.HEAPU8.length;
    for (let i = 0; i < 50; i++) await step();
    assert.equal(tf.memory().numTensors, tensors, 'engine tensors');
    assert.equal(wasmBackend().numDataIds(), dataIds, 'wasm backend buffers');
    assert.equal(wasmBackend().wasm.HEAPU8.length, heap, 'wasm heap size');
    tf.dispose([x, y, big, dy]);
    model.dispose();
  });

  it('slice and gather replacements match the cpu backend', async () => {
    await tf.setBackend('wasm');
    assert.match(installWasmRowCopyFix(tf), /Slice, GatherV2/);
    assert.match(installWasmKernelFixes(tf), /already installed.*already installed/);
    const x2 = () => seeded([9, 7], 11);
    const x3 = () => seeded([5, 4, 3], 12);
    const xi = () => tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2], 'int32');
    const ops: [string, () => tf.Tensor][] = [
      ['rows', () => tf.slice(x2(), [2, 0], [4, 7])],
      ['rows to end', () => tf.slice(x2(), [3], [-1])],
      ['columns (non-contiguous)', () => tf.slice(x2(), [1, 2], [5, 3])],
      ['rank 3, partial axis 1', () => tf.slice(x3(), [1, 1, 0], [3, 2, 3])],
      ['rank 3, partial last axis (original kernel)', () => tf.slice(x3(), [0, 1, 1], [2, 2, 2])],
      ['rank 1', () => tf.slice(tf.range(0, 10), [3], [4])],
      ['int32 rows', () => tf.slice(xi(), [1, 0], [2, 2])],
      ['gather rows, repeated indices', () => tf.gather(x2(), tf.tensor1d([8, 0, 3, 3], 'int32'))],
      ['gather 2-D indices', () => tf.gather(x3(), tf.tensor2d([4, 1, 0, 2], [2, 2], 'int32'))],
      ['gather int32', () => tf.gather(xi(), tf.tensor1d([3, 1], 'int32'))],
      ['gather axis 1 (original kernel)', () => tf.gather(x2(), tf.tensor1d([6, 0], 'int32'), 1)],
    ];
    for (const [what, op] of ops) {
      const want = await on('cpu', () =>
        tf.tidy(() => {
          const t = op();
          return { shape: t.shape, v: Array.from(t.dataSync()) };
        }),
      );
      const got = await on('wasm', () =>
        tf.tidy(() => {
          const t = op();
          return { shape: t.shape, v: Array.from(t.dataSync()) };
        }),
      );
      assert.deepEqual(got, want, what);
    }
    await tf.setBackend('wasm');
    assert.throws(() => tf.gather(x2(), tf.tensor1d([9], 'int32')), /not in \[0, 8\]/);
  });

  it('slicing and gathering batches leak neither tensors nor wasm memory', async () => {
    await tf.setBackend('wasm');
    installWasmRowCopyFix(tf);
    const data = seeded([300, 784], 3);
    const idx = tf.tensor1d(
      Array.from({ length: 64 }, (_, i) => (i * 37) % 300),
      'int32',
    );
    const round = () => tf.tidy(() => tf.add(tf.slice(data, [64, 0], [64, 784]), tf.gather(data, idx)).dataSync());
    for (let i = 0; i < 5; i++) round();
    const tensors = tf.memory().numTensors;
    const dataIds = wasmBackend().numDataIds();
    const heap = wasmBackend().wasm.HEAPU8.length;
    for (let i = 0; i < 100; i++) round();
    assert.equal(tf.memory().numTensors, tensors);
    assert.equal(wasmBackend().numDataIds(), dataIds);
    assert.equal(wasmBackend().wasm.HEAPU8.length, heap);
    tf.dispose([data, idx]);
  });
});
