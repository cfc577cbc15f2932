// Defaults, the parity rule and the checks a user meets when a backprop config is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkBackprop, parityChoice, resolveBackprop } from '../../src/experiments/backprop-resolve';
import { checkExperimentText } from '../../src/experiments/load';
import type { BackpropSection, ParameterName } from '../../src/core/schema';
import { SAMPLES } from '../helpers';

const weights = { w1: 0.2, w2: 0.3, w3: 0.4, w4: 0.1, w5: -0.2, w6: 0.2, w7: 0.1, w8: -0.2, w9: 0.3 };
const base: BackpropSection = { inputs: [0.5, 0.8], target: 1, weights };
const rule = (studentId: string): { studentId: string; even: ParameterName[]; odd: ParameterName[] } => ({
  studentId,
  even: ['w7', 'w8', 'w9'],
  odd: ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'],
});

test('defaults: biases 0, η 0.1, 1 step, relu → sigmoid, mse, update all', () => {
  const r = resolveBackprop(base);
  assert.deepEqual(r.biases, { b1: 0, b2: 0, b3: 0, bOut: 0 });
  assert.equal(r.learningRate, 0.1);
  assert.equal(r.steps, 1);
  assert.equal(r.hiddenActivation, 'relu');
  assert.equal(r.outputActivation, 'sigmoid');
  assert.equal(r.loss, 'mse');
  assert.deepEqual(r.update, ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'b1', 'b2', 'b3', 'bOut']);
  assert.deepEqual(r.source, base);
  const given = resolveBackprop({ ...base, biases: { b2: -1 }, learningRate: 0.3, update: ['w9', 'b1', 'w1'] });
  assert.deepEqual(given.biases, { b1: 0, b2: -1, b3: 0, bOut: 0 });
  assert.equal(given.learningRate, 0.3);
  assert.deepEqual(given.update, ['w1', 'w9', 'b1'], 'canonical order whatever the order listed');
});

