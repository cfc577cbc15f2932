// Data-parallel training: a batch split over replica threads (real worker threads, real wasm
// training on MNIST slices) must train like one thread, reproducibly, and fail loudly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../src/trainer/data/dataset';
import { trainTrial } from '../../src/trainer/train';
import { makeFlatOptimizer } from '../../src/trainer/parallel/flat-optimizer';
import { MIN_PARALLEL_BATCH, ReplicaPool } from '../../src/trainer/parallel/pool';
import { shardOf } from '../../src/trainer/parallel/replica';
import { FIXTURES, trialOf } from '../helpers';
import { useWasm } from './wasm-backend';

let pool: ReplicaPool;
before(async () => {
  await useWasm();
  pool = new ReplicaPool(2, 'wasm', null);
});
after(async () => {
  await pool.dispose();
});

// 2,561 images less a 20 % validation split leave 2,049 training images: in batches of 512 the
// last batch has one row, so the main thread's share of it is empty.
const fiveVsEight = (over: { seed?: number; batchSize?: number; optimizer?: 'adam' | 'sgd' | 'rmsprop' } = {}) =>
  trialOf({
    kind: 'binary',
    data: { classes: [5, 8], normalization: 'divide255', validationFraction: 0.2, limit: { train: 2561, test: 1000 } },
    model: { hidden: [{ units: 64 }, { units: 32 }] },
    training: {
      batchSize: over.batchSize ?? MIN_PARALLEL_BATCH,
      epochs: 3,
      seed: over.seed ?? 3,
      earlyStopping: false,
      optimizer: over.optimizer ?? 'adam',
      learningRate: over.optimizer === 'sgd' ? 0.5 : 0.005,
    },
  });

test('shards cover every row of a batch exactly once, also when there are fewer rows than replicas', () => {
  for (const n of [1, 2, 3, 64, 101, 1000]) {
    for (const replicas of [1, 2, 3, 4]) {
      const shards = Array.from({ length: replicas }, (_, r) => shardOf(n, replicas, r));
      assert.equal(shards[0][0], 0);
      assert.equal(shards.at(-1)![1], n);
      for (let r = 1; r < replicas; r++) assert.equal(shards[r][0], shards[r - 1][1], `n=${n} R=${replicas}`);
      for (const [lo, hi] of shards)
        assert.ok(hi - lo >= Math.floor(n / replicas) && hi - lo <= Math.ceil(n / replicas));
    }
  }
});

test("the flat optimizers follow tfjs' Adam, SGD and RMSprop step for step", () => {
  const size = 257;
  const start = Float32Array.from({ length: size }, (_, i) => Math.sin(i));
  const gradients = Array.from({ length: 6 }, (_, s) =>
    Float32Array.from({ length: size }, (_, i) => Math.cos(i * (s + 1)) * 10 ** -(s % 3)),
  );
  const cases: [Parameters<typeof makeFlatOptimizer>[0]['optimizer'], tf.Optimizer][] = [
    ['adam', tf.train.adam(0.01, 0.9, 0.999, 1e-7)],
    ['sgd', tf.train.sgd(0.01)],
    ['rmsprop', tf.train.rmsprop(0.01, 0.9, 0, 1e-7)],
  ];
  for (const [name, reference] of cases) {
    const variable = tf.variable(tf.tensor1d(start), true, `flat-${name}`);
    const flat = makeFlatOptimizer({ optimizer: name, learningRate: 0.01 }, size);
    const weights = start.slice();
    for (const g of gradients) {
      tf.tidy(() => reference.applyGradients({ [variable.name]: tf.tensor1d(g) }));
      flat.step(weights, Float64Array.from(g), 0, size);
    }
    const expected = variable.dataSync();
    let worst = 0;
    for (let i = 0; i < size; i++) worst = Math.max(worst, Math.abs(weights[i] - expected[i]));
    assert.ok(worst < 2e-6, `${name}: largest difference ${worst}`);
    assert.ok(Math.abs(weights[1] - start[1]) > 1e-4, `${name} moved the weights`);
    variable.dispose();
    reference.dispose();
  }
});

