// The rules of src/core/dynamics.ts on hand-made activations, and the experiment file's
// `dynamics` section resolving to its defaults or to off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DYNAMICS_DEFAULTS } from '../../src/core/defaults';
import {
  activationStats,
  compactNumber,
  deadFraction,
  histogramBin,
  histogramRange,
  HISTOGRAM_BINS,
  saturatedFraction,
} from '../../src/core/dynamics';
import { trialOf } from '../helpers';

test('histogram bins split the range evenly and clamp values outside it into the edge bins', () => {
  assert.equal(histogramBin(0, 0, 1), 0);
  assert.equal(histogramBin(0.049, 0, 1), 0);
  assert.equal(histogramBin(0.05, 0, 1), 1);
  assert.equal(histogramBin(0.999, 0, 1), HISTOGRAM_BINS - 1);
  assert.equal(histogramBin(1, 0, 1), HISTOGRAM_BINS - 1);
  assert.equal(histogramBin(42, 0, 5), HISTOGRAM_BINS - 1);
  assert.equal(histogramBin(-3, -1, 1), 0);
  assert.equal(histogramBin(Number.NaN, -1, 1), 0);
});

test('a ReLU unit is dead only when it is zero on every probe image', () => {
  // 3 images × 3 units, row-major: unit 0 always 0, unit 1 once positive, unit 2 always positive.
  const post = [0, 0, 1, 0, 0.5, 2, 0, 0, 3];
  assert.equal(deadFraction(post, 3, 3, 'relu'), 1 / 3);
  assert.equal(deadFraction(post, 3, 3, 'sigmoid'), null);
});

test('a sigmoid or tanh unit is saturated when more than half of the probe images saturate it', () => {
  // 4 images × 2 units: unit 0 saturated on 3 of 4 images, unit 1 on exactly 2 of 4 (not most).
  const sig = [0.01, 0.99, 0.995, 0.5, 0.019, 0.015, 0.5, 0.5];
  assert.equal(saturatedFraction(sig, 4, 2, 'sigmoid'), 0.5);
  const tanh = [-0.99, 0.97, 0.985, 0.99, -0.981, -0.99, 0.2, 0.1];
  assert.equal(saturatedFraction(tanh, 4, 2, 'tanh'), 0.5);
  assert.equal(saturatedFraction(sig, 4, 2, 'relu'), null);
});

test('activation statistics: counts sum to images × units; the output layer is never dead or saturated', () => {
  const pre = [-1, 2, 3, -4, 0, 6];
  const post = pre.map((v) => Math.max(0, v));
  const hidden = activationStats(pre, post, 3, 2, 'relu', true);
  assert.equal(
    hidden.histogram.reduce((a, b) => a + b),
    6,
  );
  assert.equal(hidden.histogram[0], 3, 'the three zeros (and nothing else) fall into the first bin of [0, 5)');
  assert.equal(hidden.histogram[HISTOGRAM_BINS - 1], 1, '6 is beyond the range and clamped into the last bin');
  assert.equal(hidden.preMean, 1);
  assert.ok(Math.abs(hidden.preStd - Math.sqrt((4 + 1 + 4 + 25 + 1 + 25) / 6)) < 1e-12);
  assert.equal(hidden.dead, 0);
  const output = activationStats(pre, post, 3, 2, 'relu', false);
  assert.deepEqual([output.dead, output.saturated], [null, null]);
  assert.throws(() => activationStats(pre, post, 2, 2, 'relu', true), /expected 2×2 values, got 6/);
});

test('activation statistics of a probe-sized layer equal their definitions, unit by unit', () => {
  // A seeded layer of 512 images × 24 units: some units dead, some saturated, the rest spread.
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows = 512;
  const units = 24;
  const pre = Float32Array.from({ length: rows * units }, (_, i) => {
    const u = i % units;
    return u < 4 ? -5 - random() : u < 8 ? 8 * (random() < 0.9 ? 1 : -1) : 6 * random() - 3;
  });
  const act = {
    relu: (z: number) => Math.max(0, z),
    sigmoid: (z: number) => 1 / (1 + Math.exp(-z)),
    tanh: Math.tanh,
  };
  for (const activation of ['relu', 'sigmoid', 'tanh'] as const) {
    const post = pre.map(act[activation]);
    const got = activationStats(pre, post, rows, units, activation, true);
    const values = Array.from(pre);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(got.preMean - mean) < 1e-9 && Math.abs(got.preStd - std) < 1e-9, activation);
    const column = (u: number) => Array.from({ length: rows }, (_, r) => post[r * units + u]);
    const perUnit = Array.from({ length: units }, (_, u) => column(u));
    const dead = perUnit.filter((c) => c.every((v) => v === 0)).length / units;
    const saturated =
      perUnit.filter((c) => {
        const n = c.filter((v) => (activation === 'tanh' ? Math.abs(v) > 0.98 : v < 0.02 || v > 0.98)).length;
        return n > rows / 2;
      }).length / units;
    assert.equal(got.dead, activation === 'relu' ? dead : null, `${activation} dead`);
    assert.equal(got.saturated, activation === 'relu' ? null : saturated, `${activation} saturated`);
    if (activation === 'relu') assert.equal(dead, 4 / 24);
    else assert.equal(saturated, 8 / 24);
    const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const v of post) histogram[histogramBin(v, ...histogramRange(activation))]++;
    assert.deepEqual(got.histogram, histogram, `${activation} histogram`);
  }
});

test('numbers are kept to four significant digits', () => {
  assert.equal(compactNumber(0.000123456), 0.0001235);
  assert.equal(compactNumber(12345.678), 12350);
  assert.equal(compactNumber(0), 0);
  assert.ok(Number.isNaN(compactNumber(Number.NaN)));
});

test('dynamics are recorded by default, with the defaults; `"dynamics": false` turns them off', () => {
  assert.deepEqual(trialOf({ kind: 'binary' }).dynamics, { ...DYNAMICS_DEFAULTS });
  assert.deepEqual(trialOf({ kind: 'binary', dynamics: { everyBatches: 25 } }).dynamics, {
    probeSize: DYNAMICS_DEFAULTS.probeSize,
    everyBatches: 25,
  });
  assert.equal(trialOf({ kind: 'binary', dynamics: false }).dynamics, null);
});
