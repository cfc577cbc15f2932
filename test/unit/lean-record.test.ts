// Reading a record without its kept test images (the sweep and compare panels) and with one
// trial's images only (a sweep trial's results panel): every other byte of the record comes
// through, a "samples" count in the experiment stays, and a broken file is still reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord, TrialRecord } from '../../src/core/record';
import {
  LastLeanRecord,
  readRunWithSamplesOf,
  readRunWithoutSamples,
  SamplesDropper,
} from '../../src/runs/lean-record';
import { readRun, RUN_FILE, writeRunAtomic } from '../../src/runs/store';
import { UnreadableRunError } from '../../src/runs/record-check';
import { runRecord, tempDir, testLayer, testTrial } from '../helpers';

/** The dropper's output for `text` cut into chunks of `size` bytes. */
function filtered(text: string, size: number, keep = -1): string {
  const bytes = Buffer.from(text, 'utf8');
  const dropper = new SamplesDropper(keep);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(dropper.push(bytes.subarray(i, i + size)));
  return Buffer.concat(out).toString('utf8');
}

test("only each trial's result.samples is dropped, whatever the chunk boundaries", () => {
  const doc = {
    samples: ["a top-level key of that name is not a trial's images"],
    source: { evaluation: { samples: 20 } },
    label: 'samples',
    trials: [
      {
        'samples ': [1],
        'sam\\"ples': [2],
        history: [{ epoch: 1, dynamics: { layers: [], samples: [{ batch: 1, gradKernel: [0.5] }] } }],
        result: { samples: [{ pixels: 'a]b}c"d\\"[', note: 'é ü 漢' }, [[3]]], testAccuracy: 0.9 },
      },
      { result: null, samples: 'kept: not in a result' },
      { result: { after: ['x'], samples: [] } },
      { result: { samples: [{ pixels: 'QUJD' }] } },
    ],
  };
  const expected = structuredClone(doc);
  expected.trials[0]!.result!.samples = [];
  expected.trials[3]!.result!.samples = [];
  for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      assert.deepEqual(JSON.parse(filtered(text, size)), expected, `chunks of ${size}`);
    }
  }
  // Keeping the last images array (the third: trial 2's empty one is the second) keeps that one.
  const keepLast = structuredClone(expected);
  keepLast.trials[3]!.result!.samples = [{ pixels: 'QUJD' }];
  assert.deepEqual(JSON.parse(filtered(JSON.stringify(doc), 5, 2)), keepLast);
});

/** An epoch whose dynamics hold gradient samples: "samples" too, but never dropped. */
function withGradientSamples(trial: TrialRecord): TrialRecord {
  const layer = testLayer();
  return {
    ...trial,
    history: [
      {
        epoch: 1,
        loss: 0.5,
        accuracy: 0.8,
        valLoss: null,
        valAccuracy: null,
        seconds: 1,
        samplesPerSecond: 100,
        dynamics: { layers: [layer], samples: [{ batch: 1, gradKernel: [0.2] }] },
      },
    ],
  };
}

function sweep(): RunRecord {
  return runRecord('s', '2026-01-01T00:00:00.000Z', {
    source: { name: 's', kind: 'multiclass', evaluation: { samples: 3 } },
    // A failed trial (no result, no images) before the one asked for: the arrays' order is not
    // the trials' order.
    trials: [withGradientSamples(testTrial(0, 0.9)), testTrial(1, null), testTrial(2, 0.9), testTrial(3, 0.9)],
  });
}

test('a record read without images equals the whole record less its images; one trial keeps its own', async () => {
  const runDir = path.join(tempDir(), 'r', 's');
  mkdirSync(runDir, { recursive: true });
  writeRunAtomic(runDir, sweep());
  const whole = await readRun(runDir);
  const lean = await readRunWithoutSamples(runDir);
  const noImages = (r: RunRecord, keep = -1): RunRecord => ({
    ...r,
    trials: r.trials.map((t, i) => (t.result && i !== keep ? { ...t, result: { ...t.result, samples: [] } } : t)),
  });
  assert.deepEqual(lean, noImages(whole));
  assert.deepEqual(lean.source, { name: 's', kind: 'multiclass', evaluation: { samples: 3 } });
  assert.deepEqual(lean.trials[0]!.history[0]!.dynamics!.samples, [{ batch: 1, gradKernel: [0.2] }]);
  const third = await readRunWithSamplesOf(runDir, 2);
  assert.deepEqual(third, noImages(whole, 2));
  assert.equal(third.trials[2]!.result!.samples[0]!.pixels, 'P2'.repeat(500));
  // A trial without a result has no images to keep.
  assert.deepEqual(await readRunWithSamplesOf(runDir, 1), noImages(whole));
});

test('a broken or missing record is reported with its file, as a whole read reports it', async () => {
  const runDir = path.join(tempDir(), 'r', 'x');
  mkdirSync(runDir, { recursive: true });
  await assert.rejects(readRunWithoutSamples(runDir), (e: unknown) => {
    assert.ok(e instanceof UnreadableRunError);
    assert.equal(e.file, path.join(runDir, RUN_FILE));
    assert.match(e.reason, /ENOENT/);
    return true;
  });
  writeFileSync(path.join(runDir, RUN_FILE), '{"format": 1, "samples": [1, 2');
  await assert.rejects(readRunWithoutSamples(runDir), (e: unknown) => e instanceof UnreadableRunError);
});

test('the last lean record is reused while its run.json is unchanged, and read again once it changes', async () => {
  const runDir = path.join(tempDir(), 'r', 's');
  mkdirSync(runDir, { recursive: true });
  writeRunAtomic(runDir, sweep());
  const cache = new LastLeanRecord();
  const first = await cache.read(runDir);
  assert.equal(await cache.read(runDir), first, 'same object: not read again');
  writeRunAtomic(runDir, { ...sweep(), status: 'failed' });
  const second = await cache.read(runDir);
  assert.notEqual(second, first);
  assert.equal(second.status, 'failed');
  // A record that cannot be read is not kept: the next call reads (and reports) again.
  writeFileSync(path.join(runDir, RUN_FILE), '{');
  await assert.rejects(cache.read(runDir), (e: unknown) => e instanceof UnreadableRunError);
  writeRunAtomic(runDir, sweep());
  assert.equal((await cache.read(runDir)).status, 'done');
});
