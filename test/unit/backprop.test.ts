// The walkthrough's arithmetic against numbers worked out here by hand, independently of
// src/core/backprop-walkthrough.ts: if the module and this file disagree, one of them is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveBackprop } from '../../src/experiments/backprop-resolve';
import type { BackpropSection } from '../../src/core/schema';
import { backward, forward, gradientMap, runWalkthrough, step } from '../../src/core/backprop-walkthrough';

const close = (actual: number, expected: number, tol = 1e-12, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);

// x = (1, 2), y = 1; h2 is dead (z2 = −0.3·1 + 0.1·2 = −0.1).
const handWorked: BackpropSection = {
  inputs: [1, 2],
  target: 1,
  weights: { w1: 0.1, w2: 0.2, w3: -0.3, w4: 0.1, w5: 0.5, w6: -0.1, w7: 0.4, w8: 0.6, w9: -0.2 },
  learningRate: 0.5,
  update: ['w7', 'w8', 'w9'],
};

test('forward pass of the hand-worked example', () => {
  const f = forward(resolveBackprop(handWorked));
  close(f.hidden[0].z, 0.1 * 1 + 0.2 * 2, 1e-15, 'z1');
  close(f.hidden[1].z, -0.3 * 1 + 0.1 * 2, 1e-15, 'z2');
  close(f.hidden[2].z, 0.5 * 1 - 0.1 * 2, 1e-15, 'z3');
  assert.deepEqual(
    f.hidden.map((h) => h.dead),
    [false, true, false],
  );
  assert.equal(f.hidden[1].a, 0);
  const zOut = 0.4 * 0.5 + 0.6 * 0 + -0.2 * 0.3;
  close(f.zOut, zOut, 1e-15, 'z_out');
  const yHat = 1 / (1 + Math.exp(-zOut));
  close(f.yHat, yHat, 1e-15, 'ŷ');
  // Computed separately (Python, math.exp): σ(0.14) and (σ(0.14) − 1)².
  close(f.yHat, 0.5349429451582145, 1e-14, 'ŷ literal');
  close(f.loss, 0.2162780642581155, 1e-14, 'L literal');
  close(f.loss, (yHat - 1) * (yHat - 1), 1e-15, 'L = (ŷ − y)², no ½');
});

test('every gradient of the hand-worked example, factor by factor', () => {
  const cfg = resolveBackprop(handWorked);
  const b = backward(cfg);
  const g = gradientMap(b);
  const yHat = 1 / (1 + Math.exp(-0.14));
  const dLdy = 2 * (yHat - 1);
  const dydz = yHat * (1 - yHat);
  const delta = dLdy * dydz;
  close(b.dLdyHat.value, dLdy, 1e-14, '∂L/∂ŷ');
  close(b.dyHatDzOut.value, dydz, 1e-14, '∂ŷ/∂z_out');
  close(delta, -0.23139284933470772, 1e-13, 'δ_out literal');
  const expected = {
    w7: delta * 0.5,
    w8: delta * 0,
    w9: delta * 0.3,
    bOut: delta,
    w1: delta * 0.4 * 1 * 1,
    w2: delta * 0.4 * 1 * 2,
    b1: delta * 0.4,
    w3: 0,
    w4: 0,
    b2: 0,
    w5: delta * -0.2 * 1 * 1,
    w6: delta * -0.2 * 1 * 2,
    b3: delta * -0.2,
  };
  for (const [name, value] of Object.entries(expected)) close(g[name as keyof typeof g], value, 1e-14, `∂L/∂${name}`);
  const w6 = b.gradients.find((x) => x.param === 'w6')!;
  assert.deepEqual(
    w6.factors.map((f) => `∂${f.of}/∂${f.wrt}`),
    ['∂L/∂ŷ', '∂ŷ/∂z_out', '∂z_out/∂a3', '∂a3/∂z3', '∂z3/∂w6'],
  );
  assert.deepEqual(
    w6.factors.slice(2).map((f) => f.value),
    [-0.2, 1, 2],
  );
  const w7 = b.gradients.find((x) => x.param === 'w7')!;
  assert.deepEqual(
    w7.factors.map((f) => f.wrt),
    ['ŷ', 'z_out', 'w7'],
  );
});

