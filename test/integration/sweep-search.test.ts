// Successive halving and repeats on real training: small MNIST slices, trainer processes, run.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveExperiment } from '../../src/experiments/resolve';
import { startRun } from '../../src/runs/controller';
import { readRun } from '../../src/runs/store';
import { bestTrial } from '../../src/core/best';
import { rungValue } from '../../src/core/halving';
import { configurationRanking } from '../../src/core/repeats';
import type { ExperimentFile } from '../../src/core/schema';
import type { RunRecord } from '../../src/core/record';
import { TRAINER, tempDir } from '../helpers';

const halvingFile = (asynchronous: boolean): ExperimentFile => ({
  name: 'halving',
  kind: 'multiclass',
  data: { normalization: 'divide255', limit: { train: 2000, test: 500 } },
  model: { hidden: [{ units: 16 }] },
  training: { batchSize: 32, epochs: 9, seed: 5, earlyStopping: false },
  sweep: { 'training.learningRate': [0.3, 0.03, 0.003, 0.0003, 0.00003], 'training.batchSize': [16, 64] },
  search: { halving: { minEpochs: 1, maxEpochs: 9, eta: 3, asynchronous } },
  dynamics: false,
  evaluation: { samples: 0 },
});

async function run(file: ExperimentFile, workers: number): Promise<RunRecord> {
  const experiment = resolveExperiment(file, null);
  const handle = startRun(experiment, file, { runsRoot: tempDir(), trainerPath: TRAINER, backend: 'wasm', workers });
  const record = await handle.done;
  // What readers get is what was kept in memory.
  assert.deepEqual((await readRun(handle.runDir)).search, record.search);
  assert.deepEqual(
    JSON.parse(readFileSync(path.join(handle.runDir, 'run.json'), 'utf8')).trials.map((t: { rung: unknown }) => t.rung),
    record.trials.map((t) => t.rung),
  );
  return record;
}

test('successive halving on real training: 10 → 3 → 1, stopped trials are not failures, the budget is what was trained', async () => {
  const record = await run(halvingFile(false), 2);
  assert.equal(record.status, 'done', record.error ?? '');
  const s = record.search!;
  assert.deepEqual(s.halving!.budgets, [1, 3, 9]);
  const byRung = [0, 1, 2].map((k) => record.trials.filter((t) => t.rung!.rung === k).length);
  assert.deepEqual(byRung, [7, 2, 1]);
  for (const t of record.trials) {
    assert.equal(t.status, 'done');
    assert.equal(t.error, null);
    assert.equal(t.history.length, s.halving!.budgets[t.rung!.rung], `${t.label} trained as far as its rung`);
    assert.equal(t.rung!.state, t.rung!.rung === 2 ? 'completed' : 'stopped');
    // The value each rung compared is the trial's own best validation loss so far.
    assert.equal(t.rung!.value, rungValue(t.history, 'val_loss'));
  }
  // A promoted trial is trained again from its seed, so its epochs are paid at every rung.
  assert.equal(s.epochsSpent, 10 * 1 + 3 * 3 + 1 * 9);
  // The three promoted to rung 1 were the best three after one epoch (their rung-0 values are
  // those of their first epoch, which the replay reproduces exactly).
  const firstEpoch = record.trials
    .map((t) => ({ i: t.index, v: t.history[0].valLoss! }))
    .sort((a, b) => a.v - b.v || a.i - b.i);
  assert.deepEqual(
    new Set(s.promotions.filter((p) => p.to === 1).map((p) => p.configuration)),
    new Set(firstEpoch.slice(0, 3).map((x) => x.i)),
  );
  const top = record.trials.find((t) => t.rung!.rung === 2)!;
  assert.equal(s.pick, top.index);
  assert.equal(bestTrial(record.trials)?.index, top.index, 'a trial stopped at a rung is never the best trial');
  assert.ok(top.result!.testAccuracy > 0.8, `the pick reaches ${top.result!.testAccuracy}`);
});

test('synchronous halving promotes the same trials with one worker as with two', async () => {
  const two = await run(halvingFile(false), 2);
  const one = await run(halvingFile(false), 1);
  const key = (r: RunRecord) => ({
    promotions: [...r.search!.promotions].sort((a, b) => a.to - b.to || a.configuration - b.configuration),
    pick: r.search!.pick,
    values: r.trials.map((t) => t.rung!.value),
  });
  assert.deepEqual(key(one), key(two));
});

test('asynchronous halving with two workers ends with every trial stopped or completed and one trained to the full budget', async () => {
  const record = await run(halvingFile(true), 2);
  assert.equal(record.status, 'done', record.error ?? '');
  assert.ok(record.trials.every((t) => t.rung!.state === 'stopped' || t.rung!.state === 'completed'));
  assert.ok(record.trials.some((t) => t.rung!.rung === 2));
  assert.ok(record.search!.epochsSpent < 10 * 9 * 0.5);
});

test('repeats: every configuration trained with the same consecutive seeds, ranked by mean with a verdict against the best', async () => {
  const file: ExperimentFile = {
    ...halvingFile(false),
    name: 'repeats',
    training: { batchSize: 32, epochs: 1, seed: 5, earlyStopping: false },
    sweep: { 'training.learningRate': [0.003, 0.00003] },
    search: { repeats: 3 },
  };
  const record = await run(file, 2);
  assert.equal(record.status, 'done', record.error ?? '');
  assert.deepEqual(
    record.trials.map((t) => [t.config.configuration, t.config.training.seed]),
    [
      [0, 5],
      [0, 6],
      [0, 7],
      [1, 5],
      [1, 6],
      [1, 7],
    ],
  );
  const ranked = configurationRanking(record.trials);
  assert.equal(ranked[0].configuration, 0, 'lr 0.003 beats 3e-5 after one epoch');
  assert.equal(ranked[0].spread.n, 3);
  assert.ok(ranked[0].spread.std > 0, 'seeds differ');
  assert.equal(ranked[1].test, 'paired');
  assert.equal(ranked[1].distinguishableFromBest, true);
  const accs = record.trials.slice(0, 3).map((t) => t.result!.testAccuracy);
  assert.ok(Math.abs(ranked[0].spread.mean - accs.reduce((a, b) => a + b) / 3) < 1e-12);
  assert.equal(record.search!.epochsSpent, 6);
});
