// The best trial and the best epoch: one rule each (src/core/best.ts), asked by every view
// that marks a "best" and by the trainer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestEpoch, bestTrial, compareTrials, improves, rankTrials } from '../../src/core/best';
import type { EpochRecord, RunRecord, TrialRecord } from '../../src/core/record';
import { summary } from '../../src/cli/format';
import { runDescription } from '../../src/extension/runs/run-format';
import { representativeTrial } from '../../src/extension/panels/compare/summary';

const scored = (index: number, testAccuracy: number, testLoss: number) => ({
  index,
  result: { testAccuracy, testLoss },
});

test('bestTrial: highest test accuracy wins', () => {
  assert.equal(bestTrial([scored(0, 0.9, 0.1), scored(1, 0.95, 0.5), scored(2, 0.93, 0.01)])?.index, 1);
});

test('bestTrial: equal accuracy goes to the lower test loss, whatever the order', () => {
  assert.equal(bestTrial([scored(0, 0.95, 0.2), scored(1, 0.95, 0.1)])?.index, 1);
  assert.equal(bestTrial([scored(1, 0.95, 0.1), scored(0, 0.95, 0.2)])?.index, 1);
});

test('bestTrial: equal accuracy and loss go to the earlier trial', () => {
  assert.equal(bestTrial([scored(3, 0.9, 0.2), scored(2, 0.9, 0.2)])?.index, 2);
});

test('bestTrial: unfinished trials are skipped; none finished gives undefined', () => {
  assert.equal(bestTrial([{ index: 0, result: null }, scored(1, 0.5, 1)])?.index, 1);
  assert.equal(bestTrial([{ index: 0, result: null }]), undefined);
  assert.equal(bestTrial([]), undefined);
});

test('bestTrial: a NaN accuracy ranks last, a NaN loss loses the tie', () => {
  assert.equal(bestTrial([scored(0, NaN, 0), scored(1, 0.1, 9)])?.index, 1);
  assert.equal(bestTrial([scored(0, 0.9, NaN), scored(1, 0.9, 9)])?.index, 1);
});

test('rankTrials and compareTrials: a total order, best first, unfinished left out', () => {
  const trials = [
    scored(0, 0.9, 0.3),
    { index: 1, result: null },
    scored(2, 0.95, 0.2),
    scored(3, 0.95, 0.1),
    scored(4, 0.9, 0.3),
  ];
  assert.deepEqual(
    rankTrials(trials).map((t) => t.index),
    [3, 2, 0, 4],
  );
  assert.ok(compareTrials(scored(0, 0.9, 0.1), scored(1, 0.8, 0.1)) < 0);
  assert.ok(compareTrials(scored(1, 0.8, 0.1), scored(0, 0.9, 0.1)) > 0);
});

const epoch = (
  n: number,
  loss: number,
  valLoss: number | null,
  valAccuracy: number | null = null,
  accuracy = 1 - loss,
): EpochRecord => ({
  epoch: n,
  loss,
  accuracy,
  valLoss,
  valAccuracy,
  seconds: 1,
  samplesPerSecond: 100,
});

test('bestEpoch: lowest loss or highest accuracy of the monitored quantity; a tie keeps the earlier epoch', () => {
  const h = [epoch(1, 0.5, 0.4, 0.8), epoch(2, 0.4, 0.3, 0.85), epoch(3, 0.3, 0.3, 0.9), epoch(4, 0.2, 0.35, 0.88)];
  assert.equal(bestEpoch(h, 'val_loss'), 2);
  assert.equal(bestEpoch(h, 'val_accuracy'), 3);
  assert.equal(bestEpoch(h, 'loss'), 4);
  assert.equal(bestEpoch(h, 'accuracy'), 4);
  assert.equal(bestEpoch(h), 2, 'val_loss by default');
});

test('bestEpoch: minDelta, as in early stopping, ignores improvements that are too small', () => {
  const h = [epoch(1, 0.5, 0.4), epoch(2, 0.4, 0.395), epoch(3, 0.3, 0.38)];
  assert.equal(bestEpoch(h, 'val_loss', 0), 3);
  assert.equal(bestEpoch(h, 'val_loss', 0.01), 3, '0.4 → 0.38 is more than 0.01');
  assert.equal(bestEpoch(h, 'val_loss', 0.05), 1, 'no step improves on epoch 1 by more than 0.05');
});

test('bestEpoch: without a validation set the training loss decides, even for a val_accuracy monitor', () => {
  assert.equal(bestEpoch([epoch(1, 0.5, null), epoch(2, 0.4, null), epoch(3, 0.45, null)], 'val_loss'), 2);
  assert.equal(
    bestEpoch([epoch(1, 0.5, null), epoch(2, 0.4, null)], 'val_accuracy'),
    2,
    'falls back to the lowest loss, not the highest',
  );
});

test('bestEpoch: non-finite values are skipped; empty or all-NaN history gives null', () => {
  assert.equal(bestEpoch([epoch(1, NaN, NaN), epoch(2, 0.4, 0.5), epoch(3, 0.3, Infinity)]), 2);
  assert.equal(bestEpoch([epoch(1, NaN, NaN)]), null);
  assert.equal(bestEpoch([]), null);
});

test('improves: Keras semantics, an infinite loss never counts and an equal value is no improvement', () => {
  assert.equal(improves(0.5, null, 'val_loss'), true);
  assert.equal(improves(Infinity, null, 'val_loss'), false);
  assert.equal(improves(0.5, 0.5, 'val_loss'), false);
  assert.equal(improves(0.9, 0.8, 'val_accuracy'), true);
  assert.equal(improves(0.805, 0.8, 'val_accuracy', 0.01), false);
});

function trial(index: number, testAccuracy: number, testLoss: number): TrialRecord {
  const macro = { precision: testAccuracy, recall: testAccuracy, f1: testAccuracy, support: 10 };
  return {
    index,
    label: `trial ${index}`,
    params: {},
    status: 'done',
    config: { data: { classNames: ['5', '8'] }, training: { epochs: 1 } } as never,
    history: [epoch(1, testLoss, testLoss)],
    result: {
      testLoss,
      testAccuracy,
      epochsRun: 1,
      bestEpoch: 1,
      stoppedEarly: false,
      confusionMatrix: [
        [5, 0],
        [0, 5],
      ],
      report: { classes: [], accuracy: testAccuracy, macro, weighted: macro },
      samples: [],
      trainSeconds: 1,
      sizes: { train: 10, validation: 0, test: 10 },
      modelPath: null,
    },
    error: null,
    startedAt: null,
    finishedAt: null,
  };
}

test('the CLI summary, the tree and the compare panel name the same best trial on a tie', () => {
  const record = {
    id: 'r',
    status: 'done',
    quick: false,
    experiment: { name: 'Grid', file: null, kind: 'binary', description: '' },
    backend: 'cpu',
    wallSeconds: 1,
    sweepParameters: [],
    trials: [trial(0, 0.95, 0.3), trial(1, 0.95, 0.1), trial(2, 0.9, 0.05)],
  } as unknown as RunRecord;
  assert.match(summary(record, '/runs/r'), /best trial: trial 1 — test accuracy 95\.00 %/);
  assert.equal(representativeTrial(record)?.index, 1);
  assert.equal(runDescription(record), '3 trials · best 95.00 %');
});
