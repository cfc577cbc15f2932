// The sweep table as CSV: every hyperparameter, seed, status (with the rung), metric and time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trialsCsv } from '../../src/core/run-export';
import { resolveExperiment } from '../../src/experiments/resolve';
import { RUN_FORMAT, type RunRecord, type TrialRecord } from '../../src/core/record';
import type { ExperimentFile } from '../../src/core/schema';
import { testResult } from '../helpers';

test('trialsCsv: one row per trial with params, seed, configuration, halving status and metrics', () => {
  const file = {
    name: 'x',
    kind: 'multiclass',
    model: { hidden: [{ units: 4 }] },
    training: { epochs: 3, seed: 10 },
    sweep: { 'training.learningRate': [0.01, 0.001] },
    search: { repeats: 2, halving: { minEpochs: 1, maxEpochs: 3 } },
  } as unknown as ExperimentFile;
  const experiment = resolveExperiment(file, null);
  const epoch = (n: number, v: number) => ({
    epoch: n,
    loss: 1,
    accuracy: 0.5,
    valLoss: v,
    valAccuracy: 1 - v,
    seconds: 1,
    samplesPerSecond: 1,
  });
  const trials: TrialRecord[] = experiment.trials.map((c, i) => ({
    index: i,
    label: c.label,
    params: c.params,
    status: 'done',
    config: c,
    history: i < 2 ? [epoch(1, 0.5), epoch(2, 0.3), epoch(3, 0.4)] : [epoch(1, 0.9)],
    result: testResult(0.9 - i / 10, {
      testLoss: 0.2,
      epochsRun: i < 2 ? 3 : 1,
      bestEpoch: i < 2 ? 2 : 1,
      report: {
        classes: [],
        accuracy: 0,
        macro: { precision: 0, recall: 0, f1: 0.8, support: 1 },
        weighted: { precision: 0, recall: 0, f1: 0, support: 1 },
      },
      trainSeconds: 2.5,
    }),
    error: null,
    startedAt: 's',
    finishedAt: 'f',
    rung:
      i < 2
        ? { rung: 1, epochs: 3, state: 'completed', promotions: [0], value: 0.3 }
        : { rung: 0, epochs: 1, state: 'stopped', promotions: [], value: 0.9 },
  }));
  const record = {
    format: RUN_FORMAT,
    id: 'run1',
    sweepParameters: experiment.sweepParameters,
    trials,
  } as unknown as RunRecord;
  const lines = trialsCsv(record)
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));
  assert.deepEqual(lines[0].slice(0, 11), [
    'run',
    'trial',
    'label',
    'training.learningRate',
    'seed',
    'configuration',
    'status',
    'rung',
    'rung_epochs',
    'epochs_run',
    'best_epoch',
  ]);
  assert.equal(lines.length, 5);
  const col = (name: string) => lines[0].indexOf(name);
  assert.deepEqual(
    lines.slice(1).map((l) => [l[col('training.learningRate')], l[col('seed')], l[col('configuration')]]),
    [
      ['0.01', '10', '0'],
      ['0.01', '11', '0'],
      ['0.001', '10', '1'],
      ['0.001', '11', '1'],
    ],
  );
  assert.equal(lines[3][col('status')], 'stopped at rung 0 (1 ep)');
  assert.equal(lines[1][col('status')], 'done');
  assert.equal(lines[1][col('best_val_loss')], '0.3');
  assert.equal(lines[3][col('test_accuracy')], String(0.9 - 2 / 10));
  assert.equal(lines[1][col('train_seconds')], '2.5');
});
