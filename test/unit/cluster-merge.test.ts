// Merging trial records, on records built in memory (the real training path is in
// test/integration/cluster-trials.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveExperiment } from '../../src/experiments/resolve';
import type { ExperimentFile } from '../../src/core/schema';
import type { RunRecord, RunStatus, TrialRecord } from '../../src/core/record';
import { MergeError, mergeTrialRecords, rerunCommand } from '../../src/cluster/merge';
import {
  findRecordFiles,
  formatRecordProblem,
  readTrialRecords,
  type FoundRecord,
} from '../../src/cluster/trial-records';
import { sweepPartOf } from '../../src/cluster/trial-run';
import { FIXTURES, tempDir, testResult } from '../helpers';

const FILE = path.join(FIXTURES, 'tiny-sweep.mnistexp.json');
const SOURCE = JSON.parse(readFileSync(FILE, 'utf8')) as ExperimentFile;

function trialRecordOf(
  indices: number[],
  status: RunStatus = 'done',
  at = '2026-01-01T00:00:00.000Z',
  opts: { quick?: boolean; seed?: number | null; source?: ExperimentFile } = {},
): RunRecord {
  const source = opts.source ?? SOURCE;
  const experiment = resolveExperiment(source, FILE, { quick: opts.quick, seed: opts.seed ?? undefined });
  const trials: TrialRecord[] = indices.map((i) => {
    const t = experiment.trials[i];
    return {
      index: i,
      label: t.label,
      params: t.params,
      status,
      config: t,
      history: [
        {
          epoch: 1,
          loss: 1 / (i + 2),
          accuracy: 0.5,
          valLoss: 0.4,
          valAccuracy: 0.6,
          seconds: 1,
          samplesPerSecond: 100,
        },
      ],
      result:
        status === 'done'
          ? testResult((80 + i) / 100, {
              testLoss: 0.3,
              report: {
                classes: [],
                accuracy: 0.8,
                macro: { precision: 1, recall: 1, f1: 1, support: 1 },
                weighted: { precision: 1, recall: 1, f1: 1, support: 1 },
              },
            })
          : null,
      error: status === 'failed' ? 'out of memory' : null,
      startedAt: at,
      finishedAt: status === 'running' ? null : at,
    };
  });
  return {
    format: 1,
    id: `id-${indices.join('-')}-${at}`,
    experiment: { name: experiment.name, file: FILE, kind: experiment.kind, description: experiment.description },
    status: status === 'running' ? 'running' : status,
    quick: opts.quick ?? false,
    createdAt: at,
    finishedAt: status === 'running' ? null : at,
    backend: 'wasm',
    backendNote: 'test',
    tfjsVersion: '4.22.0',
    dataset: null,
    environment: { node: 'v20', platform: 'linux x64', cpus: 2, cpuModel: 'test', totalMemoryGiB: 1 },
    source,
    sweepParameters: experiment.sweepParameters,
    trials,
    backprop: null,
    error: null,
    wallSeconds: 1,
    sweepPart: sweepPartOf({
      experiment,
      source,
      quick: opts.quick ?? false,
      seed: opts.seed ?? null,
      indexFrom: `--trial ${indices.join(',')}`,
    }),
  };
}

const found = (record: RunRecord, file = `/records/${record.id}/run.json`): FoundRecord => ({ file, record });

test('four single-trial records merge into a done sweep with the trials in index order and no sweepPart', () => {
  const outcome = mergeTrialRecords(
    [3, 1, 0, 2].map((i) => found(trialRecordOf([i], 'done', `2026-01-01T00:00:0${i}.000Z`))),
  );
  assert.equal(outcome.record.status, 'done');
  assert.equal(outcome.record.error, null);
  assert.deepEqual(
    outcome.record.trials.map((t) => t.index),
    [0, 1, 2, 3],
  );
  assert.deepEqual(
    outcome.record.trials.map((t) => t.result!.testAccuracy),
    [0.8, 0.81, 0.82, 0.83],
  );
  assert.equal('sweepPart' in outcome.record, false);
  assert.equal(outcome.record.createdAt, '2026-01-01T00:00:00.000Z');
  assert.equal(outcome.record.finishedAt, '2026-01-01T00:00:03.000Z');
  assert.equal(outcome.record.wallSeconds, 3);
  assert.deepEqual(outcome.record.sweepParameters, ['model.activation', 'training.learningRate']);
  assert.deepEqual([outcome.missing, outcome.failed, outcome.notes], [[], [], []]);
  assert.equal(rerunCommand(outcome, '/trials'), null);
});

