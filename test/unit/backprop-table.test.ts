// The CLI derivation and the panel's message guards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBackpropTable, textTable } from '../../src/cli/backprop-table';
import { resolveBackprop } from '../../src/experiments/backprop-resolve';
import { runWalkthrough } from '../../src/core/backprop-walkthrough';
import {
  isBackpropHostMessage,
  isBackpropViewState,
  isBackpropWebviewMessage,
} from '../../src/extension/panels/backprop/contract';

const cfg = resolveBackprop({
  inputs: [1, 2],
  target: 1,
  weights: { w1: 0.1, w2: 0.2, w3: -0.3, w4: 0.1, w5: 0.5, w6: -0.1, w7: 0.4, w8: 0.6, w9: -0.2 },
  learningRate: 0.5,
  update: { studentId: '124', even: ['w7', 'w8', 'w9'], odd: ['w1', 'w2'] },
});

test('the CLI derivation shows the hand-computed numbers, the dead neuron and the rule', () => {
  const text = formatBackpropTable(runWalkthrough(cfg));
  const yHat = 1 / (1 + Math.exp(-(0.4 * 0.5 - 0.2 * 0.3)));
  const delta = 2 * (yHat - 1) * yHat * (1 - yHat);
  const six = (v: number) => String(Number(v.toPrecision(6)));
  assert.ok(text.includes(`= ${six(yHat)}`), 'ŷ');
  assert.ok(text.includes(six(delta * 0.5)), '∂L/∂w7');
  assert.ok(text.includes(six(0.4 - 0.5 * delta * 0.5)), 'new w7');
  assert.match(text, /h2 .*dead ReLU/);
  assert.match(text, /ends in 4, which is even/);
  assert.match(text, /L = \(ŷ − y\)²/);
  assert.match(text, /no ½/);
  assert.match(text, /∂L\/∂w1 +∂L\/∂ŷ · ∂ŷ\/∂z_out · ∂z_out\/∂a1 · ∂a1\/∂z1 · ∂z1\/∂w1/);
  assert.match(text, /autodiff: not run/);
  assert.match(text, /Identical neurons get identical gradients/);
});

test('textTable pads columns and right-aligns numbers', () => {
  const t = textTable(
    ['a', 'value'],
    [
      ['x', '1'],
      ['long', '-10.5'],
    ],
    ['l', 'r'],
  ).split('\n');
  assert.deepEqual(t, ['  a     value', '  ────  ─────', '  x         1', '  long  -10.5']);
});

test('message guards accept the protocol and reject anything else', () => {
  const record = runWalkthrough(cfg);
  assert.equal(isBackpropHostMessage({ type: 'init', title: 't', record }), true);
  assert.equal(isBackpropHostMessage({ type: 'init', title: 't', record: { config: {} } }), false);
  assert.equal(isBackpropHostMessage({ type: 'update', title: 't', record }), false);
  assert.equal(isBackpropWebviewMessage({ type: 'ready' }), true);
  assert.equal(isBackpropWebviewMessage({ type: 'runCommand', command: 'x' }), false);
  assert.equal(isBackpropWebviewMessage(null), false);
  assert.equal(isBackpropViewState({ title: 't', record, stage: 'backward', stepIndex: 0 }), true);
  assert.equal(isBackpropViewState({ title: 't', record, stage: 'sideways', stepIndex: 0 }), false);
});
