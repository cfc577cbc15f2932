// What the panel controllers send to the webviews, derived from a run record: slim shapes,
// sensible fallbacks for records without a config, and when a re-send is worth it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord, TrialRecord } from '../../src/core/record';
import { resultsKey, runHeader, trialSummary } from '../../src/extension/panels/shared/summaries';
import { compareEntry, representativeTrial } from '../../src/extension/panels/compare/summary';
import { trialDetail } from '../../src/extension/panels/results/summary';
import { testLayer, testResult } from '../helpers';

function trial(index: number, acc: number | null, extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    index,
    label: `t${index}`,
    params: { 'training.batchSize': 16 * (index + 1) },
    status: acc === null ? 'running' : 'done',
    config: undefined as never,
    history: [
      { epoch: 1, loss: 0.5, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.75, seconds: 1, samplesPerSecond: 100 },
    ],
    result:
      acc === null
        ? null
        : testResult(acc, {
            testLoss: 1 - acc,
            confusionMatrix: [
              [3, 1],
              [0, 4],
            ],
            report: {
              classes: [
                { label: '5', precision: 1, recall: 0.75, f1: 0.86, support: 4 },
                { label: '8', precision: 0.8, recall: 1, f1: 0.89, support: 4 },
              ],
              accuracy: acc,
              macro: { precision: 0.9, recall: 0.875, f1: 0.87, support: 8 },
              weighted: { precision: 0.9, recall: 0.875, f1: 0.87, support: 8 },
            },
            trainSeconds: 2,
            sizes: { train: 10, validation: 2, test: 8 },
          }),
    error: null,
    startedAt: null,
    finishedAt: null,
    ...extra,
  };
}

const record = (trials: TrialRecord[]): RunRecord => ({
  format: 1,
  id: 'r',
  experiment: { name: 'E', file: null, kind: 'binary', description: 'd' },
  status: 'running',
  quick: false,
  createdAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
  backend: 'cpu',
  backendNote: null,
  tfjsVersion: null,
  dataset: null,
  environment: { node: '20', platform: 'linux', cpus: 2, cpuModel: 'x', totalMemoryGiB: 4 },
  source: {},
  sweepParameters: ['training.batchSize'],
  trials,
  backprop: null,
  error: null,
  wallSeconds: null,
});

test('trialDetail without a config: class names from the report, defaults elsewhere', () => {
  const d = trialDetail(trial(0, 0.875));
  assert.deepEqual(d.classNames, ['5', '8']);
  assert.deepEqual(d.confusionMatrix, [
    [3, 1],
    [0, 4],
  ]);
  assert.equal(d.monitor, 'val_loss');
  assert.deepEqual(d.config, {});
  assert.equal(d.result?.testAccuracy, 0.875);
  assert.equal('samples' in (trialSummary(trial(0, 0.9)) as object), false, 'summaries carry no pixels');
});

test('representativeTrial and compareEntry pick the best finished trial', () => {
  const r = record([trial(0, 0.8), trial(1, 0.9), trial(2, null)]);
  assert.equal(representativeTrial(r)?.index, 1);
  assert.equal(compareEntry('/runs/r', r)?.trial.index, 1);
  assert.equal(representativeTrial(record([trial(0, null)]))?.index, 0, 'nothing finished: the first');
  assert.equal(compareEntry('/runs/r', record([])), undefined);
  assert.equal(runHeader('/runs/r', r).trialCount, 3);
});

test('the header names the backend, with the threads when a trial split its batches', () => {
  assert.equal(runHeader('/r', record([trial(0, 0.9), trial(1, null)])).backend, 'cpu');
  const threaded = trial(1, 0.95);
  threaded.result!.threads = 2;
  assert.equal(runHeader('/r', record([trial(0, 0.9), threaded])).backend, 'cpu × 2 threads');
});

test('resultsKey ignores new epochs but not new results', () => {
  const r = record([trial(0, 0.8), trial(1, null)]);
  const before = resultsKey(r);
  r.trials[1].history.push({
    epoch: 2,
    loss: 0.4,
    accuracy: 0.85,
    valLoss: 0.5,
    valAccuracy: 0.8,
    seconds: 1,
    samplesPerSecond: 100,
  });
  assert.equal(resultsKey(r), before, 'an epoch does not rebuild the sweep or results panel');
  r.trials[1] = trial(1, 0.95);
  assert.notEqual(resultsKey(r), before, 'a finished trial does');
});

test('panels that overlay many trials get thinned curves and only the network measures they show', () => {
  const layer = testLayer();
  const history = Array.from({ length: 1000 }, (_, i) => ({
    epoch: i + 1,
    loss: 1 / (i + 1),
    accuracy: 1 - 1 / (i + 2),
    valLoss: 1 / (i + 1) + (i === 700 ? 1 : 0),
    valAccuracy: 0.9,
    seconds: 1,
    samplesPerSecond: 100,
    dynamics: { layers: [layer] },
  }));
  const base = trial(0, 0.9);
  const finished = { ...base, history, result: { ...base.result!, bestEpoch: 412, epochsRun: 1000 } };

  // A trial's own panels: everything.
  assert.deepEqual(trialSummary(finished).history, history);
  // The sweep panel: ~300 epochs, the best one and the spike kept, measures at the best epoch only.
  const sweep = trialSummary(finished, { maxEpochs: 300, dynamics: 'best' }).history;
  assert.ok(sweep.length <= 302 && sweep.length > 100, `${sweep.length} epochs`);
  assert.ok(sweep.some((e) => e.epoch === 701) && sweep.some((e) => e.epoch === 1000));
  assert.deepEqual(
    sweep.filter((e) => e.dynamics).map((e) => e.epoch),
    [412],
  );
  // The compare panel: no measures at all.
  assert.equal(
    trialSummary(finished, { maxEpochs: 300, dynamics: 'none' }).history.filter((e) => e.dynamics).length,
    0,
  );
  // A trial still running is sent whole: its panel counts the epochs from the history.
  const running = { ...trial(1, null), history };
  assert.equal(trialSummary(running, { maxEpochs: 300, dynamics: 'best' }).history.length, 1000);
  // Without a best epoch's measures, the last recorded ones (what dynamicsAtBest shows).
  const noneAtBest = {
    ...finished,
    history: history.map((e) => (e.epoch === 412 ? { ...e, dynamics: undefined } : e)),
  };
  const shown = trialSummary(noneAtBest, { maxEpochs: 300, dynamics: 'best' }).history.filter((e) => e.dynamics);
  assert.deepEqual(
    shown.map((e) => e.epoch),
    [1000],
  );
});
