// The whole-step engine (src/trainer/wasm-mlp.ts) against tf.variableGrads over model.apply
// and against the tapeless tfjs step it replaces, on real MNIST and inverted MNIST rows: the same
// loss, hits and gradients for every activation, output and loss it takes, widths that are not
// whole tiles, an offset input, both first-layer routes; the same bits twice; tfjs' variables
// brought up to date (settle) and taken back when something else replaced them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadDataset, type Dataset } from '../../src/trainer/data/dataset';
import { imageRow, prepareData } from '../../src/trainer/data/splits';
import { makeStep, type TrainingStep } from '../../src/trainer/step';
import { wholeStepFits } from '../../src/trainer/wasm-mlp';
import type { ProductRounds } from '../../src/trainer/parallel/products';
import { trialOf } from '../helpers';
import { engineFor, invertedOnce, largestRelativeError, oneEngineStep, oneStep } from './one-step';
import { STEP_CASES, type StepCase } from './step-cases';
import { useWasm } from './wasm-backend';

before(async () => {
  await useWasm();
});

// The tapeless step's nets, and widths that are not whole tiles.
const CASES: StepCase[] = [
  ...STEP_CASES,
  {
    name: '784-30-10-1 sigmoid hidden (padding columns where sigmoid(0) ≠ 0), binary cross-entropy',
    file: {
      kind: 'binary',
      data: { classes: [5, 8] },
      model: { hidden: [{ units: 30 }, { units: 10 }], activation: 'sigmoid' },
      training: { seed: 5 },
    },
    offset: 0,
  },
  {
    name: '784-5-10 relu, five units (less than one SIMD tile)',
    file: { kind: 'multiclass', model: { hidden: [{ units: 5 }] }, training: { seed: 8 } },
    offset: 0,
  },
];

const ROUTES = [
  { route: 'sparse-pixel', data: () => loadDataset(null), sparse: true },
  { route: 'dense kernel (inverted MNIST)', data: invertedOnce, sparse: true },
  { route: 'dense kernel (sparse route off)', data: () => loadDataset(null), sparse: false },
] as const;

for (const c of CASES) {
  for (const r of ROUTES) {
    test(`engine step = tf.variableGrads within 1e-5: ${c.name}, ${r.route}`, () => {
      const ds = r.data();
      const scaling = { scale: 1 / 255, offset: c.offset };
      const reference = oneStep(ds, c.file, scaling, false, false);
      const engine = oneEngineStep(ds, c.file, scaling, r.sparse);
      const onSparse = r.route === 'sparse-pixel';
      assert.deepEqual([engine.sparse, engine.dense], onSparse ? [1, 0] : [0, 1], 'the route the batch took');
      assert.equal(engine.leaked, 0, 'tensors made by a step');
      assert.ok(
        Math.abs(engine.loss - reference.loss) <= 1e-5 * Math.max(1, Math.abs(reference.loss)),
        `loss ${engine.loss} vs ${reference.loss}`,
      );
      assert.equal(engine.hits, reference.hits);
      assert.equal(engine.grads.length, reference.grads.length);
      engine.grads.forEach((g, i) => {
        const error = largestRelativeError(g, reference.grads[i]);
        assert.ok(error < 1e-5, `gradient of weight tensor ${i}: error ${error}`);
      });
      const again = oneEngineStep(ds, c.file, scaling, r.sparse);
      assert.equal(again.loss, engine.loss, 'loss twice');
      again.grads.forEach((g, i) => assert.deepEqual(g, engine.grads[i], `gradient ${i} twice`));
    });
  }
}

test('batches of 1, 3 and 5 rows (less than one 4-row tile) give tf.variableGrads’ gradients on both routes', () => {
  const file = CASES[1].file;
  for (const r of ROUTES.slice(0, 2)) {
    for (const rows of [1, 3, 5]) {
      const scaling = { scale: 1 / 255, offset: 0 };
      const reference = oneStep(r.data(), file, scaling, false, false, rows);
      const engine = oneEngineStep(r.data(), file, scaling, r.sparse, rows);
      assert.ok(
        Math.abs(engine.loss - reference.loss) <= 1e-5 * Math.max(1, reference.loss),
        `${r.route}, ${rows} rows: loss`,
      );
      engine.grads.forEach((g, i) => {
        const error = largestRelativeError(g, reference.grads[i]);
        assert.ok(error < 1e-5, `${r.route}, ${rows} rows: gradient ${i} error ${error}`);
      });
    }
  }
});

/** model.predict on rows [0, n) of refs, scaled as the trainer scales them. */
function modelPredict(
  step: TrainingStep,
  ds: Dataset,
  refs: ArrayLike<number>,
  n: number,
  scale: number,
  offset: number,
) {
  return tf.tidy(() => {
    const x = new Float32Array(n * 784);
    for (let i = 0; i < n; i++) imageRow(ds, refs[i]).forEach((p, j) => (x[i * 784 + j] = p * scale + offset));
    return (step.model.predict(tf.tensor2d(x, [n, 784])) as tf.Tensor).dataSync() as Float32Array;
  });
}

