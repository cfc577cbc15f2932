// Repeats: mean ± std per configuration, and when the best cannot be told apart from the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedComparison, rankConfigurations, spread, t95 } from '../../src/core/stats';

test('spread: mean, sample std and the t-based 95 % half-width', () => {
  const s = spread([0.97, 0.98, 0.99]);
  assert.ok(Math.abs(s.mean - 0.98) < 1e-12);
  assert.ok(Math.abs(s.std - 0.01) < 1e-12);
  assert.ok(Math.abs(s.ci95 - (4.303 * 0.01) / Math.sqrt(3)) < 1e-12);
  assert.equal(t95(2), 4.303);
  assert.equal(t95(1000), 1.96);
  assert.ok(Number.isNaN(spread([1]).ci95));
});

test('paired comparison: a constant gap on shared seeds is distinguishable even when seed noise is larger', () => {
  // Seed noise ±1 %, configuration gap 0.2 % on every seed: intervals overlap, pairs do not.
  const a = new Map([
    [1, 0.97],
    [2, 0.99],
    [3, 0.98],
  ]);
  const b = new Map([
    [1, 0.968],
    [2, 0.988],
    [3, 0.978],
  ]);
  const p = pairedComparison(a, b);
  assert.equal(p.seeds, 3);
  assert.ok(Math.abs(p.meanDifference - 0.002) < 1e-12);
  assert.equal(p.distinguishable, true);
  // A gap that changes sign across seeds is not.
  const c = new Map([
    [1, 0.975],
    [2, 0.992],
    [3, 0.979],
  ]);
  assert.equal(pairedComparison(a, c).distinguishable, false);
  // One shared seed decides nothing.
  assert.equal(
    pairedComparison(
      a,
      new Map([
        [1, 0.5],
        [9, 0.1],
      ]),
    ).distinguishable,
    false,
  );
});

test('ranking by mean says which configurations cannot be told apart from the best, and how', () => {
  const rows = [
    ...[0.97, 0.99, 0.98].map((v, i) => ({ index: i, configuration: 0, seed: i, value: v })),
    ...[0.975, 0.992, 0.979].map((v, i) => ({ index: 3 + i, configuration: 1, seed: i, value: v })),
    ...[0.9, 0.91, 0.905].map((v, i) => ({ index: 6 + i, configuration: 2, seed: i, value: v })),
    { index: 9, configuration: 3, seed: 0, value: null },
  ];
  const ranked = rankConfigurations(rows);
  assert.deepEqual(
    ranked.map((g) => g.configuration),
    [1, 0, 2, 3],
  );
  assert.equal(ranked[0].distinguishableFromBest, false);
  assert.equal(ranked[1].distinguishableFromBest, false);
  assert.equal(ranked[1].test, 'paired');
  assert.equal(ranked[2].distinguishableFromBest, true);
  assert.equal(ranked[3].distinguishableFromBest, null);
  // Different seeds: no pairs, so the mean ± std intervals decide.
  const unpaired = rankConfigurations([
    ...[0.97, 0.99].map((v, i) => ({ index: i, configuration: 0, seed: i, value: v })),
    ...[0.96, 0.98].map((v, i) => ({ index: 2 + i, configuration: 1, seed: 10 + i, value: v })),
  ]);
  assert.equal(unpaired[1].test, 'intervals');
  assert.equal(unpaired[1].distinguishableFromBest, false);
});
