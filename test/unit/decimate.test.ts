// LTTB with the end points and extremes always kept (src/core/decimate.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimateHistory, lttbIndices, type Point } from '../../src/core/decimate';
import { seededRandom } from '../../src/core/random';

const curve = (ys: number[]): Point[] => ys.map((y, x) => ({ x, y }));

test('a curve within the budget comes back whole, in order', () => {
  assert.deepEqual(lttbIndices(curve([3, 1, 2]), 10), [0, 1, 2]);
  assert.deepEqual(lttbIndices([], 10), []);
});

test('a long curve keeps at most the budget, its first and last points and both extremes', () => {
  const random = seededRandom(7);
  for (const [n, budget] of [
    [1000, 50],
    [5000, 200],
    [37, 5],
  ] as const) {
    const ys = Array.from({ length: n }, () => random());
    // Extremes placed where no bucket would favour them: next to ordinary neighbours.
    ys[n >> 2] = 5;
    ys[(n >> 1) + 1] = -5;
    const kept = lttbIndices(curve(ys), budget);
    assert.ok(kept.length <= budget, `${kept.length} > ${budget}`);
    assert.ok(kept.length >= Math.min(budget, 4));
    assert.deepEqual(
      [...kept].sort((a, b) => a - b),
      kept,
    );
    assert.equal(new Set(kept).size, kept.length);
    for (const i of [0, n - 1, n >> 2, (n >> 1) + 1]) assert.ok(kept.includes(i), `index ${i} kept`);
  }
});

test('the shape survives: a spike in a flat line is kept, and a straight line needs no interior point to look straight', () => {
  const ys = Array.from({ length: 500 }, () => 1);
  ys[300] = 2;
  assert.ok(lttbIndices(curve(ys), 20).includes(300));
  const line = curve(Array.from({ length: 500 }, (_, x) => 2 * x));
  const kept = lttbIndices(line, 20);
  assert.equal(kept.length, 20);
  // Every kept point lies on the line it came from.
  for (const i of kept) assert.equal(line[i]!.y, 2 * line[i]!.x);
});

test('missing values (NaN, null validation epochs) are never picked', () => {
  const ys = Array.from({ length: 300 }, (_, x) => (x % 3 === 0 ? NaN : Math.sin(x / 10)));
  const kept = lttbIndices(curve(ys), 30);
  assert.ok(kept.every((i) => Number.isFinite(ys[i])));
  assert.ok(kept.includes(1) && kept.includes(299));
});

test("a long history keeps about the budget of epochs, the best epoch and every curve's extremes", () => {
  const random = seededRandom(3);
  const history = Array.from({ length: 2000 }, (_, i) => ({
    epoch: i + 1,
    loss: 1 / (i + 1) + random() * 0.01,
    accuracy: 1 - 1 / (i + 2) - random() * 0.01,
    valLoss: i % 10 === 0 ? null : 1 / (i + 1) + random() * 0.05,
    valAccuracy: i % 10 === 0 ? null : 1 - 1 / (i + 2) - random() * 0.05,
  }));
  const kept = decimateHistory(history, 300, [1234]);
  assert.ok(kept.length <= 301, `${kept.length} epochs`);
  assert.ok(kept.length >= 150);
  const epochs = kept.map((e) => e.epoch);
  assert.ok(epochs.includes(1) && epochs.includes(2000) && epochs.includes(1234));
  for (const key of ['loss', 'accuracy', 'valLoss', 'valAccuracy'] as const) {
    const values = history.map((e) => e[key]).filter((v): v is number => v !== null);
    const shown = kept.map((e) => e[key]).filter((v): v is number => v !== null);
    assert.equal(Math.min(...shown), Math.min(...values), `${key} minimum`);
    assert.equal(Math.max(...shown), Math.max(...values), `${key} maximum`);
  }
  assert.equal(decimateHistory(history.slice(0, 50), 300).length, 50);
});
