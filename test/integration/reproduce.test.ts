// The quick reproduction of the whole case study: real (reduced) runs of all five samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { reproduceStudy } from '../../src/report/reproduce';
import { readRun } from '../../src/runs/store';
import { gradientMap } from '../../src/core/backprop-walkthrough';
import { SAMPLES, TRAINER, tempDir } from '../helpers';

test('mnist-lab reproduce --quick writes a report whose every number comes from a run record', async () => {
  const outDir = path.join(tempDir(), 'report');
  const lines: string[] = [];
  const { report, reportFile } = await reproduceStudy({
    outDir,
    samplesDir: SAMPLES,
    trainerPath: TRAINER,
    quick: true,
    seeds: [42, 43],
    backend: 'wasm',
    parts: [1, 2, 3, 4, 5],
    workers: 2,
    log: (l) => lines.push(l),
  });
  const md = readFileSync(reportFile, 'utf8');
  for (const heading of [
    '## 1. Backpropagation',
    '## 2. Binary 5 vs 8',
    '## 3. Initializer × activation',
    '## 4. Ten classes',
    '## 5. Batch size × learning rate',
  ])
    assert.ok(md.includes(heading), heading);
  assert.match(md, /QUICK/);
  assert.deepEqual(
    JSON.parse(readFileSync(path.join(outDir, 'report.json'), 'utf8')),
    JSON.parse(JSON.stringify(report)),
  );
  assert.equal(report.environment.backend, 'wasm');
  assert.ok(report.environment.cpus >= 1 && report.environment.cpuModel.length > 0);

  const bp = report.parts.backprop!;
  const bpRecord = await readRun(bp.runs[0].runDir);
  assert.deepEqual(bp.gradients, gradientMap(bpRecord.backprop!.steps[0].backward));
  assert.ok(bp.finiteDifference.ok && bp.autodiff?.ok);

  const binary = report.parts.binary!;
  assert.equal(binary.runs.length, 2);
  const binaryRecords = await Promise.all(binary.runs.map((r) => readRun(r.runDir)));
  assert.deepEqual(
    binary.testAccuracy.values,
    binaryRecords.map((r) => r.trials[0].result!.testAccuracy),
  );
  assert.deepEqual(
    binaryRecords.map((r) => r.trials[0].config.training.seed),
    [42, 43],
  );
  assert.ok(
    md.includes(`${(binary.testAccuracy.mean * 100).toFixed(2)} ± ${(binary.testAccuracy.std * 100).toFixed(2)} %`),
  );

  const grid = report.parts.initActivation!;
  const gridRecord = await readRun(grid.runs[0].runDir);
  assert.equal(grid.trials.length, 9);
  assert.deepEqual(
    grid.trials.map((t) => t.testAccuracy),
    gridRecord.trials.map((t) => t.result!.testAccuracy),
  );
  assert.equal(grid.best.testAccuracy, Math.max(...grid.trials.map((t) => t.testAccuracy)));

  const multi = report.parts.multiclass!;
  const multiRecords = await Promise.all(multi.runs.map((r) => readRun(r.runDir)));
  assert.deepEqual(
    multi.testAccuracy.values,
    multiRecords.map((r) => r.trials[0].result!.testAccuracy),
  );
  assert.equal(multi.perDigit.length, 10);
  const recall5 = multiRecords.map((r) => r.trials[0].result!.report.classes[5].recall);
  assert.deepEqual(multi.perDigit[5].recall.values, recall5);

  const lr = report.parts.batchLr!;
  const lrRecord = await readRun(lr.runs[0].runDir);
  assert.equal(lr.trials.length, 16);
  assert.deepEqual(
    lr.trials.map((t) => [t.batchSize, t.learningRate, t.testAccuracy]),
    lrRecord.trials.map((t) => [t.config.training.batchSize, t.config.training.learningRate, t.result!.testAccuracy]),
  );
  assert.equal(lr.bestByTest.testAccuracy, Math.max(...lr.trials.map((t) => t.testAccuracy)));

  for (const c of report.charts) assert.ok(existsSync(path.join(outDir, c)), c);
  assert.ok(report.charts.filter((c) => c.endsWith('.svg')).length >= 6);
  await assert.rejects(
    reproduceStudy({
      outDir,
      samplesDir: SAMPLES,
      trainerPath: TRAINER,
      quick: true,
      seeds: [1],
      backend: 'wasm',
      parts: [1],
      log: () => {},
    }),
    /already holds a report/,
  );
});
