// The hand chain rule against two independent witnesses on 50 random settings: tf.grads
// (float32) and central finite differences (float64).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedBackprop } from '../../src/core/experiment';
import {
  backward,
  finiteDifferenceGradients,
  forward,
  gradientMap,
  PARAMS,
  verifyGradients,
} from '../../src/core/backprop-walkthrough';
import { autodiffGradients, tfAutodiff } from '../../src/trainer/backprop-autodiff';

// The test's own generator, so a bug in the module's seeded random cannot hide here.
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const HIDDEN = ['relu', 'sigmoid', 'tanh', 'linear'] as const;

function randomSetting(seed: number): ResolvedBackprop {
  const r = lcg(seed * 7919 + 1);
  const u = (lo: number, hi: number) => lo + (hi - lo) * r();
  const outputActivation = r() < 0.75 ? 'sigmoid' : 'linear';
  const loss = outputActivation === 'sigmoid' && r() < 0.4 ? 'bce' : 'mse';
  const w = () => u(-1.5, 1.5);
  return {
    inputs: [u(-2, 2), u(-2, 2)],
    target: loss === 'bce' ? (r() < 0.5 ? 0 : 1) : u(0, 1),
    weights: { w1: w(), w2: w(), w3: w(), w4: w(), w5: w(), w6: w(), w7: w(), w8: w(), w9: w() },
    biases: { b1: u(-0.5, 0.5), b2: u(-0.5, 0.5), b3: u(-0.5, 0.5), bOut: u(-0.5, 0.5) },
    learningRate: 0.1,
    steps: 1,
    hiddenActivation: HIDDEN[Math.floor(r() * HIDDEN.length)],
    outputActivation,
    loss,
    update: [...PARAMS],
    updateReason: 'test',
    source: { inputs: [0, 0], target: 0, weights: { w1: 0, w2: 0, w3: 0, w4: 0, w5: 0, w6: 0, w7: 0, w8: 0, w9: 0 } },
  };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-2);

test('chain rule = tf.grads (1e-4) = central differences (1e-6) on 50 random settings', () => {
  let maxAutodiff = 0;
  let maxFd = 0;
  let nonZero = 0;
  for (let seed = 1; seed <= 50; seed++) {
    const cfg = randomSetting(seed);
    const chain = gradientMap(backward(cfg));
    const ad = autodiffGradients(cfg);
    const fd = finiteDifferenceGradients(cfg);
    const f = forward(cfg);
    for (const p of PARAMS) {
      const kinkNeuron = p.match(/^(?:w[1-6]|b[1-3])$/)
        ? p.startsWith('b')
          ? Number(p[1]) - 1
          : Math.floor((Number(p[1]) - 1) / 2)
        : -1;
      const nearKink = cfg.hiddenActivation === 'relu' && kinkNeuron >= 0 && Math.abs(f.hidden[kinkNeuron].z) < 1e-4;
      assert.ok(Number.isFinite(chain[p]), `seed ${seed} ${p} finite`);
      if (chain[p] !== 0) nonZero++;
      maxAutodiff = Math.max(maxAutodiff, rel(chain[p], ad[p]));
      assert.ok(rel(chain[p], ad[p]) <= 1e-4, `seed ${seed} ${p}: chain ${chain[p]} vs tf.grads ${ad[p]}`);
      if (nearKink) continue;
      maxFd = Math.max(maxFd, rel(chain[p], fd[p]));
      assert.ok(rel(chain[p], fd[p]) <= 1e-6, `seed ${seed} ${p}: chain ${chain[p]} vs finite difference ${fd[p]}`);
    }
  }
  // Guard against a vacuous pass: the settings must actually produce gradients.
  assert.ok(nonZero > 50 * 13 * 0.5, `only ${nonZero} non-zero gradients`);
  assert.ok(maxAutodiff > 0, 'float32 and float64 should differ somewhere');
  if (process.env.BACKPROP_DEBUG) console.log({ maxFd, maxAutodiff, nonZero });
  assert.ok(maxFd < 1e-6 && maxAutodiff < 1e-4);
});

test('verifyGradients reports the worst parameter and catches a wrong gradient', () => {
  const cfg = randomSetting(3);
  const v = verifyGradients(cfg, tfAutodiff());
  assert.ok(v.finiteDifference.ok && v.autodiff?.ok, JSON.stringify(v.autodiff));
  assert.match(v.autodiff!.method, /tf\.grads on the \w+ backend, float32/);
  const worst = Math.max(...v.rows.filter((r) => !r.atKink).map((r) => r.vsFiniteDifference));
  assert.equal(v.finiteDifference.maxRelativeDifference, worst);
  // A provider that is off by 1 % on w5 must fail the check.
  const wrong = verifyGradients(cfg, {
    gradients: (net) => {
      const g = gradientMap(backward(net));
      return { ...g, w5: g.w5 * 1.01 + 0.01 };
    },
    describe: () => 'deliberately wrong',
  });
  assert.equal(wrong.autodiff?.ok, false);
  assert.equal(wrong.autodiff?.worst, 'w5');
});
