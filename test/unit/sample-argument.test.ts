// A command link's `{ "sample": … }` argument selects a bundled sample by file name and nothing
// else: the value is untrusted (any Markdown VS Code trusts can hold a command link).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { chooseSample, isSampleArgument } from '../../src/extension/experiments/sample-argument';
import { ROOT } from '../helpers';

const SAMPLES = path.join(ROOT, 'samples');
const bundled = readdirSync(SAMPLES)
  .filter((n) => n.endsWith('.mnistexp.json'))
  .sort()
  .map((n) => path.join(SAMPLES, n));

test('only an object with a sample field is a sample argument', () => {
  assert.equal(isSampleArgument({ sample: 'batch-lr-grid' }), true);
  assert.equal(isSampleArgument({ sample: undefined }), true, 'checked (and refused) by chooseSample');
  for (const other of ['batch-lr-grid', '/ws/a.mnistexp.json', null, undefined, 3, [], [{ sample: 'x' }], {}])
    assert.equal(isSampleArgument(other), false, JSON.stringify(other));
  // Inherited fields do not count: the argument is JSON, which has none.
  assert.equal(isSampleArgument(Object.create({ sample: 'batch-lr-grid' })), false);
});

test('a bundled sample is chosen by its file name, with or without the suffix', () => {
  const want = path.join(SAMPLES, 'batch-lr-grid.mnistexp.json');
  assert.deepEqual(chooseSample({ sample: 'batch-lr-grid' }, bundled), { ok: true, file: want });
  assert.deepEqual(chooseSample({ sample: 'batch-lr-grid.mnistexp.json' }, bundled), { ok: true, file: want });
  assert.deepEqual(chooseSample({ sample: 'binary-5-vs-8' }, bundled), {
    ok: true,
    file: path.join(SAMPLES, 'binary-5-vs-8.mnistexp.json'),
  });
});

test('anything else is refused, naming what was given and the samples there are', () => {
  const hostile: unknown[] = [
    '../package',
    '../../etc/passwd',
    '/etc/passwd',
    'samples/batch-lr-grid',
    'batch-lr-grid/../binary-5-vs-8',
    path.join(SAMPLES, 'batch-lr-grid.mnistexp.json'),
    'BATCH-LR-GRID',
    ' batch-lr-grid',
    'batch-lr-grid.json',
    '.mnistexp.json',
    '',
    42,
    null,
    undefined,
    ['batch-lr-grid'],
    { name: 'batch-lr-grid' },
  ];
  for (const value of hostile) {
    const choice = chooseSample({ sample: value }, bundled);
    assert.equal(choice.ok, false, `refused: ${String(value)}`);
    if (choice.ok) continue;
    assert.ok(choice.expected.includes('batch-lr-grid') && choice.expected.includes('binary-5-vs-8'));
    assert.ok(
      choice.expected.every((n) => !n.includes('/') && !n.endsWith('.json')),
      choice.expected.join(),
    );
  }
  const refused = chooseSample({ sample: '/etc/passwd' }, bundled);
  assert.equal(refused.ok || refused.given, '"/etc/passwd"');
  assert.equal(chooseSample({ sample: 'x' }, []).ok, false, 'no samples, nothing chosen');
});

test('what is shown back of a refused value is short and printable', () => {
  const long = chooseSample({ sample: 'a'.repeat(10_000) }, bundled);
  assert.ok(!long.ok && long.given.length <= 61 && long.given.endsWith('…'), JSON.stringify(long).slice(0, 120));
  const sneaky = chooseSample({ sample: 'x\u202e\u0007y' }, bundled);
  assert.ok(
    !sneaky.ok && !sneaky.given.includes('\u202e') && !sneaky.given.includes('\u0007'),
    sneaky.ok ? '' : sneaky.given,
  );
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(chooseSample({ sample: cyclic }, bundled).ok, false);
});
