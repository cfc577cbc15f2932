// `mnist-lab list` reads each run's summary.json, falls back to run.json for runs without one
// (or with a stale one), and writes nothing: the runs folder is byte for byte as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RUN_FILE, writeRunAtomic } from '../../src/runs/store';
import { parseSummaryFile, SUMMARY_FILE } from '../../src/runs/summary-file';
import { runRecord, tempDir, testTrial } from '../helpers';
import { cli } from './cluster-helpers';

/** Every file below `dir` with its size and modification time. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const info = statSync(full);
      if (info.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = `${info.size} ${info.mtimeMs}`;
    }
  };
  walk(dir);
  return files;
}

interface Listed {
  runs: { id: string; status: string; testAccuracy: number | null; trials: number }[];
  unreadable: { file: string; reason: string }[];
}

test('list uses summaries, reads run.json only where a summary is missing or stale, and writes nothing', async () => {
  const out = tempDir();
  const write = (id: string, createdAt: string, accuracy: number) => {
    const runDir = path.join(out, 'r', id);
    mkdirSync(runDir, { recursive: true });
    writeRunAtomic(
      runDir,
      runRecord(id, createdAt, { trials: [testTrial(0, accuracy), testTrial(1, accuracy - 0.1)] }),
    );
    return runDir;
  };
  // 1. A summary that matches its run.json is believed: the record itself is replaced by bytes
  //    of the same size that are no record at all, and the summary re-stamped to match them.
  const trusted = write('trusted', '2026-01-03T00:00:00.000Z', 0.91);
  const runFile = path.join(trusted, RUN_FILE);
  writeFileSync(runFile, ' '.repeat(statSync(runFile).size));
  const info = statSync(runFile);
  const summary = parseSummaryFile(readFileSync(path.join(trusted, SUMMARY_FILE), 'utf8'));
  writeFileSync(
    path.join(trusted, SUMMARY_FILE),
    JSON.stringify({ ...summary, runFile: { mtimeMs: info.mtimeMs, size: info.size } }),
  );
  // 2. A run from before summaries: listed from its run.json.
  const old = write('old', '2026-01-02T00:00:00.000Z', 0.82);
  rmSync(path.join(old, SUMMARY_FILE));
  // 3. A stale summary (the record was rewritten by hand since): the record wins.
  const stale = write('stale', '2026-01-01T00:00:00.000Z', 0.5);
  const staleSummary = readFileSync(path.join(stale, SUMMARY_FILE));
  write('stale', '2026-01-01T00:00:00.000Z', 0.73);
  writeFileSync(path.join(stale, SUMMARY_FILE), staleSummary);
  // 4. A broken record without a summary is reported, not dropped.
  mkdirSync(path.join(out, 'r', 'broken'));
  writeFileSync(path.join(out, 'r', 'broken', RUN_FILE), '{}');

  const before = snapshot(out);
  const json = await cli(['list', '--out', out, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const listed = JSON.parse(json.stdout) as Listed;
  assert.deepEqual(
    listed.runs.map((r) => [r.id, r.status, r.testAccuracy, r.trials]),
    [
      ['trusted', 'done', 0.91, 2],
      ['old', 'done', 0.82, 2],
      ['stale', 'done', 0.73, 2],
    ],
  );
  assert.equal(listed.unreadable.length, 1);
  assert.match(listed.unreadable[0]!.file, /broken\/run\.json$/);

  const text = await cli(['list', '--out', out]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^done\s+r\s+2026-01-03T00:00:00.000Z\s+91\.00 % \(best of 2\)\s+r\/trusted$/m);
  assert.match(text.stdout, /^unreadable run: \S+broken\/run\.json: /m);
  assert.deepEqual(snapshot(out), before, 'list wrote, removed or touched nothing');
});
