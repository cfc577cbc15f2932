// Pure rules (src/core) behind the result panels: normalisation, best epoch, ETA, formatting, CSV/JSON
// export, sorting/filtering and the sweep grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochRecord, RunRecord, TrialRecord } from '../../src/core/record';
import { bestEpoch, bestTrial } from '../../src/core/best';
import { estimateEtaSeconds } from '../../src/core/eta';
import { formatDuration, formatParam } from '../../src/core/format';
import { decodePixels } from '../../src/core/pixels';
import { csvField, historyCsv, metricsJson } from '../../src/core/run-export';
import { sweepGrid } from '../../src/core/sweep-grid';
import { differingRows, matchesFilter, rowNormalise, sortRows } from '../../src/core/table';
import { samplePool } from '../../src/webviews/shared/samples';

const epoch = (n: number, loss: number, valLoss: number | null, valAccuracy: number | null = null): EpochRecord => ({
  epoch: n,
  loss,
  accuracy: 1 - loss,
  valLoss,
  valAccuracy,
  seconds: 2,
  samplesPerSecond: 1000,
});

test('rowNormalise: rows sum to 1, empty rows stay 0', () => {
  assert.deepEqual(
    rowNormalise([
      [3, 1],
      [0, 0],
      [1, 4],
    ]),
    [
      [0.75, 0.25],
      [0, 0],
      [0.2, 0.8],
    ],
  );
});

test('bestEpoch: follows the monitored quantity, first of ties, falls back to loss', () => {
  const h = [epoch(1, 0.5, 0.4, 0.8), epoch(2, 0.3, 0.2, 0.85), epoch(3, 0.2, 0.2, 0.9), epoch(4, 0.1, 0.3, 0.88)];
  assert.equal(bestEpoch(h, 'val_loss'), 2, 'lowest val loss; the tie at epoch 3 keeps epoch 2');
  assert.equal(bestEpoch(h, 'val_accuracy'), 3, 'highest val accuracy');
  assert.equal(bestEpoch(h, 'loss'), 4);
  assert.equal(bestEpoch([epoch(1, 0.5, null), epoch(2, 0.4, null)], 'val_loss'), 2, 'no validation: training loss');
  assert.equal(bestEpoch([], 'val_loss'), null);
});

test('estimateEtaSeconds: mean of the last 5 epochs times what is left', () => {
  assert.equal(
    estimateEtaSeconds({ epochSeconds: [], currentEpochFraction: 0.5, epochsLeftInTrial: 3, laterTrialEpochs: [] }),
    null,
  );
  // 2 s per epoch: half of the current (1 s) + 3 more (6 s) + two later trials of 10 (40 s).
  assert.equal(
    estimateEtaSeconds({
      epochSeconds: [2, 2, 2],
      currentEpochFraction: 0.5,
      epochsLeftInTrial: 3,
      laterTrialEpochs: [10, 10],
    }),
    47,
  );
  // Only the last five count: a slow warm-up epoch (100 s) is forgotten.
  assert.equal(
    estimateEtaSeconds({
      epochSeconds: [100, 1, 1, 1, 1, 1],
      currentEpochFraction: 0,
      epochsLeftInTrial: 0,
      laterTrialEpochs: [],
    }),
    1,
  );
  assert.equal(
    estimateEtaSeconds({ epochSeconds: [3], currentEpochFraction: 7, epochsLeftInTrial: -2, laterTrialEpochs: [] }),
    0,
    'clamped',
  );
});

test('estimateEtaSeconds: trials running side by side share the work left, but the current trial sets a floor', () => {
  // Two workers: (0.5 + 3) + 5.5 + 10 + 10 = 29 epochs over 2 lanes at 2 s = 29 s.
  assert.equal(
    estimateEtaSeconds({
      epochSeconds: [2, 2],
      currentEpochFraction: 0.5,
      epochsLeftInTrial: 3,
      laterTrialEpochs: [10, 10],
      otherRunningEpochs: [5.5],
    }),
    29,
  );
  // Nothing queued and the other worker nearly done: the current trial's 20 epochs remain.
  assert.equal(
    estimateEtaSeconds({
      epochSeconds: [1],
      currentEpochFraction: 0,
      epochsLeftInTrial: 19,
      laterTrialEpochs: [],
      otherRunningEpochs: [0.5],
    }),
    20,
  );
});

