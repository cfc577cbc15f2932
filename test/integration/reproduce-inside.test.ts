// Part 3 of the quick reproduction with its inside view: the report's per-layer gradient norms
// are the run record's, sigmoid's first layer gets the weakest gradient on real training, and
// the sentences and chart are in REPORT.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dynamicsAtBest } from '../../src/core/dynamics';
import { reproduceStudy } from '../../src/report/reproduce';
import { readRun } from '../../src/runs/store';
import { SAMPLES, TRAINER, tempDir } from '../helpers';

test('reproduce --quick --parts 3: the inside view comes from the records', async () => {
  const outDir = path.join(tempDir(), 'report');
  const { report, reportFile } = await reproduceStudy({
    outDir,
    samplesDir: SAMPLES,
    trainerPath: TRAINER,
    quick: true,
    seeds: [42],
    backend: 'wasm',
    parts: [3],
    workers: 2,
    log: () => {},
  });
  const grid = report.parts.initActivation!;
  const inside = grid.inside!;
  const record = await readRun(grid.runs[0].runDir);
  assert.equal(inside.rows.length, 9);
  inside.rows.forEach((row, i) => {
    const at = dynamicsAtBest(record.trials[i])!;
    assert.equal(row.epoch, at.epoch);
    assert.deepEqual(
      row.gradients,
      at.dynamics.layers.map((l) => l.gradKernel),
    );
  });
  // What part 3 is about, on real training: sigmoid's first layer has the weakest gradient.
  const by = inside.firstLayerByActivation;
  assert.ok(by.sigmoid < by.relu && by.sigmoid < by.tanh, JSON.stringify(by));
  const md = readFileSync(reportFile, 'utf8');
  assert.match(md, /### Inside the networks/);
  for (const s of inside.sentences) assert.ok(md.includes(s), s);
  assert.ok(existsSync(path.join(outDir, 'charts/init-activation-gradient-flow.svg')));
});
