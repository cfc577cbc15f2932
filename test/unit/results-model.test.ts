// What the results panel gets for its inside view: the model summary and how pixels became
// inputs (recorded, or known for divide255, else null so "Draw a digit" says why it is off).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trialDetail } from '../../src/extension/panels/results/summary';
import type { TrialRecord } from '../../src/core/record';
import { testResult, trialOf } from '../helpers';

function record(normalization: 'minmax' | 'divide255', inputScaling?: { scale: number; offset: number }): TrialRecord {
  const config = trialOf({
    kind: 'multiclass',
    data: { normalization },
    model: { hidden: [{ units: 128 }, { units: 64 }, { units: 32 }] },
  });
  return {
    index: 0,
    label: 'x',
    params: {},
    status: 'done',
    config,
    history: [],
    result: testResult(1, {
      testLoss: 0,
      ...(inputScaling ? { inputScaling } : {}),
    }),
    error: null,
    startedAt: null,
    finishedAt: null,
  };
}

test('the summary counts as Keras does and the recorded scaling is passed on', () => {
  const d = trialDetail(record('minmax', { scale: 0.5, offset: -1 }));
  assert.equal(d.modelSummary?.total, 111_146);
  assert.deepEqual(d.inputScaling, { scale: 0.5, offset: -1 });
  assert.deepEqual(d.layerActivations, ['relu', 'relu', 'relu', 'softmax']);
});

test('older runs: divide255 is known without the data; minmax is not', () => {
  assert.deepEqual(trialDetail(record('divide255')).inputScaling, { scale: 1 / 255, offset: 0 });
  assert.equal(trialDetail(record('minmax')).inputScaling, null);
});
