import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ticks } from '../../src/report/svg-chart';

test('chart ticks are round numbers inside the range, whole numbers for epochs', () => {
  assert.deepEqual(ticks(0.872, 1.0).values, [0.88, 0.9, 0.92, 0.94, 0.96, 0.98, 1]);
  assert.equal(ticks(0.872, 1.0).decimals, 2);
  assert.deepEqual(ticks(1, 10, 5, true).values, [2, 4, 6, 8, 10]);
  assert.deepEqual(ticks(1, 3, 5, true).values, [1, 2, 3]);
  assert.deepEqual(ticks(0.0312, 0.0871).values, [0.04, 0.05, 0.06, 0.07, 0.08]);
  assert.deepEqual(ticks(2, 2).values, [2]);
});
