// Listing runs from summary.json: the summary is written with every record, used only while it
// matches its run.json, rebuilt (and rewritten) when stale, missing or corrupt, and a broken
// record is still reported by path and reason. The tree's day groups and pages are tested here
// too, since they are plain functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../src/core/record';
import { summarizeRun } from '../../src/core/run-summary';
import { RUN_FILE, writeRunAtomic } from '../../src/runs/store';
import { parseSummaryFile, SUMMARY_FILE } from '../../src/runs/summary-file';
import { hasRunsBySummary, listRunSummaries, readSummary, SummaryIndex } from '../../src/runs/summary-index';
import { resolveExperiment } from '../../src/experiments/resolve';
import type { ExperimentFile } from '../../src/core/schema';
import { groupByDay, page, statusCounts } from '../../src/extension/tree/run-groups';
import { runDescription } from '../../src/extension/runs/run-format';
import { runRecord, tempDir, testResult } from '../helpers';

const file: ExperimentFile = { name: 'r', kind: 'multiclass', data: {}, model: { hidden: [] } };
const trialConfig = resolveExperiment(file, null).trials[0]!;

function trial(index: number, accuracy: number | null, loss = 0.1): RunRecord['trials'][number] {
  return {
    index,
    label: `t${index}`,
    params: {},
    status: accuracy === null ? 'running' : 'done',
    config: trialConfig,
    history: [],
    result:
      accuracy === null
        ? null
        : testResult(accuracy, {
            testLoss: loss,
            // The bulk a summary leaves behind: kept test images.
            samples: Array.from({ length: 20 }, (_, i) => ({
              index: i,
              label: 1,
              predicted: 1,
              probability: 0.9,
              pixels: 'A'.repeat(1048),
              reason: 'random' as const,
            })),
          }),
    error: null,
    startedAt: null,
    finishedAt: null,
  };
}

function record(id: string, createdAt: string, over: Partial<RunRecord> = {}): RunRecord {
  return runRecord(id, createdAt, { source: file, trials: [trial(0, 0.9)], ...over });
}

function writeRun(root: string, id: string, rec: RunRecord): string {
  const runDir = path.join(root, 'r', id);
  mkdirSync(runDir, { recursive: true });
  writeRunAtomic(runDir, rec);
  return runDir;
}

test('every record write leaves a summary beside it, a small fraction of the record', () => {
  const root = tempDir();
  const runDir = writeRun(
    root,
    'a',
    record('a', '2026-01-01T10:00:00.000Z', {
      trials: [trial(0, 0.91, 0.3), trial(1, 0.93, 0.2), trial(2, 0.93, 0.1)],
    }),
  );
  const summaryText = readFileSync(path.join(runDir, SUMMARY_FILE), 'utf8');
  const parsed = parseSummaryFile(summaryText);
  const info = statSync(path.join(runDir, RUN_FILE));
  assert.deepEqual(parsed.runFile, { mtimeMs: info.mtimeMs, size: info.size });
  assert.equal(parsed.summary.trials.length, 3);
  // The best trial by the one rule (equal accuracy: lower loss wins).
  assert.equal(parsed.summary.bestTestAccuracy, 0.93);
  assert.equal(runDescription(parsed.summary), '3 trials · best 93.00 %');
  assert.ok(summaryText.length * 20 < info.size, `summary ${summaryText.length} B vs record ${info.size} B`);
});

test('a listing uses the summaries and never reads a record whose summary matches', async () => {
  const root = tempDir();
  const runDir = writeRun(root, 'a', record('a', '2026-01-01T10:00:00.000Z'));
  // Poison the record's content and stamp the summary with the poisoned file's size and mtime:
  // only a reader that trusts a matching summary still lists the run as done.
  const runFile = path.join(runDir, RUN_FILE);
  writeFileSync(runFile, 'x'.repeat(statSync(runFile).size));
  const summaryFile = path.join(runDir, SUMMARY_FILE);
  const after = statSync(runFile);
  const summary = parseSummaryFile(readFileSync(summaryFile, 'utf8'));
  writeFileSync(summaryFile, JSON.stringify({ ...summary, runFile: { mtimeMs: after.mtimeMs, size: after.size } }));
  const listing = await listRunSummaries(root);
  assert.deepEqual(listing.unreadable, []);
  assert.equal(listing.runs[0]?.summary.status, 'done');
});

