// The model summary counts parameters as Keras's model.summary() does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { architectureLabel, modelSummary } from '../../src/core/model-summary';
import { trialOf } from '../helpers';

test('784-128-64-32-10 has 111,146 parameters, as Keras counts them', () => {
  const s = modelSummary(
    trialOf({ kind: 'multiclass', model: { hidden: [{ units: 128 }, { units: 64 }, { units: 32 }] } }).model,
  );
  assert.equal(architectureLabel(s), '784-128-64-32-10');
  assert.deepEqual(
    s.layers.map((l) => l.params),
    [100480, 8256, 2080, 330],
  );
  assert.equal(s.total, 111146);
  assert.deepEqual(
    s.layers.map((l) => [l.name, l.outputShape, l.activation]),
    [
      ['dense_1', '(None, 128)', 'relu'],
      ['dense_2', '(None, 64)', 'relu'],
      ['dense_3', '(None, 32)', 'relu'],
      ['dense_4', '(None, 10)', 'softmax'],
    ],
  );
});

test('the binary and batch-grid nets, per-layer activations and initializers', () => {
  const binary = modelSummary(
    trialOf({
      kind: 'binary',
      data: { classes: [5, 8] },
      model: { hidden: [{ units: 128 }, { units: 64 }], initializer: { name: 'randomNormal', stddev: 0.1 } },
    }).model,
  );
  assert.equal(binary.total, 108801);
  assert.equal(binary.layers[0].initializer, 'randomNormal(μ=0, σ=0.1)');
  assert.equal(
    binary.layers[2].initializer,
    'randomNormal(μ=0, σ=0.1)',
    "the output layer takes the last hidden layer's initializer, as the trainer builds it",
  );
  const grid = modelSummary(
    trialOf({ kind: 'multiclass', model: { hidden: [{ units: 32, activation: 'tanh' }, { units: 16 }] } }).model,
  );
  assert.equal(grid.total, 25818);
  assert.deepEqual(
    grid.layers.map((l) => l.activation),
    ['tanh', 'relu', 'softmax'],
  );
  assert.equal(
    modelSummary(trialOf({ kind: 'binary', model: { hidden: [] } }).model).layers[0].initializer,
    'glorotUniform',
  );
});
