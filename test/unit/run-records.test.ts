// Reading run.json defensively: a broken record is reported (path and why) and skipped, never
// hides the other runs; a "running" record whose process is gone reads as interrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../src/core/record';
import { runLiveness, STALE_AFTER_MS } from '../../src/core/liveness';
import { parseRunRecord, UnreadableRunError } from '../../src/runs/record-check';
import { listRunsReport, readRun } from '../../src/runs/store';
import { resolveExperiment } from '../../src/experiments/resolve';
import type { ExperimentFile } from '../../src/core/schema';
import { ROOT, runRecord, tempDir } from '../helpers';
import { renderRunValidatorSource } from '../../src/runs/run-validator-source';

function validRecord(over: Partial<RunRecord> = {}): RunRecord {
  const file: ExperimentFile = { name: 'r', kind: 'binary', data: { classes: [5, 8] }, model: { hidden: [] } };
  const trial = resolveExperiment(file, null).trials[0];
  return runRecord('2026-01-01T00-00-00-000-abcd', '2026-01-01T00:00:00.000Z', {
    experiment: { name: 'r', file: null, kind: 'binary', description: '' },
    source: file,
    trials: [
      {
        index: 0,
        label: 'r',
        params: {},
        status: 'done',
        config: trial,
        history: [],
        result: null,
        error: null,
        startedAt: null,
        finishedAt: null,
      },
    ],
    ...over,
  });
}

const reason = (text: string) => {
  try {
    parseRunRecord(text, '/runs/x/run.json');
  } catch (e) {
    assert.ok(e instanceof UnreadableRunError);
    assert.ok(e.message.startsWith('unreadable run: /runs/x/run.json: '), e.message);
    return e.reason;
  }
  assert.fail(`accepted: ${text.slice(0, 80)}`);
};

test('a valid record reads back; a BOM before it is fine', () => {
  const text = JSON.stringify(validRecord());
  assert.equal(parseRunRecord(text, 'f').id, validRecord().id);
  assert.equal(parseRunRecord('\ufeff' + text, 'f').status, 'done');
});

test('broken records say why, with the JSON pointer of the bad field', () => {
  assert.match(reason(''), /the file is empty/);
  assert.match(reason('{"format": 1,'), /not valid JSON/);
  assert.match(reason('null'), /expected a JSON object, got null/);
  assert.match(reason('[]'), /expected a JSON object, got an array/);
  assert.match(reason('{}'), /no "format" field/);
  assert.match(
    reason(JSON.stringify({ ...validRecord(), format: 99 })),
    /record format number 99 is newer than this MNIST Lab reads \(expected 1\)/,
  );
  const { trials: _omitted, ...noTrials } = validRecord();
  assert.match(reason(JSON.stringify(noTrials)), /trials/);
  assert.match(reason(JSON.stringify({ ...validRecord(), createdAt: null })), /^\/createdAt: /);
  const badTrial = validRecord();
  (badTrial.trials[0] as unknown as { history: unknown }).history = [{ epoch: 1, loss: null }];
  assert.match(reason(JSON.stringify(badTrial)), /^\/trials\/0\/history\/0/);
});

test('a trial record (mnist-lab run --trial) reads back, and a damaged sweepPart is reported', () => {
  const part = { of: 4, key: 'k', quick: true, seed: null, indexFrom: 'SLURM_ARRAY_TASK_ID=2' };
  assert.deepEqual(parseRunRecord(JSON.stringify(validRecord({ sweepPart: part })), 'f').sweepPart, part);
  assert.match(reason(JSON.stringify(validRecord({ sweepPart: { ...part, of: 0 } }))), /^\/sweepPart\/of: /);
  assert.match(
    reason(JSON.stringify({ ...validRecord(), sweepPart: { ...part, key: undefined } })),
    /^\/sweepPart: must have required property 'key'/,
  );
  assert.match(reason(JSON.stringify({ ...validRecord(), sweepPart: 'trial 2' })), /^\/sweepPart: /);
});