test('formatDuration and formatParam', () => {
  assert.equal(formatDuration(42.4), '42 s');
  assert.equal(formatDuration(185), '3 m 05 s');
  assert.equal(formatDuration(3720), '1 h 02 m');
  assert.equal(formatDuration(null), '–');
  assert.equal(formatDuration(Number.NaN), '–');
  assert.equal(formatParam(0.00001), '1e-5');
  assert.equal(formatParam(0.001), '0.001');
  assert.equal(formatParam(64), '64');
  assert.equal(formatParam({ name: 'randomNormal', stddev: 0.05 }), 'randomNormal(stddev=0.05)');
  assert.equal(formatParam('relu'), 'relu');
});

test('csvField quotes commas, quotes and line breaks; blanks nulls and non-finite numbers', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('x\ny'), '"x\ny"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(Number.NaN), '');
  assert.equal(csvField(0.5), '0.5');
});

function trial(
  index: number,
  params: Record<string, unknown>,
  history: EpochRecord[],
  testAccuracy: number | null,
): TrialRecord {
  return {
    index,
    label: Object.entries(params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' · '),
    params,
    status: testAccuracy === null ? 'queued' : 'done',
    config: undefined as never,
    history,
    result:
      testAccuracy === null
        ? null
        : {
            testLoss: 1 - testAccuracy,
            testAccuracy,
            epochsRun: history.length,
            bestEpoch: 1,
            stoppedEarly: false,
            confusionMatrix: [
              [1, 0],
              [0, 1],
            ],
            report: {
              classes: [],
              accuracy: testAccuracy,
              macro: { precision: 1, recall: 1, f1: 1, support: 2 },
              weighted: { precision: 1, recall: 1, f1: 1, support: 2 },
            },
            samples: [{ index: 0, label: 0, predicted: 0, probability: 0.9, pixels: 'AAAA', reason: 'random' }],
            trainSeconds: 3,
            sizes: { train: 10, validation: 2, test: 2 },
            modelPath: null,
          },
    error: null,
    startedAt: null,
    finishedAt: null,
  };
}

function record(trials: TrialRecord[], sweepParameters: string[]): RunRecord {
  return {
    format: 1,
    id: 'run-1',
    experiment: { name: 'Grid, "quoted"', file: null, kind: 'multiclass', description: '' },
    status: 'done',
    quick: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    backend: 'wasm',
    backendNote: null,
    tfjsVersion: null,
    dataset: null,
    environment: { node: '20', platform: 'linux', cpus: 2, cpuModel: 'x', totalMemoryGiB: 4 },
    source: {},
    sweepParameters,
    trials,
    backprop: null,
    error: null,
    wallSeconds: 10,
  };
}

test('historyCsv: one row per trial and epoch with swept values and test metrics', () => {
  const rec = record(
    [
      trial(
        0,
        { 'training.batchSize': 16, 'training.learningRate': 0.001 },
        [epoch(1, 0.5, 0.4, 0.8), epoch(2, 0.25, 0.3, 0.9)],
        0.91,
      ),
      trial(1, { 'training.batchSize': 64, 'training.learningRate': 0.01 }, [epoch(1, 0.6, null)], null),
    ],
    ['training.batchSize', 'training.learningRate'],
  );
  const lines = historyCsv(rec).split('\r\n');
  assert.equal(lines.at(-1), '', 'ends with a line break');
  assert.equal(
    lines[0],
    'run,trial,label,training.batchSize,training.learningRate,epoch,loss,accuracy,val_loss,val_accuracy,seconds,samples_per_second,test_loss,test_accuracy,best_epoch',
  );
  assert.equal(lines.length, 5, 'header + 3 epoch rows + trailing empty');
  assert.equal(
    lines[2],
    'run-1,0,training.batchSize=16 · training.learningRate=0.001,16,0.001,2,0.25,0.75,0.3,0.9,2,1000,0.08999999999999997,0.91,1',
  );
  assert.equal(
    lines[3],
    'run-1,1,training.batchSize=64 · training.learningRate=0.01,64,0.01,1,0.6,0.4,,,2,1000,,,',
    'missing values are empty',
  );
});

test('metricsJson: history and results without pixels', () => {
  const rec = record([trial(0, {}, [epoch(1, 0.5, 0.4, 0.8)], 0.9)], []);
  const parsed = JSON.parse(metricsJson(rec)) as {
    trials: Array<{ result: Record<string, unknown>; history: unknown[] }>;
    experiment: string;
  };
  assert.equal(parsed.experiment, 'Grid, "quoted"');
  assert.equal(parsed.trials[0].history.length, 1);
  assert.equal(parsed.trials[0].result.testAccuracy, 0.9);
  assert.deepEqual(parsed.trials[0].result.confusionMatrix, [
    [1, 0],
    [0, 1],
  ]);
  assert.equal('samples' in parsed.trials[0].result, false, 'pixels are not metrics');
});

