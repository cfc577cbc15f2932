// The sweep panel's views, pure parts: parameter importance on synthetic sweeps whose answer is
// known, debiased smoothing, the mean ± std band of repeated curves, and axes and brushes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFullGrid, mainEffectShare, parameterImportance, ranks, spearman } from '../../src/core/importance';
import { smoothEma, smoothPoints } from '../../src/core/smoothing';
import { logTicks } from '../../src/core/ticks';
import { meanBand } from '../../src/core/curve-band';
import {
  axisPosition,
  axisStops,
  brushText,
  inBrushes,
  isLogSpaced,
  paramAxis,
  parseBrush,
  stepBrush,
} from '../../src/core/param-axes';

const close = (a: number | null, b: number, tol = 1e-9) =>
  assert.ok(a !== null && Math.abs(a - b) < tol, `${a} ≠ ${b}`);

// A 3 × 2 grid with two seeds: accuracy = 0.9 + lr effect + activation effect + seed noise.
function grid(effect: { lr: number[]; act: number[] }, noise: number) {
  const out: Array<{ params: Record<string, unknown>; value: number | null }> = [];
  const lrs = [0.0001, 0.001, 0.01];
  const acts = ['relu', 'tanh'];
  lrs.forEach((lr, i) =>
    acts.forEach((act, j) =>
      [1, -1].forEach((s) =>
        out.push({
          params: { 'training.learningRate': lr, 'model.activation': act },
          value: 0.9 + effect.lr[i] + effect.act[j] + s * noise,
        }),
      ),
    ),
  );
  return out;
}

test('full grid: the main effect of the only parameter that matters explains all the variance', () => {
  const trials = grid({ lr: [-0.02, 0, 0.02], act: [0, 0] }, 0);
  const imp = parameterImportance(trials, ['training.learningRate', 'model.activation']);
  assert.equal(imp.measure, 'variance');
  assert.equal(imp.n, 12);
  close(imp.params[0].value, 1);
  close(imp.params[1].value, 0);
  close(imp.residual!, 0);
});

test('full grid: additive effects split the variance by their sums of squares; noise is residual', () => {
  // lr: deviations ±0.02 / 0 over 4 trials each → SS 4·(0.0004+0+0.0004) = 0.0032.
  // act: ±0.01 over 6 trials each → SS 12·0.0001 = 0.0012. Noise ±0.01 on 12 → SS 0.0012.
  const trials = grid({ lr: [-0.02, 0, 0.02], act: [0.01, -0.01] }, 0.01);
  const imp = parameterImportance(trials, ['training.learningRate', 'model.activation']);
  const total = 0.0032 + 0.0012 + 0.0012;
  close(imp.params[0].value, 0.0032 / total, 1e-9);
  close(imp.params[1].value, 0.0012 / total, 1e-9);
  close(imp.residual!, 0.0012 / total, 1e-9);
});

test('a grid with a hole, or random search, falls back to Spearman; categories have no rank', () => {
  const trials = grid({ lr: [-0.02, 0, 0.02], act: [0, 0] }, 0);
  trials[0].value = null;
  trials[1].value = null; // lr 1e-4 × relu has no value left: not a full grid
  assert.equal(isFullGrid(trials, ['training.learningRate', 'model.activation']), false);
  const imp = parameterImportance(trials, ['training.learningRate', 'model.activation']);
  assert.equal(imp.measure, 'spearman');
  close(
    imp.params[0].value,
    spearman(
      trials.filter((t) => t.value !== null).map((t) => t.params['training.learningRate'] as number),
      trials.filter((t) => t.value !== null).map((t) => t.value as number),
    )!,
  );
  assert.ok(imp.params[0].value! > 0.9);
  assert.equal(imp.params[1].value, null);
  assert.equal(imp.params[1].reason, 'no-order');
});

test('Spearman: monotone is ±1 whatever the shape; ties get average ranks', () => {
  const x = [1, 2, 3, 4, 5];
  close(
    spearman(
      x,
      x.map((v) => v ** 3),
    ),
    1,
  );
  close(
    spearman(
      x,
      x.map((v) => Math.exp(-v)),
    ),
    -1,
  );
  assert.deepEqual(ranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4]);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), null);
  // Known value: ρ = 1 − 6Σd²/(n(n²−1)) without ties; d = (0,0,1,−1,0) → 1 − 12/120 = 0.9.
  close(spearman([1, 2, 3, 4, 5], [1, 2, 4, 3, 5]), 0.9);
});

test('main effect share: constant metric has none, one group explains nothing', () => {
  assert.equal(mainEffectShare([0.9, 0.9], ['a', 'b']), null);
  close(mainEffectShare([0.8, 0.9, 1.0], ['a', 'a', 'a']), 0);
});

test('debiased EMA: first point equals raw, constant series unchanged, β = 0 is identity', () => {
  const ys = [0.5, 0.8, 0.7, 0.9, 0.95];
  const s = smoothEma(ys, 0.6);
  assert.equal(s[0], ys[0]);
  assert.deepEqual(
    smoothEma([0.3, 0.3, 0.3, 0.3], 0.9).map((v) => Math.round(v * 1e12) / 1e12),
    [0.3, 0.3, 0.3, 0.3],
  );
  assert.deepEqual(smoothEma(ys, 0), ys);
  // Second point by hand: (0.6·0.4·0.5 + 0.4·0.8) / (1 − 0.36) = (0.12 + 0.32) / 0.64.
  close(s[1], 0.44 / 0.64);
  // Smoothing pulls towards earlier values: less variation than the raw curve.
  const tv = (a: number[]) => a.slice(1).reduce((t, v, i) => t + Math.abs(v - a[i]), 0);
  assert.ok(tv(s) < tv(ys));
  assert.throws(() => smoothEma(ys, 1), /\[0, 1\)/);
  assert.deepEqual(
    smoothPoints(
      [
        { x: 1, y: 2 },
        { x: 2, y: 4 },
      ],
      0.5,
    ).map((p) => p.x),
    [1, 2],
  );
});

