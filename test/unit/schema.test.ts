import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import { renderSchemaJson } from '../../src/experiments/schema-json';
import { compileValidator, renderValidatorSource } from '../../src/experiments/validator-source';
import validate from '../../src/experiments/generated/validate-experiment';
import { checkExperimentText, loadExperiment, ExperimentError } from '../../src/experiments/load';
import { ROOT, SAMPLES, FIXTURES } from '../helpers';

const check = (value: unknown, file = 'x.mnistexp.json') => checkExperimentText(JSON.stringify(value), file);
const base = { name: 'n', kind: 'binary', data: { classes: [5, 8] }, model: { hidden: [{ units: 8 }] } };

test('the committed JSON Schema is exactly what the TypeBox source generates (types and schema cannot drift)', () => {
  assert.equal(
    readFileSync(path.join(ROOT, 'schemas', 'mnistexp.schema.json'), 'utf8'),
    renderSchemaJson(),
    'run `npm run schema`',
  );
});

test('the committed validator is exactly what the TypeBox source generates', () => {
  const file = path.join(ROOT, 'src', 'experiments', 'generated', 'validate-experiment.js');
  assert.equal(readFileSync(file, 'utf8'), renderValidatorSource(), 'run `npm run schema`');
});

test('the precompiled validator reports what a schema compiled at run time reports', () => {
  // Every field the messages read (schema-check.ts); the precompiled schema copy lacks only
  // editor annotations, so `parentSchema` is compared through what is read from it.
  const project = (errors: ErrorObject[] | null | undefined) =>
    (errors ?? []).map((e) => ({
      keyword: e.keyword,
      instancePath: e.instancePath,
      schemaPath: e.schemaPath,
      params: e.params,
      message: e.message,
      data: e.data,
      properties: Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}),
      description: (e.parentSchema as { description?: string } | undefined)?.description,
    }));
  const compiled = compileValidator();
  // Every sample and fixture, then each with one value broken or one key added at every place.
  const docs: unknown[] = [];
  for (const dir of [SAMPLES, FIXTURES]) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.mnistexp.json')))
      docs.push(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  }
  const bad: unknown[] = ['rleu', '', -1, 0, 1.5, 1e9, true, null, [], {}, [1, 1], { name: 'x' }];
  const variants: unknown[] = [...docs];
  // Broken in place, copied, then restored: one variant per (place, bad value).
  const mutate = (root: unknown, node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    const at = node as Record<string | number, unknown>;
    for (const [k, v] of Object.entries(at)) {
      for (const b of bad) {
        at[k] = b;
        variants.push(structuredClone(root));
      }
      at[k] = v;
      mutate(root, v);
    }
    if (!Array.isArray(node)) {
      at.normalisation = 1;
      variants.push(structuredClone(root));
      delete at.normalisation;
    }
  };
  for (const d of docs) mutate(d, d);
  assert.ok(variants.length > 1000, `${variants.length} variants`);
  for (const v of variants) {
    const expected = compiled(v);
    assert.equal(validate(v), expected, JSON.stringify(v));
    assert.deepEqual(project(validate.errors), project(compiled.errors), JSON.stringify(v));
  }
});

test('every property in the schema has a description for IntelliSense', () => {
  const missing: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.properties) {
      for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
        if (typeof v.description !== 'string' || typeof v.markdownDescription !== 'string') missing.push(`${at}/${k}`);
        walk(v, `${at}/${k}`);
      }
    }
    for (const key of ['items', 'anyOf', 'additionalItems']) {
      const child = n[key];
      if (Array.isArray(child)) child.forEach((c, i) => walk(c, `${at}/${key}/${i}`));
      else walk(child, `${at}/${key}`);
    }
  };
  walk(JSON.parse(renderSchemaJson()), '');
  assert.deepEqual(missing, []);
});

test('every sample validates without errors', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.mnistexp.json'));
  assert.ok(files.length >= 5);
  for (const f of files) {
    const problems = checkExperimentText(readFileSync(path.join(SAMPLES, f), 'utf8'), f).filter(
      (p) => p.severity === 'error',
    );
    assert.deepEqual(problems, [], f);
  }
});

test('a broken file reports every problem with the file, the JSON pointer and what is expected', () => {
  const file = path.join(FIXTURES, 'broken.mnistexp.json');
  const problems = checkExperimentText(readFileSync(file, 'utf8'), file);
  const byPointer = Object.fromEntries(problems.map((p) => [p.pointer, p.message]));
  assert.ok(problems.every((p) => p.file === file));
  assert.equal(
    byPointer['/data/normalisation'],
    'unknown property "normalisation" — did you mean "normalization"? (allowed: dir, classes, classNames, normalization, split, testFraction, validationFraction, stratify, limit)',
  );
  assert.equal(byPointer['/model/hidden/0/units'], '0 is out of range: expected a number >= 1');
  assert.match(
    byPointer['/model/hidden/0/activation'],
    /^"rleu" is not allowed — did you mean "relu"\?; expected one of: relu, sigmoid, tanh/,
  );
  assert.match(byPointer['/training/optimizer'], /^"adamw" is not allowed — did you mean "adam"\?/);
  assert.equal(byPointer['/training/batchSize'], 'expected integer, got string "big"');
  assert.equal(problems.length, 5);
});

