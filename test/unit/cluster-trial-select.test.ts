import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrialSelectionError, formatTrialList, parseTrialList, trialFromEnv } from '../../src/cluster/trial-select';
import { trialSelection } from '../../src/cli/cluster-flags';
import { UsageError } from '../../src/cli/args';
import { canonicalJson, sweepKey } from '../../src/cluster/sweep-key';

test('--trial lists: single, list, ranges, each index once, in the order given', () => {
  assert.deepEqual(parseTrialList('3', 9), [3]);
  assert.deepEqual(parseTrialList('5,2', 9), [5, 2]);
  assert.deepEqual(parseTrialList('0-3,7,2', 9), [0, 1, 2, 3, 7]);
  assert.deepEqual(parseTrialList(' 8 ', 9), [8]);
});

test('--trial refuses what is not a trial of this sweep, saying how many there are', () => {
  assert.throws(() => parseTrialList('9', 9), /trial 9 does not exist; this sweep has 9 trials \(0–8\)/);
  assert.throws(() => parseTrialList('-1', 9), /"-1" is not one/);
  assert.throws(() => parseTrialList('a', 9), TrialSelectionError);
  assert.throws(() => parseTrialList('1.5', 9), TrialSelectionError);
  assert.throws(() => parseTrialList('4-2', 9), /runs backwards/);
  assert.throws(() => parseTrialList('', 9), TrialSelectionError);
});

test('--trial-from-env: a named variable, else the first engine variable that is set', () => {
  assert.deepEqual(trialFromEnv({ MY_VAR: '4' }, 'MY_VAR', 9), { indices: [4], from: 'MY_VAR=4' });
  assert.deepEqual(
    trialFromEnv({ SLURM_ARRAY_TASK_ID: '2', JOB_COMPLETION_INDEX: '7' }, null, 9).from,
    'SLURM_ARRAY_TASK_ID=2',
  );
  assert.deepEqual(trialFromEnv({ JOB_COMPLETION_INDEX: '7' }, null, 9).indices, [7]);
  assert.deepEqual(trialFromEnv({ MNIST_LAB_TRIAL: '0' }, null, 9).indices, [0]);
  assert.throws(() => trialFromEnv({}, null, 9), /one of SLURM_ARRAY_TASK_ID .* is not set/);
  assert.throws(() => trialFromEnv({ SLURM_ARRAY_TASK_ID: '2' }, 'MY_VAR', 9), /the variable MY_VAR is not set/);
  assert.throws(() => trialFromEnv({ MY_VAR: 'x3' }, 'MY_VAR', 9), /MY_VAR="x3" is not a trial index/);
  assert.throws(() => trialFromEnv({ MY_VAR: '12' }, 'MY_VAR', 9), /trial 12 does not exist/);
});

test('the run flags, once the sweep is loaded: --trial checked against its size, --trial-from-env read from the environment', () => {
  assert.equal(trialSelection(null, 4, {}), null);
  assert.deepEqual(trialSelection({ spec: '1,3', indices: [1, 3] }, 4, {})!.indices, [1, 3]);
  assert.equal(trialSelection({ spec: '1,3', indices: [1, 3] }, 4, {})!.from, '--trial 1,3');
  assert.deepEqual(trialSelection({ variable: 'TASK' }, 4, { TASK: '2' })!.indices, [2]);
  assert.deepEqual(
    trialSelection({ variable: null }, 4, { JOB_COMPLETION_INDEX: '1' })!.from,
    'JOB_COMPLETION_INDEX=1',
  );
  assert.throws(
    () => trialSelection({ spec: '7', indices: [7] }, 4, {}),
    (e: unknown) => e instanceof UsageError && /trial 7 does not exist; this sweep has 4 trials/.test(e.message),
  );
  assert.throws(
    () => trialSelection({ variable: 'TASK' }, 4, {}),
    (e: unknown) => e instanceof UsageError && /the variable TASK is not set/.test(e.message),
  );
});

test('formatTrialList is the shortest list that reads back the same', () => {
  assert.equal(formatTrialList([5, 0, 1, 2, 9, 10]), '0-2,5,9,10');
  assert.equal(formatTrialList([3]), '3');
  for (const list of [[0], [1, 2], [0, 2, 4], [0, 1, 2, 3, 7, 8, 9]])
    assert.deepEqual(parseTrialList(formatTrialList(list), 20), list);
});

test('the sweep key ignores formatting, key order and $schema, not the settings that shape trials', () => {
  const a = { name: 'x', kind: 'binary', training: { seed: 1, epochs: 2 } };
  const b = { $schema: '../elsewhere.json', training: { epochs: 2, seed: 1 }, kind: 'binary', name: 'x' };
  assert.equal(canonicalJson(a), canonicalJson({ kind: 'binary', name: 'x', training: { epochs: 2, seed: 1 } }));
  assert.equal(sweepKey(a, false, null), sweepKey(b, false, null));
  assert.notEqual(sweepKey(a, false, null), sweepKey(a, true, null));
  assert.notEqual(sweepKey(a, false, null), sweepKey(a, false, 3));
  assert.notEqual(sweepKey(a, false, null), sweepKey({ ...a, training: { seed: 2, epochs: 2 } }, false, null));
});