test('mean band: mean and sample std per epoch over the seeds that reached it', () => {
  const band = meanBand([
    [
      { x: 1, y: 0.8 },
      { x: 2, y: 0.9 },
    ],
    [{ x: 1, y: 0.6 }],
  ]);
  assert.equal(band.length, 2);
  close(band[0].mean, 0.7);
  close(band[0].std, Math.sqrt(0.02));
  assert.equal(band[0].n, 2);
  assert.deepEqual([band[1].mean, band[1].std, band[1].n], [0.9, 0, 1]);
});

test('axes: learning rates on a log axis, activations as categories; brushes filter by position', () => {
  assert.equal(isLogSpaced([0.0001, 0.001, 0.01]), true);
  assert.equal(isLogSpaced([1, 2, 3]), false);
  const lr = paramAxis('lr', [0.0001, 0.001, 0.01]);
  assert.equal(lr.kind, 'log');
  close(axisPosition(lr, 0.001), 0.5);
  const act = paramAxis('act', ['relu', 'tanh', 'sigmoid']);
  assert.equal(act.kind, 'category');
  assert.equal(axisPosition(act, 'sigmoid'), 1);
  assert.equal(axisPosition(act, 'elu'), null);
  const brushes = { lr: parseBrush(lr, '0.0005 0.02').brush!, act: parseBrush(act, 'relu, tanh').brush! };
  assert.equal(inBrushes({ lr: 0.001, act: 'tanh' }, [lr, act], brushes), true);
  assert.equal(inBrushes({ lr: 0.0001, act: 'tanh' }, [lr, act], brushes), false);
  assert.equal(inBrushes({ lr: 0.01, act: 'sigmoid' }, [lr, act], brushes), false);
  assert.equal(inBrushes({ lr: 0.0001, act: 'sigmoid' }, [lr, act], {}), true);
  assert.equal(brushText(act, brushes.act), 'relu, tanh');
  assert.equal(brushText(lr, parseBrush(lr, '1e-4 to 1e-3').brush!), '1e-4 to 0.001');
  // A range outside the axis passes nothing; empty text clears; bad text says what is expected.
  const outside = parseBrush(lr, '1 2').brush!;
  assert.equal(inBrushes({ lr: 0.01 }, [lr], { lr: outside }), false);
  assert.deepEqual(parseBrush(lr, ' '), { brush: null, error: null });
  assert.match(parseBrush(lr, 'fast').error!, /two numbers/);
  assert.match(parseBrush(act, 'elu').error!, /no value "elu"/);
});

test('keyboard brushes stop at the swept values: batch sizes 16, 32, 64, 256 on a log axis', () => {
  const axis = paramAxis('batch', [16, 32, 64, 256]);
  const stops = axisStops(axis);
  assert.equal(stops.length, 4);
  const keep = (b: ReturnType<typeof stepBrush>) =>
    [16, 32, 64, 256].filter((v) => inBrushes({ batch: v }, [axis], { batch: b }));
  let b = stepBrush(stops, undefined, false, false); // first ArrowDown: the top value
  assert.deepEqual(keep(b), [256]);
  b = stepBrush(stops, b, false, false);
  assert.deepEqual(keep(b), [64]);
  b = stepBrush(stops, b, false, true); // Shift+ArrowDown widens downwards
  assert.deepEqual(keep(b), [32, 64]);
  b = stepBrush(stops, b, true, false);
  assert.deepEqual(keep(b), [64, 256]);
  b = stepBrush(stops, b, true, false); // already at the top: stays
  assert.deepEqual(keep(b), [64, 256]);
  assert.deepEqual(keep(stepBrush(stops, undefined, true, false)), [16]);
  // A measured axis (accuracy) steps by tenths.
  assert.equal(axisStops(paramAxis('acc', [0.9, 0.95]), true).length, 11);
});

test('log ticks for values drawn at random: round, within the range, at most six', () => {
  assert.deepEqual(logTicks(1.66e-4, 0.00531), [0.0002, 0.0005, 0.001, 0.002, 0.005]);
  assert.deepEqual(logTicks(1e-5, 0.01), [0.00001, 0.0001, 0.001, 0.01]);
  assert.deepEqual(logTicks(21, 119), [50, 100]);
  assert.deepEqual(logTicks(3000, 400_000), [5000, 10_000, 20_000, 50_000, 100_000, 200_000]);
  assert.deepEqual(logTicks(3000, 4_000_000), [10_000, 100_000, 1_000_000]);
  assert.deepEqual(logTicks(0.0001, 0.04), [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03]);
  assert.deepEqual(logTicks(0.0002, 0.0002), [0.0002]);
  assert.deepEqual(logTicks(0.00021, 0.00029), [0.00021, 0.00029]);
  assert.deepEqual(logTicks(0, 1), []);
});
