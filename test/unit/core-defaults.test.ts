// Experiment defaults (src/core/defaults.ts): what IntelliSense shows, what resolve applies and
// what semantic checks assume must be the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ALL_DIGITS,
  BACKPROP_DEFAULTS,
  DATA_DEFAULTS,
  EARLY_STOPPING_DEFAULTS,
  EVALUATION_DEFAULTS,
  MODEL_DEFAULTS,
  QUICK_DEFAULTS,
  RANDOM_NORMAL_DEFAULTS,
  TRAINING_DEFAULTS,
} from '../../src/core/defaults';
import type { ExperimentFile } from '../../src/core/schema';
import { resolveExperiment } from '../../src/experiments/resolve';
import { estimatedTrainingSamples } from '../../src/experiments/semantic';
import { ROOT } from '../helpers';
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'mnistexp.schema.json'), 'utf8'));
const props = (node: { properties: Record<string, { default?: unknown }> }) =>
  Object.fromEntries(
    Object.entries(node.properties)
      .filter(([, v]) => 'default' in v)
      .map(([k, v]) => [k, v.default]),
  );

test('the JSON Schema documents the core defaults', () => {
  const p = schema.properties;
  assert.deepEqual(props(p.data), { ...DATA_DEFAULTS });
  assert.deepEqual(props(p.training), {
    optimizer: TRAINING_DEFAULTS.optimizer,
    learningRate: TRAINING_DEFAULTS.learningRate,
    batchSize: TRAINING_DEFAULTS.batchSize,
    epochs: TRAINING_DEFAULTS.epochs,
    seed: TRAINING_DEFAULTS.seed,
  });
  const es = p.training.properties.earlyStopping.anyOf.find((b: { type?: string }) => b.type === 'object');
  assert.deepEqual(props(es), { ...EARLY_STOPPING_DEFAULTS });
  assert.deepEqual(props(p.quick), { ...QUICK_DEFAULTS });
  assert.deepEqual(props(p.evaluation), { ...EVALUATION_DEFAULTS });
  const { bias: _bias, ...backprop } = BACKPROP_DEFAULTS;
  assert.deepEqual(props(p.backprop), backprop);
});

test('a file that leaves everything out resolves to the core defaults', () => {
  const file = { name: 'minimal', kind: 'multiclass', model: { hidden: [{ units: 8 }] } } as ExperimentFile;
  const [trial] = resolveExperiment(file, null).trials;
  assert.deepEqual(trial.data.classes, [...ALL_DIGITS]);
  const { dir: _dir, classes: _c, classNames: _n, limit: _l, ...data } = trial.data;
  assert.deepEqual(data, { ...DATA_DEFAULTS });
  assert.equal(trial.model.hidden[0].activation, MODEL_DEFAULTS.activation);
  assert.deepEqual(trial.model.hidden[0].initializer, { name: MODEL_DEFAULTS.initializer });
  const { loss: _loss, earlyStopping, ...training } = trial.training;
  assert.deepEqual(training, { ...TRAINING_DEFAULTS });
  assert.equal(earlyStopping, null, 'early stopping is off unless asked for');
  assert.deepEqual(trial.evaluation, { ...EVALUATION_DEFAULTS });
  const withEs = resolveExperiment({ ...file, training: { earlyStopping: {} } }, null).trials[0];
  assert.deepEqual(withEs.training.earlyStopping, { ...EARLY_STOPPING_DEFAULTS });
  const normal = resolveExperiment({ ...file, model: { hidden: [{ units: 8 }], initializer: 'randomNormal' } }, null)
    .trials[0];
  assert.deepEqual(normal.model.hidden[0].initializer, { name: 'randomNormal', ...RANDOM_NORMAL_DEFAULTS });
});

test('a quick run shrinks to the core quick defaults', () => {
  const file = { name: 'q', kind: 'multiclass', model: { hidden: [] }, training: { epochs: 50 } } as ExperimentFile;
  const [trial] = resolveExperiment(file, null, { quick: true }).trials;
  assert.deepEqual(trial.data.limit, { train: QUICK_DEFAULTS.train, test: QUICK_DEFAULTS.test });
  assert.equal(trial.training.epochs, QUICK_DEFAULTS.epochs);
});

test('the semantic checks assume the same validation share as resolve applies', () => {
  const file = {
    name: 's',
    kind: 'binary',
    data: { classes: [5, 8], limit: { train: 1000 } },
    model: { hidden: [] },
  } as ExperimentFile;
  assert.equal(estimatedTrainingSamples(file), Math.floor(1000 * (1 - DATA_DEFAULTS.validationFraction)));
});
