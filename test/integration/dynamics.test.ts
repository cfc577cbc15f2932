// Training dynamics: the gradient, update and weight norms a training step reports must equal
// an independent tf.variableGrads computation on the same batch and weights, on every step
// path (dense, sparse-pixel kernel, replica threads); the per-epoch records must be complete
// and must not change training; dead and saturated units are checked on constructed nets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { HISTOGRAM_BINS } from '../../src/core/dynamics';
import type { ResolvedTrial } from '../../src/core/experiment';
import { loadDataset, type Dataset } from '../../src/trainer/data/dataset';
import { imageRow, prepareData } from '../../src/trainer/data/splits';
import { newStepMeasure } from '../../src/trainer/dynamics/measure';
import { DynamicsRecorder } from '../../src/trainer/dynamics/recorder';
import { buildModel } from '../../src/trainer/net/model';
import { ReplicaPool } from '../../src/trainer/parallel/pool';
import { makeStep } from '../../src/trainer/step';
import { trainTrial } from '../../src/trainer/train';
import { trialOf } from '../helpers';
import { useWasm } from './wasm-backend';

let pool: ReplicaPool;
let ds: Dataset;
before(async () => {
  await useWasm();
  pool = new ReplicaPool(2, 'wasm', null);
  ds = loadDataset(null);
});
after(async () => {
  await pool.dispose();
});

const fiveVsEight = (
  over: {
    batchSize?: number;
    activation?: 'relu' | 'sigmoid' | 'tanh';
    epochs?: number;
    optimizer?: 'adam' | 'sgd';
    dynamics?: false | { probeSize?: number; everyBatches?: number };
  } = {},
) =>
  trialOf({
    kind: 'binary',
    data: { classes: [5, 8], normalization: 'divide255', validationFraction: 0.2, limit: { train: 2000, test: 500 } },
    model: { hidden: [{ units: 64 }, { units: 32 }], activation: over.activation ?? 'relu' },
    training: {
      batchSize: over.batchSize ?? 64,
      epochs: over.epochs ?? 2,
      seed: 7,
      earlyStopping: false,
      learningRate: 0.01,
      ...(over.optimizer ? { optimizer: over.optimizer } : {}),
    },
    ...(over.dynamics !== undefined ? { dynamics: over.dynamics } : {}),
  });

/** ‖∂L/∂v‖ for every trainable variable, by stock tfjs layers on a separate copy of the model. */
function referenceGradNorms(
  trial: ResolvedTrial,
  weights: tf.Tensor[],
  refs: Uint32Array,
  classes: Uint32Array,
  rows: number,
  scale: number,
  offset: number,
): number[] {
  const model = buildModel(trial, 784);
  model.setWeights(weights);
  const x = new Float32Array(rows * 784);
  for (let i = 0; i < rows; i++) imageRow(ds, refs[i]).forEach((p, j) => (x[i * 784 + j] = p * scale + offset));
  const y = tf.tensor2d(Float32Array.from(classes.subarray(0, rows)), [rows, 1]);
  const xs = tf.tensor2d(x, [rows, 784]);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const p = (model.apply(xs) as tf.Tensor).clipByValue(1e-7, 1 - 1e-7);
    return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p)))))) as tf.Scalar;
  }, vars);
  const norms = vars.map((v) => Math.sqrt(tf.sum(tf.square(grads[v.name])).dataSync()[0]));
  tf.dispose([value, xs, y, ...Object.values(grads)]);
  model.dispose();
  return norms;
}