test('two threads train 5 vs 8 like one thread, split every batch, and leave no tensors behind', async () => {
  const ds = loadDataset(null);
  const tensors = tf.memory().numTensors;
  // Adam would take the whole-step engine, whose threads split products, not batches.
  const serial = await trainTrial(ds, fiveVsEight(), {}, { wholeStep: false });
  const parallel = await trainTrial(ds, fiveVsEight(), {}, { pool, wholeStep: false });
  assert.equal(serial.result!.threads, 1);
  assert.equal(parallel.result!.threads, 2);
  assert.equal(parallel.result!.sizes.train % MIN_PARALLEL_BATCH, 1, 'the last batch has one row');
  assert.deepEqual(parallel.replicaTensorsAlive, [0], 'the helper thread disposed its model');
  assert.equal(tf.memory().numTensors, tensors, 'the main thread disposed everything');
  assert.ok(parallel.result!.testAccuracy > 0.95, `test accuracy ${parallel.result!.testAccuracy}`);
  // The same arithmetic up to float rounding (summation order, float64 optimizer), so close, not equal.
  for (let e = 0; e < 3; e++) {
    const [a, b] = [serial.history[e], parallel.history[e]];
    assert.ok(Math.abs(a.loss - b.loss) < 0.01 * a.loss + 1e-3, `epoch ${e + 1} loss ${a.loss} vs ${b.loss}`);
    assert.ok(Math.abs(a.accuracy - b.accuracy) < 0.01, `epoch ${e + 1} accuracy ${a.accuracy} vs ${b.accuracy}`);
  }
  assert.ok(
    Math.abs(serial.result!.testAccuracy - parallel.result!.testAccuracy) <= 0.005,
    `${serial.result!.testAccuracy} vs ${parallel.result!.testAccuracy}`,
  );
});

test('data-parallel runs are reproducible: the same seed gives the same numbers, another seed others', async () => {
  const ds = loadDataset(null);
  const a = await trainTrial(ds, fiveVsEight({ seed: 9, optimizer: 'rmsprop' }), {}, { pool });
  const b = await trainTrial(ds, fiveVsEight({ seed: 9, optimizer: 'rmsprop' }), {}, { pool });
  const c = await trainTrial(ds, fiveVsEight({ seed: 10, optimizer: 'rmsprop' }), {}, { pool });
  const numbers = (o: typeof a) => [
    o.history.map((h) => [h.loss, h.accuracy, h.valLoss]),
    o.result!.testLoss,
    o.result!.confusionMatrix,
  ];
  assert.deepEqual(numbers(a), numbers(b));
  assert.notDeepEqual(numbers(a), numbers(c));
});

test('small batches stay on one thread, where splitting would cost more than it gains', async () => {
  const ds = loadDataset(null);
  const small = await trainTrial(
    ds,
    fiveVsEight({ batchSize: MIN_PARALLEL_BATCH / 2, optimizer: 'sgd' }),
    {},
    { pool },
  );
  assert.equal(small.result!.threads, 1);
  assert.deepEqual(small.replicaTensorsAlive, []);
});

test('a helper thread that fails ends the trial with its message instead of hanging the trainer', async () => {
  const ds = loadDataset(null);
  const failing = new ReplicaPool(2, 'wasm', null, path.join(FIXTURES, 'failing-replica-thread.ts'));
  try {
    const tensors = tf.memory().numTensors;
    await assert.rejects(
      trainTrial(ds, fiveVsEight(), {}, { pool: failing, wholeStep: false }),
      /a replica thread failed: fixture: this replica ran out of luck/,
    );
    assert.equal(tf.memory().numTensors, tensors, 'the main thread disposed its model and batch');
  } finally {
    await failing.dispose();
  }
  const ok = await trainTrial(ds, fiveVsEight({ seed: 4 }), {}, { pool });
  assert.equal(ok.result!.threads, 2, 'the real pool is unaffected');
});