test('missing, failed and killed trials are named, kept in the run as failed, with the command to rerun them', () => {
  const outcome = mergeTrialRecords([
    found(trialRecordOf([0])),
    found(trialRecordOf([2], 'failed')),
    found(trialRecordOf([3], 'running')),
  ]);
  assert.equal(outcome.record.status, 'failed');
  assert.deepEqual(outcome.missing, [1]);
  assert.deepEqual(
    outcome.failed.map((f) => f.index),
    [2, 3],
  );
  assert.match(outcome.failed[0].reason, /out of memory/);
  assert.match(
    outcome.failed[1].reason,
    /never reached a final state \(running\): the task was killed or is still running/,
  );
  const missing = outcome.record.trials[1];
  assert.equal(missing.status, 'failed');
  assert.equal(missing.label, 'activation=relu · learningRate=0.001', 'a missing trial keeps its label and config');
  assert.equal(missing.config.training.learningRate, 0.001);
  assert.match(missing.error!, /no trial record was found/);
  assert.equal(outcome.record.trials[3].status, 'failed');
  assert.match(outcome.record.error!, /trial 1 missing; trials 2,3 did not finish \(of 4/);
  assert.equal(
    rerunCommand(outcome, '/shared/trials'),
    `mnist-lab run ${FILE} --trial 1-3 --backend wasm --out /shared/trials`,
  );
});

test('a done attempt wins over a failed one, the newest done over an older one, and the duplicates are noted', () => {
  const outcome = mergeTrialRecords([
    found(trialRecordOf([0, 1], 'failed', '2026-01-02T00:00:00.000Z'), '/a/run.json'),
    found(trialRecordOf([0], 'done', '2026-01-01T00:00:00.000Z'), '/b/run.json'),
    found(trialRecordOf([1], 'done', '2026-01-01T00:00:00.000Z'), '/c/run.json'),
    found(trialRecordOf([1], 'done', '2026-01-03T00:00:00.000Z'), '/d/run.json'),
    found(trialRecordOf([2, 3])),
  ]);
  assert.equal(outcome.record.status, 'done');
  assert.deepEqual(
    outcome.sources.map((s) => s.file),
    ['/b/run.json', '/d/run.json', outcome.sources[2].file, outcome.sources[3].file],
  );
  assert.equal(outcome.notes.length, 2);
  assert.match(outcome.notes[1], /trial 1: 3 records .*using the done one from \/d\/run.json/);
});

test('records of different sweeps are refused, naming each sweep', () => {
  const other = { ...SOURCE, training: { ...SOURCE.training, seed: 12 } };
  assert.throws(
    () =>
      mergeTrialRecords([
        found(trialRecordOf([0])),
        found(trialRecordOf([1], 'done', undefined, { quick: true })),
        found(trialRecordOf([2], 'done', undefined, { source: other })),
      ]),
    (e: unknown) => e instanceof MergeError && /3 different sweeps/.test(e.message) && /\(quick\)/.test(e.message),
  );
  assert.throws(() => mergeTrialRecords([]), MergeError);
});

test('quick and seed shape the rerun command like the tasks that ran', () => {
  const outcome = mergeTrialRecords([found(trialRecordOf([0], 'done', undefined, { quick: true, seed: 5 }))]);
  assert.equal(outcome.record.quick, true);
  assert.equal(outcome.record.trials[0].config.training.seed, 5);
  assert.equal(outcome.record.trials[1].config.training.seed, 5, 'the placeholder is resolved with the same seed');
  assert.equal(
    rerunCommand(outcome, 'my trials'),
    `mnist-lab run ${FILE} --trial 1-3 --quick --seed 5 --backend wasm --out 'my trials'`,
  );
});

test('corrupt, truncated, foreign and out-of-range records are reported with file, pointer and what was expected', async () => {
  const dir = tempDir();
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const good = trialRecordOf([0]);
  write('a/run.json', JSON.stringify(good));
  write('b/run.json', JSON.stringify(good).slice(0, 200));
  const { sweepPart: _part, ...whole } = good;
  void _part;
  write('c/run.json', JSON.stringify(whole));
  write('d/run.json', JSON.stringify({ ...good, trials: [{ ...good.trials[0], index: 9 }] }));
  write('e/run.json', JSON.stringify({ ...good, sweepPart: { ...good.sweepPart, of: 0 } }));
  write('a/model/run.json', 'not looked at: model folders hold no records');
  const { files, problems: notFound } = findRecordFiles([dir, path.join(dir, 'nope')]);
  assert.equal(files.length, 5);
  assert.deepEqual(
    notFound.map((p) => p.message),
    ['no such file or folder'],
  );
  const { records, problems } = await readTrialRecords(files);
  assert.deepEqual(
    records.map((r) => path.relative(dir, r.file)),
    ['a/run.json'],
  );
  const byFile = (rel: string) =>
    problems.filter((p) => p.file === path.join(dir, rel)).map((p) => formatRecordProblem(p).replace(dir, '<dir>'));
  // What the run reader refuses is reported in its words, as list and inspect report it.
  assert.match(byFile('b/run.json')[0], /^unreadable run: <dir>\/b\/run\.json: not valid JSON/);
  assert.match(byFile('e/run.json')[0], /^unreadable run: <dir>\/e\/run\.json: \/sweepPart\/of: /);
  assert.match(
    byFile('c/run.json')[0],
    /^unusable trial record: <dir>\/c\/run\.json: \/sweepPart: missing: this is a whole run/,
  );
  assert.match(
    byFile('d/run.json')[0],
    /^unusable trial record: <dir>\/d\/run\.json: \/trials\/0\/index: expected a trial index from 0 to 3, got 9/,
  );
});