test('bestTrial, sortRows and matchesFilter', () => {
  const rows = [
    { index: 0, result: { testAccuracy: 0.9, testLoss: 0.3 } },
    { index: 1, result: null },
    { index: 2, result: { testAccuracy: 0.95, testLoss: 0.2 } },
    { index: 3, result: { testAccuracy: 0.95, testLoss: 0.1 } },
  ];
  assert.equal(bestTrial(rows)?.index, 3, 'equal accuracy: lower loss wins');
  assert.equal(bestTrial([{ index: 0, result: null }]), undefined);
  const acc = (r: (typeof rows)[number]) => r.result?.testAccuracy ?? null;
  assert.deepEqual(
    sortRows(rows, acc, true).map((r) => r.index),
    [2, 3, 0, 1],
    'descending, stable, unfinished last',
  );
  assert.deepEqual(
    sortRows(rows, acc, false).map((r) => r.index),
    [0, 2, 3, 1],
    'ascending, unfinished still last',
  );
  assert.deepEqual(
    sortRows(['b10', 'b9', 'a'], (s) => s, false),
    ['a', 'b9', 'b10'],
    'numeric-aware text order',
  );
  assert.equal(matchesFilter('heNormal relu 99.1 %', 'relu HENORMAL'), true);
  assert.equal(matchesFilter('heNormal relu', 'relu tanh'), false);
  assert.equal(matchesFilter('anything', '   '), true);
});

test('sweepGrid: values in sweep order, mean over repeats, empty cells null', () => {
  const t = (index: number, a: string, b: number, acc: number | null) => ({
    index,
    params: { a, b },
    result: acc === null ? null : { testAccuracy: acc },
  });
  const grid = sweepGrid(
    [t(0, 'relu', 4, 0.9), t(1, 'relu', 16, 0.8), t(2, 'tanh', 4, null), t(3, 'tanh', 16, 0.7), t(4, 'tanh', 16, 0.5)],
    'a',
    'b',
  );
  assert.deepEqual(grid.rows, ['relu', 'tanh']);
  assert.deepEqual(grid.cols, ['4', '16']);
  assert.equal(grid.cells[0][0].value, 0.9);
  assert.equal(grid.cells[1][0].value, null, 'unfinished trial');
  const repeats = grid.cells[1][1];
  assert.deepEqual([repeats.trials, repeats.n], [[3, 4], 2], 'repeats averaged');
  assert.ok(Math.abs(repeats.value! - 0.6) < 1e-12);
  assert.ok(Math.abs(repeats.std - Math.SQRT2 * 0.1) < 1e-12, 'sample std of 0.7 and 0.5');
  // A trial successive halving stopped after fewer epochs does not enter its cell's mean.
  const halved = sweepGrid(
    [
      { ...t(0, 'relu', 4, 0.9), rung: { state: 'completed' } },
      { ...t(1, 'relu', 4, 0.2), rung: { state: 'stopped' } },
    ],
    'a',
    'b',
  );
  assert.deepEqual([halved.cells[0][0].value, halved.cells[0][0].n, halved.cells[0][0].trials], [0.9, 1, [0, 1]]);
});

test('decodePixels and samplePool', () => {
  const px = Buffer.alloc(784, 7).toString('base64');
  assert.equal(decodePixels(px)[783], 7);
  assert.throws(() => decodePixels('AAAA'), /expected 784/);
  const s = (index: number, label: number, predicted: number, reason: 'random' | 'cell') => ({
    index,
    label,
    predicted,
    probability: 0.5,
    pixels: px,
    reason,
  });
  const samples = [
    s(1, 5, 5, 'random'),
    s(2, 5, 8, 'random'),
    s(2, 5, 8, 'cell'),
    s(3, 8, 5, 'cell'),
    s(4, 8, 8, 'cell'),
  ];
  const more = [s(9, 8, 8, 'cell'), ...samples];
  assert.deepEqual(
    samplePool(more, false).map((x) => x.index),
    [1, 2, 9, 3, 4],
    'random draws first, then cell examples, each once',
  );
  assert.deepEqual(
    samplePool(samples, true).map((x) => x.index),
    [2, 3],
    'every wrong one, once',
  );
});

test('differingRows', () => {
  assert.deepEqual(
    differingRows([
      ['a', 'a'],
      ['a', 'b'],
      ['a', null],
      [null, null],
    ]),
    [false, true, false, false],
  );
});