test('a stale summary (the record changed since) is rebuilt from the record and rewritten', async () => {
  const root = tempDir();
  const runDir = writeRun(
    root,
    'a',
    record('a', '2026-01-01T10:00:00.000Z', { status: 'running', trials: [trial(0, null)] }),
  );
  const stale = readFileSync(path.join(runDir, SUMMARY_FILE), 'utf8');
  writeRunAtomic(runDir, record('a', '2026-01-01T10:00:00.000Z'));
  // The old summary comes back, as if the write of the new one had failed (disk full).
  writeFileSync(path.join(runDir, SUMMARY_FILE), stale);
  const read = await readSummary(runDir);
  assert.ok(read.kind === 'run');
  assert.equal(read.rebuilt, true);
  assert.equal(read.summary.status, 'done');
  const rewritten = parseSummaryFile(readFileSync(path.join(runDir, SUMMARY_FILE), 'utf8'));
  assert.equal(rewritten.summary.status, 'done');
  const again = await readSummary(runDir);
  assert.ok(again.kind === 'run' && !again.rebuilt, 'the rewritten summary is used next time');
});

test('a corrupt or missing summary is rebuilt; an old run without one gets one', async () => {
  const root = tempDir();
  const runDir = writeRun(root, 'a', record('a', '2026-01-01T10:00:00.000Z'));
  for (const bad of [
    '',
    '{"summaryFormat":1',
    '[]',
    JSON.stringify({ summaryFormat: 1, runFile: { mtimeMs: 'x', size: 1 } }),
  ]) {
    writeFileSync(path.join(runDir, SUMMARY_FILE), bad);
    const read = await readSummary(runDir);
    assert.ok(read.kind === 'run' && read.rebuilt, `accepted ${JSON.stringify(bad)}`);
  }
  rmSync(path.join(runDir, SUMMARY_FILE));
  const read = await readSummary(runDir);
  assert.ok(read.kind === 'run' && read.rebuilt);
  assert.deepEqual(
    parseSummaryFile(readFileSync(path.join(runDir, SUMMARY_FILE), 'utf8')).summary,
    summarizeRun(record('a', '2026-01-01T10:00:00.000Z')),
  );
});

test('bad summaries name the JSON pointer of the wrong field', () => {
  const good = {
    summaryFormat: 1,
    runFile: { mtimeMs: 1, size: 1 },
    summary: summarizeRun(record('a', '2026-01-01T10:00:00.000Z')),
  };
  const message = (value: unknown): string => {
    try {
      parseSummaryFile(JSON.stringify(value));
    } catch (e) {
      return (e as Error).message;
    }
    return assert.fail(`accepted ${JSON.stringify(value).slice(0, 80)}`);
  };
  assert.equal(
    message({ ...good, summary: { ...good.summary, status: 'finished' } }),
    '/summary/status: expected one of queued, running, done, failed, cancelled',
  );
  assert.equal(
    message({
      ...good,
      summary: { ...good.summary, trials: [{ ...good.summary.trials[0], result: { testAccuracy: '1' } }] },
    }),
    '/summary/trials/0/result/testAccuracy: expected a number',
  );
  assert.equal(message({ ...good, runFile: null }), '/runFile: expected an object');
});

test('a broken record is reported with its path and reason even when a summary says it is fine', async () => {
  const root = tempDir();
  const runDir = writeRun(root, 'a', record('a', '2026-01-01T10:00:00.000Z'));
  writeRun(root, 'b', record('b', '2026-01-02T10:00:00.000Z'));
  // Truncated by hand after it was summarised: the summary is stale and must not hide it.
  writeFileSync(path.join(runDir, RUN_FILE), '{"format": 1,');
  const listing = await listRunSummaries(root);
  assert.deepEqual(
    listing.runs.map((r) => r.summary.id),
    ['b'],
  );
  assert.equal(listing.unreadable.length, 1);
  assert.equal(listing.unreadable[0]!.file, path.join(runDir, RUN_FILE));
  assert.match(listing.unreadable[0]!.reason, /not valid JSON/);
});

