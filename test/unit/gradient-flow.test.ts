// The gradient-flow rules every view shares: series per layer, the vanishing and dead-unit
// verdicts at their thresholds, and the summary sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochDynamics, LayerDynamics } from '../../src/core/dynamics';
import {
  DEAD_SHARE,
  flowVerdict,
  gradientFlowSentence,
  gradientSeries,
  VANISHING_RATIO,
} from '../../src/core/gradient-flow';
import { testLayer } from '../helpers';

const layer = (gradKernel: number, dead: number | null = null, saturated: number | null = null): LayerDynamics =>
  testLayer({ gradKernel, gradBias: 0, updateRatio: 0, histogram: [1], dead, saturated });
const dyn = (...layers: LayerDynamics[]): EpochDynamics => ({ layers });

test('series: one array per layer over the recorded epochs; epochs without dynamics are skipped', () => {
  const s = gradientSeries([
    { epoch: 1, dynamics: dyn(layer(0.5), layer(0.1)) },
    { epoch: 2 },
    { epoch: 3, dynamics: dyn(layer(0.25), layer(0.2)) },
  ]);
  assert.deepEqual(s, {
    epochs: [1, 3],
    layers: [
      [0.5, 0.25],
      [0.1, 0.2],
    ],
  });
});

test('vanishing below VANISHING_RATIO × the output layer, not at it', () => {
  assert.equal(flowVerdict(1, dyn(layer(VANISHING_RATIO * 0.99), layer(0.5), layer(1)))!.vanishing, true);
  assert.equal(flowVerdict(1, dyn(layer(VANISHING_RATIO), layer(0.5), layer(1)))!.vanishing, false);
  assert.equal(flowVerdict(1, dyn(layer(0.3), layer(1)))!.firstToLast, 0.3);
});

test('dead and saturated: the worst hidden layer counts, the output layer never does', () => {
  const v = flowVerdict(2, dyn(layer(1, 0.02), layer(1, DEAD_SHARE), layer(1, 0.9)))!;
  assert.equal(v.dead, DEAD_SHARE);
  assert.equal(v.hasDead, true);
  assert.equal(v.saturated, null);
  const s = flowVerdict(2, dyn(layer(1, null, 0.05), layer(1, null, 0.02), layer(1)))!;
  assert.equal(s.saturated, 0.05);
  assert.equal(s.saturates, false);
  assert.equal(flowVerdict(1, dyn(layer(1))), null, 'one layer has no flow to judge');
});

test('the summary sentence says what the last recorded epoch shows', () => {
  assert.equal(gradientFlowSentence([]), 'No training dynamics recorded yet.');
  const text = gradientFlowSentence([{ epoch: 4, dynamics: dyn(layer(0.001, 0.25), layer(0.1)) }]);
  assert.match(
    text,
    /^Epoch 4: the first layer's gradient norm is 1\.00e-3, 0\.01 times the output layer's \(vanishing: below a tenth\); up to 25 % of a ReLU layer's units are dead\.$/,
  );
});