test('unknown top-level keys, missing required keys and invalid JSON are errors', () => {
  const problems = check({ kind: 'binary', nmae: 'x' });
  assert.deepEqual(
    problems.map((p) => [p.pointer, p.message.split(' (allowed')[0]]),
    [
      ['', 'missing required property "name"'],
      ['/nmae', 'unknown property "nmae" — did you mean "name"?'],
    ],
  );
  const bad = checkExperimentText('{ "name": "x", ', 'y.json');
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /^not valid JSON/);
});

test('an initializer union reports the branch the user meant', () => {
  const asObject = check({
    ...base,
    model: { hidden: [{ units: 8 }], initializer: { name: 'randomNormal', stdev: 0.1 } },
  });
  assert.deepEqual(
    asObject.map((p) => p.pointer),
    ['/model/initializer/stdev'],
  );
  assert.match(asObject[0].message, /did you mean "stddev"/);
  const asNumber = check({ ...base, model: { hidden: [{ units: 8 }], initializer: 3 } });
  assert.deepEqual(
    asNumber.map((p) => p.pointer),
    ['/model/initializer'],
  );
  assert.match(asNumber[0].message, /Expected: Kernel initializer/);
});

test('semantic checks: binary needs two classes, batch must fit the training set, early stopping needs validation', () => {
  const tenClasses = check({ ...base, data: {} });
  assert.equal(tenClasses.length, 1);
  assert.match(tenClasses[0].message, /exactly two classes/);
  const bigBatch = check({ ...base, data: { classes: [5, 8], limit: { train: 100 } }, training: { batchSize: 500 } });
  assert.deepEqual(
    bigBatch.map((p) => [p.pointer, p.message]),
    [['/training/batchSize', 'batch size 500 is larger than the 80 training samples this data selection leaves']],
  );
  const sweepBatch = check({
    ...base,
    kind: 'multiclass',
    data: { limit: { train: 100 } },
    sweep: { 'training.batchSize': [4, 512] },
  });
  assert.deepEqual(
    sweepBatch.map((p) => p.pointer),
    ['/sweep/training.batchSize/1'],
  );
  const noVal = check({
    ...base,
    data: { classes: [5, 8], validationFraction: 0 },
    training: { earlyStopping: { patience: 2 } },
  });
  assert.deepEqual(
    noVal.map((p) => p.pointer),
    ['/training/earlyStopping/monitor'],
  );
  const softmax = check({ ...base, model: { hidden: [], outputActivation: 'softmax' } });
  assert.deepEqual(
    softmax.map((p) => p.pointer),
    ['/model/outputActivation'],
  );
});

test('loadExperiment resolves defaults and expands a sweep in written order', () => {
  const { experiment } = loadExperiment(path.join(SAMPLES, 'init-activation-grid.mnistexp.json'));
  assert.equal(experiment.trials.length, 9);
  assert.deepEqual(experiment.sweepParameters, ['model.initializer', 'model.activation']);
  assert.equal(experiment.trials[0].label, 'initializer=randomNormal · activation=relu');
  assert.deepEqual(
    experiment.trials[0].model.hidden.map((l) => [l.units, l.activation, l.initializer]),
    [
      [128, 'relu', { name: 'randomNormal', mean: 0, stddev: 0.05 }],
      [64, 'relu', { name: 'randomNormal', mean: 0, stddev: 0.05 }],
      [32, 'relu', { name: 'randomNormal', mean: 0, stddev: 0.05 }],
    ],
  );
  assert.equal(experiment.trials[8].label, 'initializer=glorotUniform · activation=tanh');
  assert.equal(experiment.trials[4].model.outputUnits, 1);
  const quick = loadExperiment(path.join(SAMPLES, 'multiclass-0-9.mnistexp.json'), { quick: true }).experiment
    .trials[0];
  assert.deepEqual(
    [quick.data.limit, quick.training.epochs, quick.model.outputUnits],
    [{ train: 3000, test: 1000 }, 2, 10],
  );
});

test('loadExperiment throws an ExperimentError naming the file for a broken or missing file', () => {
  const file = path.join(FIXTURES, 'broken.mnistexp.json');
  assert.throws(
    () => loadExperiment(file),
    (e: unknown) =>
      e instanceof ExperimentError && e.problems.length === 5 && e.message.includes(`${file}: /training/optimizer:`),
  );
  assert.throws(
    () => loadExperiment('/nonexistent/x.mnistexp.json'),
    /\/nonexistent\/x.mnistexp.json: \/: cannot read the file/,
  );
});
