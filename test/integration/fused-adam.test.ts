import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { makeFusedAdam } from '../../src/trainer/fused-adam';
import { adamModule, type AdamExports } from '../../src/trainer/kernels/adam';
import { instantiateKernel } from '../../src/trainer/kernels/wasm-memory';
import { useWasm } from './wasm-backend';

before(async () => {
  await useWasm();
});

/** 30 Adam steps of a small dense net (weight tensors of 9600, 96, 288 and 3 elements: SIMD lanes and a remainder). */
function train(optimizer: tf.Optimizer): Float32Array[] {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 96,
        inputShape: [100],
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const x = tf.randomUniform([16, 100], 0, 1, 'float32', 3);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2, 1, 1, 0, 2], 'int32'), 3);
  for (let i = 0; i < 30; i++) {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar,
      vars,
    );
    optimizer.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
  }
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return weights;
}

test("the fused Adam follows tfjs' Adam step for step and leaks nothing", () => {
  train(tf.train.adam(0.01, 0.9, 0.999, 1e-7)); // warm-up: tfjs caches tensors on first use
  const t0 = tf.memory().numTensors;
  const reference = train(tf.train.adam(0.01, 0.9, 0.999, 1e-7));
  const t1 = tf.memory().numTensors;
  const fused = train(makeFusedAdam(tf, 0.01, 0.9, 0.999, 1e-7));
  const t2 = tf.memory().numTensors;
  const again = train(makeFusedAdam(tf, 0.01, 0.9, 0.999, 1e-7));
  // Every tfjs optimizer instance here leaves one tensor behind; the fused one must add none.
  assert.ok(
    t2 - t1 <= t1 - t0 && tf.memory().numTensors - t2 <= t1 - t0,
    `tensors left: tfjs Adam ${t1 - t0}, fused ${t2 - t1}`,
  );
  assert.deepEqual(again, fused, 'deterministic');
  let worst = 0;
  reference.forEach((w, i) => w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - fused[i][j])))));
  // Both compute in float32 but round at different points (tfjs after every kernel), so the
  // paths drift apart by float32 rounding: ~1e-5 after 30 steps at lr 0.01 (weights ~0.1).
  assert.ok(worst < 5e-5, `largest weight difference after 30 steps: ${worst}`);
  const start = train(new (class extends tf.SGDOptimizer {})(0));
  assert.ok(Math.abs(start[0][0] - fused[0][0]) > 1e-3, 'the weights did move');
});

test("a measured update's sums of squares equal the same sums over the weights read back around it", () => {
  const optimizer = makeFusedAdam(tf, 0.01, 0.9, 0.999, 1e-7);
  // Sizes with a remainder of 1, 2 and 3 past whole SIMD lanes; earlier, larger tensors leave
  // other values in the scratch memory the padding lanes of later steps reuse.
  const vars = [9601, 97, 6, 3].map((n, i) =>
    tf.variable(tf.randomUniform([n], -1, 1, 'float32', 10 + i), true, `measured${i}`),
  );
  const gradsOf = (seed: number): tf.NamedTensorMap =>
    Object.fromEntries(vars.map((v, i) => [v.name, tf.randomNormal(v.shape, 0, 1, 'float32', seed + i)]));
  const sos = (a: Float32Array) => a.reduce((s, x) => s + x * x, 0);
  for (let step = 0; step < 4; step++) {
    const grads = gradsOf(100 * step);
    const before = vars.map((v) => (v.dataSync() as Float32Array).slice());
    const seen: Record<string, { grad: number; delta: number; weight: number }> = {};
    if (step % 2 === 0) optimizer.applyGradients(grads);
    else optimizer.applyObserved(grads, (name, sums) => (seen[name] = { ...sums }));
    if (step % 2 === 1) {
      assert.deepEqual(Object.keys(seen).sort(), vars.map((v) => v.name).sort());
      vars.forEach((v, i) => {
        const after = v.dataSync() as Float32Array;
        const expected = {
          grad: sos(grads[v.name].dataSync() as Float32Array),
          delta: sos(after.map((x, j) => x - before[i][j])),
          weight: sos(after),
        };
        for (const k of ['grad', 'delta', 'weight'] as const) {
          assert.ok(expected[k] > 0, `${v.name} ${k} is not zero`);
          assert.ok(
            Math.abs(seen[v.name][k] - expected[k]) <= 1e-6 * expected[k],
            `${v.name} ${k}: measured ${seen[v.name][k]}, read back ${expected[k]}`,
          );
        }
      });
    }
    tf.dispose(Object.values(grads));
  }
  tf.dispose(vars);
  optimizer.dispose();
});

test('moments that decay below the smallest normal float become 0, the rest follow Adam exactly', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const kernel = instantiateKernel<AdamExports>(adamModule(), memory);
  const [w, g, m, v] = [0, 64, 128, 192];
  const f = new Float32Array(memory.buffer);
  f.set([0.5, -0.25, 1, 2], w / 4);
  f.set([0, 0, 0, 0], g / 4);
  // One β1 or β2 step takes the first two of each below 2⁻¹²⁶ (subnormal, slow on x86); the
  // last two stay normal.
  f.set([1.2e-38, -1.2e-38, 2e-38, 1e-30], m / 4);
  f.set([1.17e-38, 1.0e-38, 2e-38, 1e-30], v / 4);
  kernel.adam(w, g, m, v, 4, 0.001, 0.9, 0.999, 1e-7, 1);
  assert.deepEqual(Array.from(f.subarray(m / 4, m / 4 + 2)), [0, 0], 'subnormal m flushed');
  assert.deepEqual(Array.from(f.subarray(v / 4, v / 4 + 2)), [0, 0], 'subnormal v flushed');
  assert.equal(f[m / 4 + 2], Math.fround(Math.fround(0.9) * Math.fround(2e-38)), 'normal m kept');
  assert.equal(f[v / 4 + 3], Math.fround(Math.fround(0.999) * Math.fround(1e-30)), 'normal v kept');
  assert.ok(f[m / 4 + 2] > 0 && f[v / 4 + 3] > 0);
});