test('missing records: a folder without run.json is no run, a deleted run leaves the index', async () => {
  const root = tempDir();
  const a = writeRun(root, 'a', record('a', '2026-01-01T10:00:00.000Z'));
  writeRun(root, 'b', record('b', '2026-01-02T10:00:00.000Z'));
  mkdirSync(path.join(root, 'r', 'being-created'));
  // A summary left behind without its record lists nothing.
  const orphan = path.join(root, 'r', 'orphan');
  mkdirSync(orphan);
  writeFileSync(path.join(orphan, SUMMARY_FILE), readFileSync(path.join(a, SUMMARY_FILE)));
  const index = new SummaryIndex();
  assert.deepEqual(
    (await index.list(root)).runs.map((r) => r.summary.id),
    ['b', 'a'],
  );
  rmSync(a, { recursive: true });
  const after = await index.list(root);
  assert.deepEqual(
    after.runs.map((r) => r.summary.id),
    ['b'],
  );
  assert.deepEqual(after.unreadable, []);
  assert.equal(index.cached(a), undefined);
});

test('the index re-reads only changed folders; update() reads one folder', async () => {
  const root = tempDir();
  const a = writeRun(
    root,
    'a',
    record('a', '2026-01-01T10:00:00.000Z', { status: 'running', trials: [trial(0, null)] }),
  );
  const index = new SummaryIndex();
  assert.equal((await index.list(root)).runs[0]?.summary.status, 'running');
  // The record changes behind the index's back: the next listing sees it by its stamp.
  writeRunAtomic(a, record('a', '2026-01-01T10:00:00.000Z'));
  assert.equal((await index.list(root)).runs[0]?.summary.status, 'done');
  const b = writeRun(root, 'b', record('b', '2026-01-03T10:00:00.000Z', { status: 'failed', error: 'x' }));
  const read = await index.update(b);
  assert.ok(read.kind === 'run' && read.summary.status === 'failed');
  assert.equal(index.cached(b)?.status, 'failed');
});

test('runs group by local day, newest first, and long lists come a page at a time', () => {
  const at = (d: number, h: number) => new Date(2026, 0, d, h).toISOString();
  const runs = [at(3, 9), at(3, 8), at(2, 23), at(1, 0)].map((createdAt, i) => ({ id: i, createdAt }));
  const groups = groupByDay(runs, (r) => r.createdAt);
  assert.deepEqual(
    groups.map((g) => [g.day, g.items.map((r) => r.id)]),
    [
      ['2026-01-03', [0, 1]],
      ['2026-01-02', [2]],
      ['2026-01-01', [3]],
    ],
  );
  const items = Array.from({ length: 250 }, (_, i) => i);
  assert.deepEqual([page(items, 1).shown.length, page(items, 1).remaining], [100, 150]);
  assert.deepEqual([page(items, 3).shown.length, page(items, 3).remaining], [250, 0]);
  assert.equal(page(items, 2).shown.at(-1), 199);
  assert.equal(statusCounts(['done', 'done', 'failed']), '3 runs · 2 done, 1 failed');
  assert.equal(statusCounts(['done']), '1 run');
});

test("whether an experiment has runs is told from its folder's summaries, never from a run.json", async () => {
  const root = tempDir();
  const mine = '/w/r.mnistexp.json';
  // No folder for the name yet: no runs.
  assert.equal(await hasRunsBySummary(root, 'r', mine), false);
  const runDir = writeRun(root, 'a', record('a', '2026-01-01T10:00:00.000Z'));
  // A record that no longer parses: only a reader that trusts the summary still finds the run.
  writeFileSync(path.join(runDir, RUN_FILE), 'not json');
  assert.equal(await hasRunsBySummary(root, 'r', mine), true);
  // Same name (so the same folder), another file: a workspace copy's runs are not the sample's.
  assert.equal(await hasRunsBySummary(root, 'r', '/elsewhere/r.mnistexp.json'), false);
  // A run without a summary (from before summaries) cannot be told apart without its record.
  const old = writeRun(root, 'b', record('b', '2026-01-02T10:00:00.000Z'));
  rmSync(path.join(old, SUMMARY_FILE));
  assert.equal(await hasRunsBySummary(root, 'r', '/elsewhere/r.mnistexp.json'), null);
  assert.equal(await hasRunsBySummary(root, 'r', mine), true);
});
