// Symmetry (identical hidden neurons stay identical, random ones do not) and dead ReLUs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveBackprop } from '../../src/experiments/backprop-resolve';
import type { BackpropSection } from '../../src/core/schema';
import {
  backward,
  finiteDifferenceGradients,
  forward,
  gradientMap,
  runWalkthrough,
  step,
  symmetryDemo,
} from '../../src/core/backprop-walkthrough';

const symmetric: BackpropSection = {
  inputs: [0.5, 0.8],
  target: 1,
  weights: { w1: 0.3, w2: 0.2, w3: 0.3, w4: 0.2, w5: 0.3, w6: 0.2, w7: 0.4, w8: 0.4, w9: 0.4 },
  biases: { b1: 0.1, b2: 0.1, b3: 0.1 },
  learningRate: 0.5,
};

test('identical hidden neurons get identical gradients and stay identical', () => {
  let cfg = resolveBackprop(symmetric);
  for (let s = 1; s <= 40; s++) {
    const g = gradientMap(backward(cfg));
    assert.ok(g.w1 !== 0 && g.w7 !== 0, 'the neurons are alive and learning');
    assert.ok(g.w1 === g.w3 && g.w3 === g.w5, `step ${s}: input-side gradients of h1..h3`);
    assert.ok(g.w2 === g.w4 && g.w4 === g.w6);
    assert.ok(g.b1 === g.b2 && g.b2 === g.b3);
    assert.ok(g.w7 === g.w8 && g.w8 === g.w9, `step ${s}: output-side gradients`);
    const r = step(cfg);
    cfg = { ...cfg, ...r.after };
  }
  const w = cfg.weights;
  assert.ok(w.w1 === w.w3 && w.w3 === w.w5 && w.w7 === w.w8 && w.w8 === w.w9);
  assert.notEqual(w.w1, 0.3, 'the weights did move');
});

test('symmetryDemo: the identical run never separates, the seeded random run does', () => {
  const demo = symmetryDemo(resolveBackprop(symmetric), 30, 7);
  assert.equal(demo.identicalStaysIdentical, true);
  assert.equal(demo.randomDiverges, true);
  assert.ok(demo.identical.spread.every((s) => s === 0));
  assert.ok(demo.random.spread.every((s) => s > 0.01));
  assert.equal(demo.identical.series.w7.length, 31, 'start + one entry per step');
  assert.deepEqual(demo.identical.series.w7, demo.identical.series.w9);
  assert.notDeepEqual(demo.random.series.w7, demo.random.series.w9);
  assert.match(demo.origin, /already start identical/);
  // Reproducible by seed, different across seeds.
  assert.deepEqual(symmetryDemo(resolveBackprop(symmetric), 30, 7).random.series, demo.random.series);
  assert.notDeepEqual(symmetryDemo(resolveBackprop(symmetric), 30, 8).random.series.w1, demo.random.series.w1);
  // The identical run is ordinary gradient descent: its loss after 1 step is the hand step's.
  close(demo.identical.losses[1], step(resolveBackprop({ ...symmetric, update: 'all' })).lossAfter);
});

function close(a: number, b: number) {
  assert.ok(Math.abs(a - b) <= 1e-15 * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
}

test('a non-symmetric setting is made symmetric from h1 for the demo', () => {
  const cfg = resolveBackprop({ ...symmetric, weights: { ...symmetric.weights, w3: -0.7, w8: 1.1 } });
  const demo = symmetryDemo(cfg, 5);
  assert.equal(demo.identical.initial.weights.w3, 0.3);
  assert.equal(demo.identical.initial.weights.w8, 0.4);
  assert.match(demo.origin, /copied to h2 and h3/);
  assert.equal(demo.identicalStaysIdentical, true);
});

test('dead ReLU: z ≤ 0 gives derivative 0, zero gradients upstream, and the neuron stays put', () => {
  // x = (1, 1): z1 = 0.3 + (−0.3) = 0 exactly (the kink), z2 = −0.5 + 0.2 = −0.3, z3 = 0.4.
  const cfg = resolveBackprop({
    inputs: [1, 1],
    target: 1,
    weights: { w1: 0.3, w2: -0.3, w3: -0.5, w4: 0.2, w5: 0.1, w6: 0.3, w7: 0.5, w8: 0.5, w9: 0.5 },
    steps: 10,
    learningRate: 0.5,
  });
  const f = forward(cfg);
  assert.equal(f.hidden[0].z, 0);
  assert.deepEqual(
    f.hidden.map((h) => h.dead),
    [true, true, false],
    'z = 0 counts as dead, as in TensorFlow',
  );
  const b = backward(cfg, f);
  assert.equal(b.hidden[0].dadz.value, 0);
  assert.match(b.hidden[1].dadz.formula, /dead/);
  const g = gradientMap(b);
  // === rather than assert.equal: −0 is a fine zero gradient.
  for (const p of ['w1', 'w2', 'b1', 'w3', 'w4', 'b2', 'w7', 'w8'] as const) assert.ok(g[p] === 0, `${p} = ${g[p]}`);
  assert.ok(g.w5 !== 0 && g.w9 !== 0);
  // Independently: nudging h2's weights changes nothing while z2 stays negative.
  const fd = finiteDifferenceGradients(cfg);
  assert.ok(fd.w3 === 0 && fd.b2 === 0);
  const record = runWalkthrough(cfg);
  assert.equal(record.final.weights.w3, -0.5);
  assert.equal(record.final.biases.b2, 0);
  assert.notEqual(record.final.weights.w5, 0.1);
  // At the kink, a finite difference sees half a slope: the check marks those rows instead of failing.
  const kinked = record.verification.rows.filter((r) => r.atKink).map((r) => r.param);
  assert.deepEqual(kinked, ['w1', 'w2', 'w7', 'b1']);
  assert.equal(record.verification.finiteDifference.ok, true);
});