const SIGMOID_STANDARDISED = trialOf({
  kind: 'multiclass',
  data: { normalization: 'standardize', limit: { train: 3000, test: 500 } },
  model: { hidden: [{ units: 30 }, { units: 10 }], activation: 'sigmoid' },
  training: { batchSize: 50, seed: 12 },
});

async function stepsOf(wholeStep: boolean, steps: number) {
  const ds = loadDataset(null);
  const trial = SIGMOID_STANDARDISED;
  const data = prepareData(ds, trial.data, trial.training.seed);
  const step = await makeStep(ds, trial, data.scaling, { wholeStep });
  const { refs } = data.train;
  const classes = Uint32Array.from(data.train.classes);
  for (let s = 0; s < steps; s++) step.step(refs, classes, s * 50, (s + 1) * 50);
  step.settle();
  return { ds, data, step, refs, classes };
}

test('forty Adam steps on the engine train like forty on the tfjs step, and its predictions are model.predict’s', async () => {
  const engine = await stepsOf(true, 40);
  const tfjs = await stepsOf(false, 40);
  try {
    assert.match(engine.step.summary() ?? '', /whole step in WebAssembly/);
    assert.doesNotMatch(tfjs.step.summary() ?? '', /whole step/);
    const a = engine.step.model.getWeights();
    const b = tfjs.step.model.getWeights();
    a.forEach((w, i) => {
      const error = largestRelativeError(w.dataSync(), b[i].dataSync());
      assert.ok(error < 1e-4, `weight tensor ${i} after 40 steps: error ${error}`);
    });
    const { scale, offset } = engine.data.scaling;
    assert.notEqual(offset, 0, 'standardised input has an offset');
    const fast = engine.step.predict(engine.refs, 0, 700);
    assert.ok(fast);
    const error = largestRelativeError(fast, modelPredict(engine.step, engine.ds, engine.refs, 700, scale, offset));
    // Padding that had picked up a weight would show here: model.predict has no padding.
    assert.ok(error < 1e-5, `engine predictions vs model.predict: error ${error}`);
  } finally {
    await engine.step.finish(null);
    await tfjs.step.finish(null);
  }
});

test('weights put into the model after training (early stopping’s restore) are what the engine predicts and trains from', async () => {
  const { ds, data, step, refs, classes } = await stepsOf(true, 10);
  try {
    const { scale, offset } = data.scaling;
    const snapshot = step.model.getWeights().map((w) => w.clone());
    const expected = modelPredict(step, ds, refs, 300, scale, offset);
    for (let s = 10; s < 30; s++) step.step(refs, classes, s * 50, (s + 1) * 50);
    step.settle();
    const moved = step.predict(refs, 0, 300)!;
    assert.ok(largestRelativeError(moved, expected) > 1e-3, 'twenty more steps changed the predictions');
    step.model.setWeights(snapshot);
    const restored = step.predict(refs, 0, 300)!;
    assert.ok(largestRelativeError(restored, expected) < 1e-6, 'predictions after the restore are the snapshot’s');
    // A step from here starts at the restored weights: its update is small, not the 20 steps' drift.
    step.step(refs, classes, 0, 50);
    step.settle();
    const after = step.model.getWeights();
    const drift = largestRelativeError(after[0].dataSync(), snapshot[0].dataSync());
    assert.ok(drift < 0.05, `one step from the restored weights moved them by ${drift}`);
    tf.dispose(snapshot);
  } finally {
    await step.finish(null);
  }
});

test('the engine takes Adam on plain MLPs on wasm, and leaves everything else to the tfjs step', () => {
  const base = { kind: 'multiclass' as const, model: { hidden: [{ units: 128 }, { units: 64 }] } };
  assert.ok(wholeStepFits(trialOf(base), 'wasm'));
  assert.ok(wholeStepFits(trialOf({ ...base, training: { batchSize: 4 } }), 'wasm'));
  assert.ok(!wholeStepFits(trialOf(base), 'cpu'), 'cpu backend');
  assert.ok(!wholeStepFits(trialOf(base), 'tensorflow'), 'native backend');
  assert.ok(!wholeStepFits(trialOf({ ...base, training: { optimizer: 'sgd' } }), 'wasm'), 'SGD');
  assert.ok(!wholeStepFits(trialOf({ ...base, training: { batchSize: 8192 } }), 'wasm'), 'batch 8192');
  assert.ok(!wholeStepFits(trialOf({ ...base, model: { hidden: [{ units: 8 }], activation: 'elu' } }), 'wasm'), 'elu');
});

