import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationReport, confusionMatrix } from '../../src/trainer/metrics';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test('confusion matrix counts rows as truth and columns as prediction', () => {
  assert.deepEqual(confusionMatrix([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 2, 2], 3), [
    [1, 1, 0],
    [0, 2, 1],
    [0, 0, 1],
  ]);
});

test('precision, recall, F1 and averages match a hand computation', () => {
  // truth\pred: class a: 8 right, 2 as b; class b: 1 as a, 4 right, 0 as c; class c: 3 right (no support issues).
  const r = classificationReport(
    [
      [8, 2, 0],
      [1, 4, 0],
      [0, 0, 3],
    ],
    ['a', 'b', 'c'],
  );
  close(r.classes[0].precision, 8 / 9);
  close(r.classes[0].recall, 8 / 10);
  close(r.classes[0].f1, (2 * (8 / 9) * 0.8) / (8 / 9 + 0.8));
  close(r.classes[1].precision, 4 / 6);
  close(r.classes[1].recall, 4 / 5);
  close(r.classes[2].f1, 1);
  close(r.accuracy, 15 / 18);
  close(r.macro.precision, (8 / 9 + 4 / 6 + 1) / 3);
  close(r.weighted.recall, (0.8 * 10 + 0.8 * 5 + 1 * 3) / 18);
  assert.deepEqual(
    r.classes.map((c) => c.support),
    [10, 5, 3],
  );
  assert.equal(r.macro.support, 18);
});

test('a class never predicted has precision 0 rather than NaN (sklearn zero_division=0)', () => {
  const r = classificationReport(
    [
      [5, 0],
      [3, 0],
    ],
    ['x', 'y'],
  );
  assert.equal(r.classes[1].precision, 0);
  assert.equal(r.classes[1].f1, 0);
  assert.equal(r.classes[1].recall, 0);
});
