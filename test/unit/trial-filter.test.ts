// The sweep filter: field comparisons by value, plain words by text, unknown fields reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesTerms, parseFilter } from '../../src/core/trial-filter';

const fields = ['model.activation', 'training.learningRate', 'training.batchSize', 'seed', 'status', 'test acc'];
const rows = [
  {
    values: {
      'model.activation': 'relu',
      'training.learningRate': 0.001,
      'training.batchSize': 16,
      seed: 42,
      status: 'done',
      'test acc': 0.97,
    },
    text: 'relu 0.001 16 heNormal',
  },
  {
    values: {
      'model.activation': 'tanh',
      'training.learningRate': 0.01,
      'training.batchSize': 64,
      seed: 43,
      status: 'done',
      'test acc': 0.95,
    },
    text: 'tanh 0.01 64 glorotUniform',
  },
  {
    values: {
      'model.activation': 'relu',
      'training.learningRate': 0.0001,
      'training.batchSize': 4,
      seed: 43,
      status: 'stopped at rung 0 (1 ep)',
      'test acc': 0.5,
    },
    text: 'relu 1e-4 4 heNormal',
  },
];
const pick = (filter: string) => {
  const f = parseFilter(filter, fields);
  return rows.map((r, i) => (matchesTerms(f, r.values, r.text) ? i : -1)).filter((i) => i >= 0);
};

test('field terms compare values: numbers as numbers (1e-4 < 0.01), names exactly, case-insensitive', () => {
  assert.deepEqual(pick('activation=relu lr<0.01'), [0, 2]);
  assert.deepEqual(pick('lr<0.01'), [0, 2]);
  assert.deepEqual(pick('learningRate>=0.001'), [0, 1]);
  assert.deepEqual(pick('batch>4 batch<=16'), [0]);
  assert.deepEqual(pick('ACTIVATION=Tanh'), [1]);
  assert.deepEqual(pick('seed!=43'), [0]);
  assert.deepEqual(pick('acc>0.9'), []);
  assert.deepEqual(pick('testacc>0.9'), [0, 1]);
});

test('plain words search the row text; both kinds combine with AND', () => {
  assert.deepEqual(pick('heNormal'), [0, 2]);
  assert.deepEqual(pick('henormal lr>=0.001'), [0]);
  assert.deepEqual(pick(''), [0, 1, 2]);
});

test('an unknown field is reported and matches nothing', () => {
  const f = parseFilter('optimiser=adam relu', fields);
  assert.equal(f.errors.length, 1);
  assert.match(f.errors[0], /no field "optimiser" \(filter by model\.activation/);
  assert.deepEqual(pick('optimiser=adam'), []);
});
