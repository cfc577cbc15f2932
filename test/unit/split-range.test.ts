// How the whole-step engine cuts a product's rows between threads (src/trainer/parallel/products.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRange } from '../../src/trainer/parallel/products';

test('ranges cover [from, to) once, in order, cut on multiples, as even as the cuts allow', () => {
  for (const [to, parts, multiple] of [
    [600, 2, 4],
    [601, 2, 4],
    [784, 3, 4],
    [5, 2, 4],
    [1000, 2, 1],
    [3, 4, 1],
  ] as const) {
    const ranges = splitRange(0, to, parts, multiple);
    assert.equal(ranges.length, parts);
    assert.equal(ranges[0][0], 0);
    assert.equal(ranges.at(-1)![1], to);
    for (let i = 1; i < parts; i++) assert.equal(ranges[i][0], ranges[i - 1][1]);
    for (const [a, b] of ranges.slice(0, -1)) {
      assert.equal(b % multiple, 0, `cut ${b} of ${to} on a multiple of ${multiple}`);
      assert.ok(b >= a);
    }
    const sizes = ranges.map(([a, b]) => b - a);
    if (to >= parts * multiple) assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 2 * multiple, `${to}: ${sizes}`);
  }
});

test('a weight balances the work, not the rows: the heavy rows go to fewer threads', () => {
  // Rows 0–99 cost 1 each, rows 100–199 cost 9 each: 1,000 in all, 500 per part.
  const weight = (i: number) => Math.min(i, 100) + 9 * Math.max(0, i - 100);
  const [first, second] = splitRange(0, 200, 2, 1, weight);
  assert.deepEqual(first, [0, 144]);
  assert.deepEqual(second, [144, 200]);
});