/** Three steps of 601 rows (not a multiple of 4) on an engine with `threads`; what they leave. */
function threeSteps(ds: Dataset, file: Parameters<typeof trialOf>[0], threads: number) {
  const { trial, model, engine } = engineFor(ds, file, { threads });
  try {
    assert.equal(engine.threads, threads);
    const refs = Uint32Array.from({ length: 3 * 601 }, (_, i) => (i * 7919) % ds.train.count);
    const classes = Uint32Array.from(refs, (r) => ds.train.labels[r] % trial.model.outputUnits);
    const losses = [0, 1, 2].map((s) => engine.step(refs, classes, s * 601, (s + 1) * 601).loss);
    return { losses, grads: engine.gradients(), probs: engine.predict(refs, 0, 1500), engine, model };
  } finally {
    engine.dispose();
    model.dispose();
  }
}

for (const r of ROUTES.slice(0, 2)) {
  test(`two product threads give the same bits as one: ${r.route}`, () => {
    const file = {
      kind: 'multiclass' as const,
      model: { hidden: [{ units: 30 }, { units: 12 }] },
      training: { seed: 21, batchSize: 601 },
    };
    const one = threeSteps(r.data(), file, 1);
    const two = threeSteps(r.data(), file, 2);
    assert.deepEqual(two.losses, one.losses);
    two.grads.forEach((g, i) => assert.deepEqual(g, one.grads[i], `gradient ${i}`));
    assert.deepEqual(two.probs, one.probs, 'predictions (1500 rows: split in parts of 601)');
  });
}

test('a product thread that fails ends the step with its message, and the thread answers again', () => {
  const ds = loadDataset(null);
  const { model, engine } = engineFor(
    ds,
    { kind: 'multiclass', model: { hidden: [{ units: 16 }] }, training: { batchSize: 600 } },
    { threads: 2 },
  );
  const rounds = (engine as unknown as { rounds: ProductRounds }).rounds;
  try {
    const outside = 0x7ffffff0;
    assert.throws(
      () =>
        rounds.run([
          { product: 'load', args: [0, 0, 784, 784, 0, 1, 0, 0] },
          { product: 'load', args: [outside, 4, 784, 784, 4, 1, 0, outside] },
        ]),
      /a product thread failed: .*out of bounds/,
    );
    const refs = Uint32Array.from({ length: 600 }, (_, i) => i);
    const classes = Uint32Array.from(refs, (i) => ds.train.labels[i]);
    assert.ok(Number.isFinite(engine.step(refs, classes, 0, 600).loss), 'a step after the failure');
  } finally {
    engine.dispose();
    model.dispose();
  }
});

test('an engine after another takes its memory, zeroed: it trains exactly as on a new memory', () => {
  const ds = loadDataset(null);
  const run = (file: Parameters<typeof trialOf>[0]) => {
    const { trial, model, engine } = engineFor(ds, file);
    const refs = Uint32Array.from({ length: 640 }, (_, i) => (i * 7919) % ds.train.count);
    const classes = Uint32Array.from(refs, (r) => ds.train.labels[r] % trial.model.outputUnits);
    const losses = Array.from({ length: 10 }, (_, s) => engine.step(refs, classes, s * 64, (s + 1) * 64).loss);
    const memory = (engine as unknown as { memory: WebAssembly.Memory }).memory;
    engine.dispose();
    model.dispose();
    return { losses, memory };
  };
  const sigmoid = {
    kind: 'multiclass' as const,
    model: { hidden: [{ units: 30 }], activation: 'sigmoid' as const },
    training: { seed: 5 },
  };
  const other = {
    kind: 'multiclass' as const,
    model: { hidden: [{ units: 128 }, { units: 64 }] },
    training: { seed: 6 },
  };
  const first = run(sigmoid);
  const between = run(other);
  const again = run(sigmoid);
  assert.equal(between.memory, first.memory, 'the second engine took the first one’s memory');
  assert.equal(again.memory, first.memory);
  assert.deepEqual(again.losses, first.losses, 'the same trial on a used memory trains the same');
});

test('a dataset too large to hold in the engine’s memory is copied row by row, with the same bits', () => {
  const ds = loadDataset(null);
  // The same images, counted as if there were 100,000 more test images: over the 64 MB the
  // engine holds, so its batches come from the dataset's own arrays.
  const large = { ...ds, test: { ...ds.test, count: ds.test.count + 100_000 } };
  const file = CASES[0].file;
  const scaling = { scale: 1 / 255, offset: 0 };
  const held = oneEngineStep(ds, file, scaling, true);
  const copied = oneEngineStep(large, file, scaling, true);
  assert.equal(copied.loss, held.loss);
  copied.grads.forEach((g, i) => assert.deepEqual(g, held.grads[i], `gradient ${i}`));
});