test('a sweep search record and trial rungs are checked on read: the panels index budgets and labels by them', () => {
  const search = {
    strategy: 'grid',
    seed: null,
    configurations: 1,
    repeats: 1,
    halving: { minEpochs: 1, maxEpochs: 3, eta: 3, metric: 'val_loss', asynchronous: true, budgets: [1, 3] },
    epochsSpent: 1,
    promotions: [],
    pick: 0,
  } as const;
  const rung = { rung: 0, epochs: 1, state: 'stopped', promotions: [], value: 0.5 } as const;
  const good = validRecord({ search: { ...search, halving: { ...search.halving, budgets: [1, 3] }, promotions: [] } });
  good.trials[0].rung = { ...rung, promotions: [] };
  assert.equal(parseRunRecord(JSON.stringify(good), 'f').search?.halving?.budgets[1], 3);
  assert.match(
    reason(JSON.stringify({ ...good, search: { ...search, halving: { ...search.halving, budgets: 'x' } } })),
    /^\/search\/halving\/budgets/,
  );
  assert.match(
    reason(JSON.stringify({ ...good, search: { ...search, promotions: [{ configuration: -1, from: 0, to: 1 }] } })),
    /^\/search\/promotions\/0\/configuration/,
  );
  const badRung = structuredClone(good);
  (badRung.trials[0].rung as unknown as { state: string }).state = 'exploded';
  assert.match(reason(JSON.stringify(badRung)), /^\/trials\/0\/rung\/state/);
});

test('a listing skips and reports unreadable records; the readable runs are all there, newest first', async () => {
  const root = tempDir();
  const put = (dir: string, text: string) => {
    mkdirSync(path.join(root, dir), { recursive: true });
    writeFileSync(path.join(root, dir, 'run.json'), text);
  };
  put('exp/a', JSON.stringify(validRecord({ id: 'a', createdAt: '2026-01-01T00:00:00.000Z' })));
  put('exp/b', JSON.stringify(validRecord({ id: 'b', createdAt: '2026-02-01T00:00:00.000Z' })));
  put('exp/null', 'null');
  put('exp/empty-object', '{}');
  put('exp/truncated', JSON.stringify(validRecord()).slice(0, 100));
  mkdirSync(path.join(root, 'exp', 'not-a-run-yet'));
  writeFileSync(path.join(root, 'stray-file.txt'), 'x');
  const { runs, unreadable } = await listRunsReport(root);
  assert.deepEqual(
    runs.map((r) => r.record.id),
    ['b', 'a'],
  );
  assert.deepEqual(unreadable.map((u) => path.basename(u.runDir)).sort(), ['empty-object', 'null', 'truncated']);
  await assert.rejects(
    readRun(path.join(root, 'exp', 'null')),
    /unreadable run: .*null\/run\.json: expected a JSON object, got null/,
  );
});

test('a running record is interrupted when its process is gone on this host, or silent too long anywhere', () => {
  const now = Date.parse('2026-01-01T01:00:00.000Z');
  const probe = (alive: boolean) => ({ now, host: 'here', pidAlive: () => alive });
  const running = (over: Partial<RunRecord>) => validRecord({ status: 'running', ...over });
  const fresh = new Date(now - 1000).toISOString();
  const old = new Date(now - STALE_AFTER_MS - 1000).toISOString();
  assert.equal(runLiveness(running({ owner: { pid: 123, host: 'here' }, heartbeatAt: fresh }), probe(true)), 'live');
  assert.equal(
    runLiveness(running({ owner: { pid: 123, host: 'here' }, heartbeatAt: fresh }), probe(false)),
    'interrupted',
  );
  assert.equal(
    runLiveness(running({ owner: { pid: 123, host: 'elsewhere' }, heartbeatAt: fresh }), probe(false)),
    'live',
    'a pid on another host says nothing',
  );
  assert.equal(
    runLiveness(running({ owner: { pid: 123, host: 'elsewhere' }, heartbeatAt: old }), probe(true)),
    'interrupted',
  );
  assert.equal(
    runLiveness(running({ createdAt: old }), probe(true)),
    'interrupted',
    'an old record without owner or heartbeat',
  );
  assert.equal(
    runLiveness(validRecord({ status: 'done', owner: { pid: 123, host: 'here' } }), probe(false)),
    'settled',
  );
});

test('the committed run-record validator is exactly what src/core/run-schema.ts generates', () => {
  const file = path.join(ROOT, 'src/runs/generated/validate-run.js');
  assert.equal(readFileSync(file, 'utf8'), renderRunValidatorSource(), 'run `npm run schema`');
});