test('parity rule: the last digit of the student ID picks the list', () => {
  for (const [id, parity] of [
    ['20231458', 'even'],
    ['20231457', 'odd'],
    ['0', 'even'],
    ['9', 'odd'],
    ['A12', 'even'],
    ['2023-1', 'odd'],
  ] as const) {
    const r = resolveBackprop({ ...base, update: rule(id) });
    const lastDigit = Number(id[id.length - 1]);
    assert.equal(lastDigit % 2 === 0 ? 'even' : 'odd', parity, 'the table above is itself right');
    assert.deepEqual(r.update, parity === 'even' ? ['w7', 'w8', 'w9'] : ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'], id);
    assert.match(r.updateReason, new RegExp(`ends in ${lastDigit}, which is ${parity}`));
    assert.equal(parityChoice(rule(id)).parity, parity);
  }
});

const problemsOf = (backprop: unknown, extra: Record<string, unknown> = {}) =>
  checkExperimentText(JSON.stringify({ name: 't', kind: 'backprop', backprop, ...extra }), 'bad.mnistexp.json');

test('bad configs are rejected with the file, the pointer and what is expected', () => {
  const { w9: _dropped, ...eight } = weights;
  void _dropped;
  const missing = problemsOf({ ...base, weights: eight });
  assert.ok(
    missing.some(
      (p) =>
        p.file === 'bad.mnistexp.json' &&
        p.pointer === '/backprop/weights' &&
        /w9/.test(p.message) &&
        p.severity === 'error',
    ),
    JSON.stringify(missing),
  );

  const unknown = problemsOf({ ...base, update: ['w7', 'w10'] });
  assert.ok(
    unknown.some((p) => p.pointer.startsWith('/backprop/update') && p.severity === 'error'),
    JSON.stringify(unknown),
  );

  const bceLinear = problemsOf({ ...base, loss: 'bce', outputActivation: 'linear' });
  assert.deepEqual(
    bceLinear.map((p) => [p.pointer, p.severity]),
    [['/backprop/loss', 'error']],
  );
  assert.match(bceLinear[0].message, /sigmoid/);

  const bceTarget = problemsOf({ ...base, loss: 'bce', target: 2 });
  assert.deepEqual(
    bceTarget.map((p) => [p.pointer, p.severity]),
    [['/backprop/target', 'error']],
  );
  assert.match(bceTarget[0].message, /between 0 and 1/);

  const unreachable = problemsOf({ ...base, target: 1.5 });
  assert.deepEqual(
    unreachable.map((p) => [p.pointer, p.severity]),
    [['/backprop/target', 'warning']],
  );

  const sameLists = problemsOf({ ...base, update: { studentId: '7', even: ['w7'], odd: ['w7'] } });
  assert.deepEqual(
    sameLists.map((p) => [p.pointer, p.severity]),
    [['/backprop/update', 'warning']],
  );

  assert.deepEqual(problemsOf(base), [], 'a good config has no problems');
});

test('a dead ReLU neuron whose weights are selected draws a warning', () => {
  // x = (−1, 0): z2 = 0.4·(−1) + 0.1·0 = −0.4 ≤ 0 (and z1 = −0.2, but w1, w2, b1 are not selected).
  const dead = checkBackprop({ ...base, inputs: [-1, 0], update: ['w3', 'w4', 'w7'] });
  assert.equal(dead.length, 1, JSON.stringify(dead));
  assert.equal(dead[0].severity, 'warning');
  assert.match(dead[0].message, /h2 starts dead/);
  assert.match(dead[0].message, /w3, w4 will get a zero gradient/);
  assert.deepEqual(checkBackprop({ ...base, inputs: [-1, 0], update: ['w7', 'w8'] }), [], 'w7, w8 still learn');
});

test('semantic checks JSON Schema cannot make: duplicates, empty lists, non-finite numbers', () => {
  const dup = checkBackprop({ ...base, update: ['w7', 'w8', 'w7'] });
  assert.deepEqual(
    dup.map((p) => p.pointer),
    ['/update/2'],
  );
  assert.match(dup[0].message, /listed twice \(also at index 0\)/);
  const empty = checkBackprop({ ...base, update: { studentId: '4', even: [], odd: ['w1'] } });
  assert.deepEqual(
    empty.map((p) => p.pointer),
    ['/update/even'],
  );
  const inf = checkBackprop({ ...base, inputs: [Infinity, 0.5], weights: { ...weights, w4: NaN } });
  assert.deepEqual(
    inf.map((p) => p.pointer),
    ['/inputs/0', '/weights/w4'],
  );
  assert.ok(inf.every((p) => p.severity === 'error' && /not a finite number/.test(p.message)));
});

test('the two sample files are valid and say what they show', () => {
  for (const name of ['backprop-2-3-1', 'backprop-symmetry']) {
    const file = path.join(__dirname, '../../samples', `${name}.mnistexp.json`);
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(checkExperimentText(text, file), [], name);
    const json = JSON.parse(text) as { $schema: string; kind: string; description: string; backprop: BackpropSection };
    assert.equal(json.$schema, '../schemas/mnistexp.schema.json');
    assert.equal(json.kind, 'backprop');
    assert.ok(json.description.length > 100);
  }
  const sym = JSON.parse(
    readFileSync(path.join(__dirname, '../../samples/backprop-symmetry.mnistexp.json'), 'utf8'),
  ) as { backprop: BackpropSection };
  const w = sym.backprop.weights;
  const b = sym.backprop.biases!;
  assert.ok(
    w.w1 === w.w3 &&
      w.w3 === w.w5 &&
      w.w2 === w.w4 &&
      w.w4 === w.w6 &&
      w.w7 === w.w8 &&
      w.w8 === w.w9 &&
      b.b1 === b.b2 &&
      b.b2 === b.b3,
  );
});

test("the part-1 sample's student ID is the study's example, and the update reason says so", async () => {
  const { STUDY_EXAMPLE_STUDENT_ID } = await import('../../src/core/case-study');
  type Rule = { studentId: string; even: ParameterName[]; odd: ParameterName[] };
  const sample = JSON.parse(readFileSync(path.join(SAMPLES, 'backprop-2-3-1.mnistexp.json'), 'utf8')) as {
    backprop: BackpropSection & { update: Rule };
  };
  const rule: Rule = sample.backprop.update;
  assert.equal(rule.studentId, STUDY_EXAMPLE_STUDENT_ID);
  assert.match(
    resolveBackprop(sample.backprop).updateReason,
    /^parity rule: the study's example student ID 20231458 ends in 8, which is even/,
  );
  const own = resolveBackprop({ ...sample.backprop, update: { ...rule, studentId: '777' } });
  assert.match(own.updateReason, /^parity rule: student ID 777 ends in 7, which is odd/);
});
