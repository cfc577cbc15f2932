import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareData, selectClasses, stratifiedSplit, type Split } from '../../src/trainer/data/splits';
import { seededRandom } from '../../src/core/random';
import { loadDataset } from '../../src/trainer/data/dataset';
import { trialOf } from '../helpers';

const share = (s: Split, c: number) => s.classes.filter((x) => x === c).length / s.classes.length;

test('selectClasses keeps the listed labels and relabels them in order (5→0, 8→1)', () => {
  const labels = Uint8Array.from([5, 3, 8, 8, 5, 1]);
  const s = selectClasses(labels, [5, 8], 100);
  assert.deepEqual([...s.refs], [100, 102, 103, 104]);
  assert.deepEqual([...s.classes], [0, 1, 1, 0]);
});

test('a stratified split keeps class proportions, is disjoint and complete', () => {
  const n = 1000;
  const classes = Uint8Array.from({ length: n }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30 % class 1
  const split: Split = { refs: Uint32Array.from({ length: n }, (_, i) => i), classes };
  const [rest, held] = stratifiedSplit(split, 0.2, seededRandom(1));
  assert.equal(held.refs.length, 200);
  assert.equal(rest.refs.length, 800);
  assert.equal(share(held, 1), 0.3);
  assert.equal(share(rest, 1), 0.3);
  assert.equal(new Set([...rest.refs, ...held.refs]).size, n);
});

test("the 5-vs-8 sample's pooled split is 20 % test, then 20 % validation, stratified and seeded", () => {
  const ds = loadDataset(null);
  const trial = trialOf({
    kind: 'binary',
    data: { classes: [5, 8], split: 'pooled', testFraction: 0.2, validationFraction: 0.2 },
  });
  const a = prepareData(ds, trial.data, 42);
  const total = 5421 + 892 + 5851 + 974;
  const sizes = [a.train.refs.length, a.validation.refs.length, a.test.refs.length];
  assert.equal(
    sizes.reduce((x, y) => x + y),
    total,
  );
  assert.ok(Math.abs(a.test.refs.length / total - 0.2) < 0.001);
  assert.ok(Math.abs(a.validation.refs.length / (total - a.test.refs.length) - 0.2) < 0.001);
  const eightShare = (5851 + 974) / total;
  for (const s of [a.train, a.validation, a.test]) assert.ok(Math.abs(share(s, 1) - eightShare) < 0.002);
  const all = new Set([...a.train.refs, ...a.validation.refs, ...a.test.refs]);
  assert.equal(all.size, total, 'splits are disjoint');
  const b = prepareData(ds, trial.data, 42);
  assert.deepEqual([...b.test.refs], [...a.test.refs], 'same seed, same split');
  const c = prepareData(ds, trial.data, 43);
  assert.notDeepEqual([...c.test.refs.subarray(0, 20)], [...a.test.refs.subarray(0, 20)]);
  assert.deepEqual([a.scaling.scale, a.scaling.offset], [1 / 255, 0], 'MNIST spans 0..255, so min-max is /255');
});

test('the official split uses the test file as test set; limit takes a stratified subset', () => {
  const ds = loadDataset(null);
  const trial = trialOf({ kind: 'multiclass', data: { limit: { train: 1000, test: 500 } } });
  const d = prepareData(ds, trial.data, 1);
  assert.ok([...d.test.refs].every((r) => r >= 60000));
  assert.ok([...d.train.refs, ...d.validation.refs].every((r) => r < 60000));
  assert.equal(d.test.refs.length, 500);
  assert.equal(d.train.refs.length + d.validation.refs.length, 1000);
  for (let c = 0; c < 10; c++)
    assert.ok(Math.abs(share(d.test, c) - [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009][c] / 10000) < 0.01);
});

test('standardize scales the training pixels to mean 0 and standard deviation 1', () => {
  const ds = loadDataset(null);
  const trial = trialOf({ kind: 'multiclass', data: { normalization: 'standardize', limit: { train: 500 } } });
  const { scaling } = prepareData(ds, trial.data, 3);
  assert.ok(
    Math.abs(scaling.offset / -scaling.scale - 33.3) < 2,
    `mean ≈ 33 grey levels, got ${-scaling.offset / scaling.scale}`,
  );
  assert.ok(Math.abs(1 / scaling.scale - 78.6) < 3, `std ≈ 79 grey levels, got ${1 / scaling.scale}`);
});