test('one update of w7, w8, w9 with learning rate 0.5', () => {
  const r = step(resolveBackprop(handWorked));
  const yHat = 1 / (1 + Math.exp(-0.14));
  const delta = 2 * (yHat - 1) * yHat * (1 - yHat);
  const w7 = 0.4 - 0.5 * delta * 0.5;
  const w8 = 0.6 - 0.5 * delta * 0;
  const w9 = -0.2 - 0.5 * delta * 0.3;
  assert.deepEqual(
    r.updates.map((u) => u.param),
    ['w7', 'w8', 'w9'],
  );
  close(r.updates[0].new, w7, 1e-14, 'w7 new');
  close(r.updates[1].new, w8, 1e-14, 'w8 new');
  close(r.updates[2].new, w9, 1e-14, 'w9 new');
  close(r.updates[0].old, 0.4, 0, 'w7 old');
  assert.equal(r.after.weights.w1, 0.1, 'w1 was not selected, so it keeps its value');
  const zOutAfter = w7 * 0.5 + w8 * 0 + w9 * 0.3;
  const yAfter = 1 / (1 + Math.exp(-zOutAfter));
  close(r.lossAfter, (yAfter - 1) ** 2, 1e-14, 'loss after');
  assert.ok(r.lossAfter < r.lossBefore, 'a small step down the gradient lowers the loss');
});

test('multi-step walkthrough: losses chain, parameters carry over', () => {
  const cfg = resolveBackprop({ ...handWorked, steps: 3, update: 'all' });
  const record = runWalkthrough(cfg);
  assert.equal(record.steps.length, 3);
  assert.equal(record.losses.length, 4);
  for (let s = 1; s < 3; s++) {
    assert.deepEqual(record.steps[s].forward.inputs, [1, 2]);
    close(record.steps[s].lossBefore, record.steps[s - 1].lossAfter, 0, `loss continuity at step ${s + 1}`);
    // Step s+1 starts from step s's result: its w1 update starts at the old w1 minus lr·g.
    const prev = record.steps[s - 1].updates.find((u) => u.param === 'w1')!;
    close(
      record.steps[s].updates.find((u) => u.param === 'w1')!.old,
      prev.old - 0.5 * prev.gradient,
      1e-15,
      'w1 carried',
    );
  }
  assert.deepEqual(record.final, record.steps[2].after);
  assert.ok(record.verification.finiteDifference.ok);
  assert.equal(record.verification.autodiff, null, 'no autodiff provider was given');
});

test('binary cross-entropy with a sigmoid output: ∂L/∂z_out = ŷ − y', () => {
  const cfg = resolveBackprop({ ...handWorked, loss: 'bce', target: 0 });
  const b = backward(cfg);
  const yHat = 1 / (1 + Math.exp(-0.14));
  close(forward(cfg).loss, -Math.log(1 - yHat), 1e-14, 'L = −ln(1 − ŷ) for y = 0');
  close(b.deltaOut, yHat - 0, 1e-14, 'δ_out');
});

test('tanh and sigmoid hidden derivatives', () => {
  const t = backward(resolveBackprop({ ...handWorked, hiddenActivation: 'tanh', outputActivation: 'linear' }));
  close(t.hidden[0].dadz.value, 1 - Math.tanh(0.5) ** 2, 1e-15, 'tanh′(z1)');
  close(t.dyHatDzOut.value, 1, 0, 'linear output');
  const s = backward(resolveBackprop({ ...handWorked, hiddenActivation: 'sigmoid' }));
  const a2 = 1 / (1 + Math.exp(0.1));
  close(s.hidden[1].dadz.value, a2 * (1 - a2), 1e-15, 'σ′(z2)');
  assert.equal(s.hidden[1].dead, false, 'only ReLU neurons die');
});
