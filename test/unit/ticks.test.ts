import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTick, tickStep } from '../../src/core/ticks';

test('evenly spaced ticks print round, as the step resolves them', () => {
  const chartJs = [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1];
  const step = tickStep(chartJs);
  assert.deepEqual(
    chartJs.map((v) => formatTick(v, step)),
    ['0', '0.2', '0.4', '0.6', '0.8', '1'],
  );
  assert.equal(formatTick(0.30000000000000004, 0.1), '0.3');
  assert.equal(formatTick(1.8000000000000003, 0.2), '1.8');
  assert.equal(formatTick(0.25, 0.05), '0.25');
  assert.equal(formatTick(12.5, 2.5), '12.5');
});

test('large and tiny values use a notation for their scale', () => {
  assert.equal(formatTick(3.1999999999999995e6, 2e5), '3.2e6');
  assert.equal(formatTick(399999.99999999994), '400,000');
  assert.equal(formatTick(1e-5), '1e-5');
  assert.equal(formatTick(0.00001 * 3), '3e-5');
  assert.equal(formatTick(16 / 0.001), '16,000');
  assert.equal(formatTick(1600), '1600');
  assert.equal(formatTick(-0.4000000000000001, 0.2), '-0.4');
});

test('no tick text carries floating-point noise', () => {
  for (let i = 0; i < 200; i++) {
    const step = [0.1, 0.2, 0.05, 0.25, 0.5, 2e5][i % 6]!;
    let v = 0;
    for (let k = 0; k < i % 17; k++) v += step;
    const text = formatTick(v, step);
    assert.doesNotMatch(text, /\d{6,}|0000000|9999999/, `${v} → ${text}`);
  }
});

test('tickStep is the smallest positive gap', () => {
  assert.equal(tickStep([1]), undefined);
  assert.equal(tickStep([0, 0.5, 1, 1]), 0.5);
});