// Adam on wasm measures inside its fused kernel (the whole-step engine's on the sparse path, the
// tfjs step's fused Adam otherwise); SGD has the weights read back around the update.
for (const path of ['dense', 'sparse', 'sparse, tfjs step', 'threads', 'engine threads', 'dense SGD'] as const) {
  test(`${path} step: measured gradient, update and weight norms equal an independent computation`, async () => {
    const threaded = path === 'threads' || path === 'engine threads';
    const batchSize = threaded ? 512 : 64;
    const trial = fiveVsEight({ batchSize, ...(path === 'dense SGD' ? { optimizer: 'sgd' as const } : {}) });
    const data = prepareData(ds, trial.data, trial.training.seed);
    const step = await makeStep(ds, trial, data.scaling, {
      sparseInput: path.startsWith('sparse') || threaded,
      pool: threaded ? pool : null,
      // 'threads' are the tfjs step's data-parallel replicas; the engine splits its products instead.
      wholeStep: path !== 'sparse, tfjs step' && path !== 'threads',
    });
    try {
      assert.equal(step.threads, threaded ? 2 : 1);
      const refs = data.train.refs.slice(0, batchSize);
      const classes = Uint32Array.from(data.train.classes.subarray(0, batchSize));
      // A few steps first, so the weights are no longer the initial ones.
      for (let i = 0; i < 3; i++) step.step(refs, classes, 0, batchSize);
      // The model's variables are current after settle (the whole-step engine trains its own copy).
      step.settle();
      const before = step.model.getWeights().map((w) => w.clone());
      const expected = referenceGradNorms(
        trial,
        before,
        refs,
        classes,
        batchSize,
        data.scaling.scale,
        data.scaling.offset,
      );
      const measure = newStepMeasure(before.length);
      step.step(refs, classes, 0, batchSize, measure);
      step.settle();
      const afterW = step.model.getWeights();
      for (let v = 0; v < before.length; v++) {
        const got = Math.sqrt(measure.grad[v]);
        assert.ok(expected[v] > 1e-6, `variable ${v} has a gradient`);
        assert.ok(
          Math.abs(got - expected[v]) <= 1e-4 * expected[v],
          `variable ${v}: measured ${got}, tf.variableGrads ${expected[v]}`,
        );
        const delta = tf.tidy(() => tf.sum(tf.square(tf.sub(afterW[v], before[v]))).dataSync()[0]);
        const weight = tf.tidy(() => tf.sum(tf.square(afterW[v])).dataSync()[0]);
        assert.ok(
          delta > 0 && Math.abs(measure.delta[v] - delta) <= 1e-3 * delta,
          `variable ${v}: ‖ΔW‖² ${measure.delta[v]} vs ${delta}`,
        );
        assert.ok(
          Math.abs(measure.weight[v] - weight) <= 1e-5 * weight,
          `variable ${v}: ‖W‖² ${measure.weight[v]} vs ${weight}`,
        );
      }
      tf.dispose(before);
      if (path.startsWith('sparse') || threaded)
        assert.match(step.summary() ?? '', /sparse-pixel kernel in [1-9]/, 'the sparse path really ran');
      assert.equal(
        /whole step in WebAssembly/.test(step.summary() ?? ''),
        path === 'dense' || path === 'sparse' || path === 'engine threads',
        'the engine ran where expected',
      );
    } finally {
      await step.finish(null);
    }
  });
}

test('every epoch records every layer: histogram counts sum to probe images × units, dead for ReLU only; recording does not change training', async () => {
  const on = await trainTrial(ds, fiveVsEight({ dynamics: { probeSize: 300, everyBatches: 10 } }));
  const off = await trainTrial(ds, fiveVsEight({ dynamics: false }));
  assert.deepEqual(
    on.history.map((h) => [h.loss, h.valLoss]),
    off.history.map((h) => [h.loss, h.valLoss]),
  );
  assert.ok(off.history.every((h) => h.dynamics === undefined));
  // The bench's epochs with and without recording in one trial: the same training again.
  const alternate = await trainTrial(
    ds,
    fiveVsEight({ dynamics: { probeSize: 300, everyBatches: 10 } }),
    {},
    {
      recordEpoch: (epoch) => epoch === 2,
    },
  );
  assert.deepEqual(
    alternate.history.map((h) => [h.loss, h.valLoss, h.dynamics !== undefined]),
    off.history.map((h) => [h.loss, h.valLoss, h.epoch === 2]),
  );
  const batches = Math.ceil(on.result!.sizes.train / 64);
  for (const h of on.history) {
    const d = h.dynamics!;
    assert.equal(d.layers.length, 3);
    [64, 32, 1].forEach((units, l) => {
      const layer = d.layers[l];
      assert.equal(layer.histogram.length, HISTOGRAM_BINS);
      assert.equal(
        layer.histogram.reduce((a, b) => a + b),
        300 * units,
        `layer ${l} histogram`,
      );
      for (const k of ['gradKernel', 'gradBias', 'weightNorm', 'updateRatio', 'preStd'] as const)
        assert.ok(layer[k] > 0 && Number.isFinite(layer[k]), `${k} ${layer[k]}`);
      assert.equal(layer.saturated, null);
      if (l < 2) assert.ok(layer.dead !== null && layer.dead >= 0 && layer.dead <= 1);
      else assert.equal(layer.dead, null);
    });
    assert.equal(d.samples!.length, Math.floor(batches / 10));
    assert.deepEqual(
      d.samples!.map((s) => s.batch),
      Array.from({ length: Math.floor(batches / 10) }, (_, i) => 10 * (i + 1)),
    );
  }
});

