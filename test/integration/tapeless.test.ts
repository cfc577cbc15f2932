// The tapeless training step (src/trainer/net/tapeless.ts) against tf.variableGrads over
// model.apply, on real MNIST rows: same loss, hits and gradients, for every activation, output
// and loss it takes, on the sparse-pixel and the dense first layer.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../src/trainer/data/dataset';
import { outputGradient, tapelessFits } from '../../src/trainer/net/tapeless';
import { trialOf } from '../helpers';
import { oneStep } from './one-step';
import { STEP_CASES as CASES } from './step-cases';
import { useWasm } from './wasm-backend';

before(async () => {
  await useWasm();
});

/** Largest absolute difference over the largest magnitude of the reference. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  return worst / (scale || 1);
}

for (const c of CASES) {
  for (const sparse of [true, false]) {
    test(`tapeless step = tf.variableGrads within 1e-5: ${c.name}, ${sparse ? 'sparse-pixel' : 'dense'} first layer`, () => {
      const scaling = { scale: 1 / 255, offset: c.offset };
      const reference = oneStep(loadDataset(null), c.file, scaling, sparse, false);
      const tapeless = oneStep(loadDataset(null), c.file, scaling, sparse, true);
      assert.equal(tapeless.sparse, reference.sparse);
      assert.equal(tapeless.sparse, sparse ? 1 : 0);
      assert.ok(
        Math.abs(tapeless.loss - reference.loss) <= 1e-5 * Math.abs(reference.loss),
        `loss ${tapeless.loss} vs ${reference.loss}`,
      );
      assert.equal(tapeless.hits, reference.hits);
      tapeless.grads.forEach((g, i) => {
        const error = relativeError(g, reference.grads[i]);
        assert.ok(error < 1e-5, `gradient of weight tensor ${i}: error ${error}`);
      });
      assert.equal(tapeless.leaked, 0, 'every intermediate tensor is released');
      // Seeded and deterministic: the same batch gives the same bits.
      const again = oneStep(loadDataset(null), c.file, scaling, sparse, true);
      assert.equal(again.loss, tapeless.loss);
      again.grads.forEach((g, i) => assert.deepEqual(g, tapeless.grads[i]));
    });
  }
}

test('activations without a hand-written gradient keep the tape', () => {
  assert.equal(
    tapelessFits(trialOf({ kind: 'multiclass', model: { hidden: [{ units: 8 }], activation: 'elu' } })),
    false,
  );
  assert.equal(tapelessFits(trialOf({ kind: 'multiclass', model: { hidden: [{ units: 8 }] } })), true);
});

test('the output gradient is zero where the loss clips a prediction, as tf.clipByValue passes none', () => {
  // Row 0: the true class at p = 1 (clipped: no gradient). Row 1: p(true) = 0.5.
  const probs = Float32Array.of(1, 0, 0.5, 0.5);
  const dz = outputGradient('categoricalCrossentropy', 'softmax', probs, [0, 0], 0, 2, 2);
  assert.deepEqual(Array.from(dz.subarray(0, 2)), [0, 0]);
  assert.ok(Math.abs(dz[2] - (0.5 - 1) / 2) < 1e-7 && Math.abs(dz[3] - 0.5 / 2) < 1e-7, `${Array.from(dz)}`);
});
