// The report's part-3 inside view is computed from the records: its table carries each
// trial's recorded gradient norms, and its sentences change when the records say otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LayerDynamics } from '../../src/core/dynamics';
import type { TrialRecord } from '../../src/core/record';
import { firstLayerGradientChart, insideMarkdown, insideNetworks } from '../../src/report/inside-part3';
import { testLayer } from '../helpers';

const layer = (gradKernel: number, dead: number | null, saturated: number | null): LayerDynamics =>
  testLayer({ gradKernel, gradBias: 0, updateRatio: 0, histogram: [1], dead, saturated });

function trial(
  initializer: string,
  activation: 'relu' | 'sigmoid' | 'tanh',
  grads: number[],
  accuracy: number,
  dead = 0,
): TrialRecord {
  const hidden = (g: number) => layer(g, activation === 'relu' ? dead : null, activation === 'relu' ? null : 0);
  const dyn = { layers: [...grads.slice(0, -1).map(hidden), layer(grads.at(-1)!, null, null)] };
  return {
    config: { model: { hidden: [{ units: 8, activation, initializer: { name: initializer } }] } },
    history: [
      { epoch: 1, dynamics: { layers: dyn.layers.map((l) => ({ ...l, gradKernel: l.gradKernel * 2 })) } },
      { epoch: 2, dynamics: dyn },
    ],
    result: { bestEpoch: 2, testAccuracy: accuracy },
  } as unknown as TrialRecord;
}

test('sigmoid with the weakest first-layer gradient and lower accuracy: the study claim fits', () => {
  const r = insideNetworks([
    trial('heNormal', 'relu', [0.4, 0.2], 0.99, 0.02),
    trial('heNormal', 'sigmoid', [0.004, 0.1], 0.97),
    trial('heNormal', 'tanh', [0.3, 0.2], 0.98),
  ])!;
  assert.equal(r.rows.length, 3);
  assert.deepEqual(r.rows[1].gradients, [0.004, 0.1]);
  assert.equal(r.rows[1].vanishing, true);
  assert.match(
    r.sentences[0],
    /smallest with sigmoid, 4\.00e-3; tanh 3\.00e-1 \(75\.00×\), relu 4\.00e-1 \(100\.00×\)/,
  );
  assert.match(r.sentences[1], /: heNormal \+ sigmoid\.$/);
  assert.match(r.sentences[2], /^Dead ReLU units .*: none; the most is 2\.0 %/);
  assert.match(r.sentences.join(' '), /which fits/);
  const md = insideMarkdown(r).join('\n');
  assert.match(md, /\| heNormal \| sigmoid \| 2 \| 4\.00e-3 \| 1\.00e-1 \| 0\.04 \*\*vanishing\*\* \| – \| 0\.0 % \|/);
});

test('records that contradict the study say so, and dead units are named', () => {
  const r = insideNetworks([
    trial('randomNormal', 'relu', [0.01, 0.2], 0.9, 0.4),
    trial('randomNormal', 'sigmoid', [0.3, 0.2], 0.95),
  ])!;
  assert.match(r.sentences.join(' '), /sigmoid's first-layer gradient is not the weakest/);
  assert.match(r.sentences.join(' '), /do not support that explanation/);
  assert.match(r.sentences.join(' '), /Dead ReLU units .*: randomNormal \+ relu; the most is 40\.0 %/);
  assert.match(r.sentences.join(' '), /1 of its configurations lose 10 % or more of a layer to dead units/);
});

test('no recorded dynamics: no inside section; the chart plots log10 of the first layer per epoch', () => {
  const none = { ...trial('heNormal', 'relu', [1, 1], 0.9), history: [{ epoch: 1 }] } as unknown as TrialRecord;
  assert.equal(insideNetworks([none]), null);
  assert.equal(firstLayerGradientChart([none]), null);
  const svg = firstLayerGradientChart([trial('heNormal', 'sigmoid', [0.01, 1], 0.9)])!;
  assert.match(svg, /First-layer gradient norm over training/);
  assert.match(svg, /<polyline/);
});