test('constructed nets: dead ReLU units, saturated sigmoid and tanh units, pre-activation mean and spread', () => {
  for (const activation of ['relu', 'sigmoid', 'tanh'] as const) {
    const trial = trialOf({
      kind: 'binary',
      data: { classes: [5, 8], limit: { train: 600, test: 100 } },
      model: { hidden: [{ units: 8 }], activation },
    });
    const data = prepareData(ds, trial.data, 1);
    const recorder = new DynamicsRecorder(
      { probeSize: 100, everyBatches: 0 },
      trial,
      ds,
      data.validation,
      data.scaling,
    );
    const model = buildModel(trial, 784);
    // Zero kernels: each unit's pre-activation is its bias on every image.
    const bias = [-6, -6, -6, 6, 6, 0, 0.1, 0.5];
    model.setWeights([tf.zeros([784, 8]), tf.tensor1d(bias), tf.zeros([8, 1]), tf.zeros([1])]);
    recorder.beginEpoch(1);
    const layer = recorder.endEpoch(model).layers[0];
    const mean = bias.reduce((a, b) => a + b) / 8;
    const std = Math.sqrt(bias.reduce((a, b) => a + (b - mean) ** 2, 0) / 8);
    assert.ok(
      Math.abs(layer.preMean - mean) < 1e-3 && Math.abs(layer.preStd - std) < 1e-3,
      `${activation}: ${layer.preMean} ± ${layer.preStd}`,
    );
    assert.equal(
      layer.histogram.reduce((a, b) => a + b),
      800,
    );
    // relu: units 0–2 output 0 on every image (unit 5 too: its bias is exactly 0).
    // sigmoid(±6) = 0.0025 / 0.9975 and tanh(±6) ≈ ±1: units 0–4 are saturated.
    if (activation === 'relu') assert.deepEqual([layer.dead, layer.saturated], [4 / 8, null]);
    else assert.deepEqual([layer.dead, layer.saturated], [null, 5 / 8]);
    recorder.dispose();
    model.dispose();
  }
});

for (const engine of [true, false]) {
  const route = engine
    ? 'the whole probe pass on the whole-step engine'
    : "the probe's first layer on the sparse kernel";
  test(`an epoch's record from the training step's own routes: the kernel norm from the last measured step, ${route}, both equal to reading the model`, async () => {
    const trial = fiveVsEight({ dynamics: { probeSize: 300, everyBatches: 0 } });
    const data = prepareData(ds, trial.data, trial.training.seed);
    const step = await makeStep(ds, trial, data.scaling, { sparseInput: true, wholeStep: engine });
    const recorder = new DynamicsRecorder(trial.dynamics!, trial, ds, data.validation, data.scaling);
    try {
      const rows = 640;
      const refs = data.train.refs.slice(0, rows);
      const classes = Uint32Array.from(data.train.classes.subarray(0, rows));
      const batches = rows / 64;
      recorder.beginEpoch(batches);
      for (let b = 0; b < batches; b++) {
        const measure = recorder.measureFor(b);
        step.step(refs, classes, b * 64, (b + 1) * 64, measure);
        if (measure) recorder.afterStep(b);
      }
      step.settle();
      if (engine) assert.ok(step.probeForward(data.validation.refs, 0, 300), 'the engine computes the probe');
      else {
        const first = step.firstPreActivation(data.validation.refs, 0, 300);
        assert.ok(first !== null, 'the probe can take the sparse kernel');
        first.dispose();
      }
      const viaStep = recorder.endEpoch(step.model, step.firstPreActivation, step.probeForward).layers;
      // The same epoch again with neither route: tf.sum over the kernels, tfjs' dense matmul.
      recorder.beginEpoch(batches);
      const dense = recorder.endEpoch(step.model).layers;
      const kernels = step.model.getWeights().filter((_, i) => i % 2 === 0);
      viaStep.forEach((layer, l) => {
        const norm = Math.sqrt(tf.tidy(() => tf.sum(tf.square(kernels[l])).dataSync()[0]));
        const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.abs(b);
        assert.ok(close(layer.weightNorm, norm, 1e-3), `layer ${l}: ‖W‖ ${layer.weightNorm} vs ${norm}`);
        assert.ok(
          close(dense[l].weightNorm, norm, 1e-3),
          `layer ${l}: ‖W‖ by tf.sum ${dense[l].weightNorm} vs ${norm}`,
        );
        assert.ok(
          close(layer.preMean, dense[l].preMean, 1e-3),
          `layer ${l} mean ${layer.preMean} vs ${dense[l].preMean}`,
        );
        assert.ok(
          close(layer.preStd, dense[l].preStd, 1e-3),
          `layer ${l} spread ${layer.preStd} vs ${dense[l].preStd}`,
        );
        // Summation order differs between the kernels: a value on a bin edge may change bins.
        const moved = layer.histogram.reduce((s, c, i) => s + Math.abs(c - dense[l].histogram[i]), 0);
        assert.ok(moved <= 2, `layer ${l}: ${moved} histogram counts differ`);
        assert.equal(layer.dead, dense[l].dead, `layer ${l} dead`);
      });
    } finally {
      recorder.dispose();
      await step.finish(null);
    }
  });
}
