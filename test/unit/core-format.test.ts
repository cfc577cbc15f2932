// How numbers read everywhere (src/core/format.ts): the panels, the tree, the CLI and the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatNumber, formatParam, formatPercent, paramLabel } from '../../src/core/format';

test('formatPercent: two decimals by default, any count on request', () => {
  assert.equal(formatPercent(0.97125), '97.13 %');
  assert.equal(formatPercent(0.5, 1), '50.0 %');
  assert.equal(formatPercent(0), '0.00 %');
  assert.equal(formatPercent(1), '100.00 %');
});

test('formatPercent and formatNumber: unknown and non-finite values read "–", not "NaN %"', () => {
  for (const v of [null, undefined, NaN, Infinity, -Infinity]) {
    assert.equal(formatPercent(v), '–', String(v));
    assert.equal(formatNumber(v), '–', String(v));
  }
});

test('formatNumber: four decimals by default, rounding half away from zero as toFixed does', () => {
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(2, 1), '2.0');
  assert.equal(formatNumber(-0.5), '-0.5000');
});

test('formatDuration: seconds, minutes, hours, and the boundaries between them', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(59.4), '59 s');
  assert.equal(formatDuration(59.5), '1 m 00 s', 'rounds before choosing the unit');
  assert.equal(formatDuration(185), '3 m 05 s');
  assert.equal(formatDuration(3599), '59 m 59 s');
  assert.equal(formatDuration(3600), '1 h 00 m');
  assert.equal(formatDuration(3720), '1 h 02 m');
  for (const v of [null, undefined, NaN, -1, Infinity]) assert.equal(formatDuration(v), '–', String(v));
});

test('formatParam: compact numbers, initializer objects by name and parameters', () => {
  assert.equal(formatParam(0.001), '0.001');
  assert.equal(formatParam(0.00001), '1e-5');
  assert.equal(formatParam(0.00025), '2.5e-4');
  assert.equal(formatParam(2000000), '2e6');
  assert.equal(formatParam(0), '0');
  assert.equal(formatParam(32), '32');
  assert.equal(formatParam('relu'), 'relu');
  assert.equal(formatParam({ name: 'heNormal' }), 'heNormal');
  assert.equal(formatParam({ name: 'randomNormal', stddev: 0.0001 }), 'randomNormal(stddev=1e-4)');
  assert.equal(formatParam([1, 2]), '[1,2]');
  assert.equal(formatParam(true), 'true');
});

test('paramLabel: known sweep keys by name, others by their last segment', () => {
  assert.equal(paramLabel('training.learningRate'), 'learning rate');
  assert.equal(paramLabel('model.initializer'), 'initializer');
  assert.equal(paramLabel('training.somethingNew'), 'somethingNew');
});
