// Search strategies in the experiment file: random draws, repeats, halving settings, and the
// problems a wrong `search` section gives (file, JSON pointer, what is expected).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridCandidates, randomCandidates } from '../../src/core/search-space';
import { checkExperimentText } from '../../src/experiments/load';
import { resolveExperiment } from '../../src/experiments/resolve';
import type { ExperimentFile } from '../../src/core/schema';

const base = {
  name: 'n',
  kind: 'multiclass',
  model: { hidden: [{ units: 8 }] },
  training: { epochs: 9, seed: 7 },
} as const;
const check = (value: unknown) => checkExperimentText(JSON.stringify(value), 'x.mnistexp.json');
const errors = (value: unknown) => check(value).filter((p) => p.severity === 'error');

test('random draws are the same for the same seed, differ for another, stay in range and never repeat', () => {
  const space = {
    'training.learningRate': { min: 1e-5, max: 1e-1, scale: 'log' as const },
    'training.batchSize': { min: 4, max: 256, scale: 'log' as const, integer: true },
    'model.activation': ['relu', 'tanh'],
  };
  const a = randomCandidates(space, 40, 3);
  assert.deepEqual(randomCandidates(space, 40, 3), a);
  assert.notDeepEqual(randomCandidates(space, 40, 4), a);
  assert.equal(new Set(a.map((c) => JSON.stringify(c))).size, 40);
  for (const c of a) {
    const lr = c['training.learningRate'] as number;
    const b = c['training.batchSize'] as number;
    assert.ok(lr >= 1e-5 && lr <= 1e-1, `lr ${lr}`);
    assert.ok(Number.isInteger(b) && b >= 4 && b <= 256, `batch ${b}`);
    assert.ok(['relu', 'tanh'].includes(c['model.activation'] as string));
  }
  // Log-uniform: about as many draws in each of the four decades (200 draws, 50 expected in each).
  const decades = [0, 0, 0, 0];
  for (const c of randomCandidates(space, 200, 9))
    decades[Math.min(3, Math.floor(Math.log10((c['training.learningRate'] as number) / 1e-5)))]++;
  assert.ok(
    decades.every((n) => n > 25),
    `draws per decade: ${decades}`,
  );
});

test('random search over lists draws distinct grid points and refuses more than the grid has', () => {
  const space = { 'training.batchSize': [4, 16, 32, 64], 'training.learningRate': [0.01, 0.001, 0.0001, 0.00001] };
  const drawn = randomCandidates(space, 16, 1);
  assert.equal(new Set(drawn.map((c) => JSON.stringify(c))).size, 16);
  assert.deepEqual(
    new Set(drawn.map((c) => JSON.stringify(c))),
    new Set(gridCandidates(space).map((c) => JSON.stringify(c))),
  );
  assert.throws(() => randomCandidates(space, 17, 1), /only 16 distinct configurations/);
});

test('repeats train every configuration with consecutive seeds, configuration-major', () => {
  const file = {
    ...base,
    sweep: { 'training.batchSize': [16, 32] },
    search: { repeats: 3 },
  } as unknown as ExperimentFile;
  const r = resolveExperiment(file, null);
  assert.equal(r.trials.length, 6);
  assert.deepEqual(
    r.trials.map((t) => [t.configuration, t.repeat, t.training.seed, t.training.batchSize]),
    [
      [0, 0, 7, 16],
      [0, 1, 8, 16],
      [0, 2, 9, 16],
      [1, 0, 7, 32],
      [1, 1, 8, 32],
      [1, 2, 9, 32],
    ],
  );
  assert.equal(r.trials[4].label, 'batchSize=32 · seed 8');
  assert.deepEqual(r.search, { strategy: 'grid', seed: null, configurations: 2, repeats: 3, halving: null });
});

test('halving resolves its rungs; maxEpochs defaults to training.epochs and a quick run caps it', () => {
  const file = {
    ...base,
    sweep: { 'training.batchSize': [16, 32, 64] },
    search: { halving: { eta: 3 } },
  } as unknown as ExperimentFile;
  const r = resolveExperiment(file, null);
  assert.deepEqual(r.search?.halving, {
    minEpochs: 1,
    maxEpochs: 9,
    eta: 3,
    metric: 'val_loss',
    asynchronous: true,
    budgets: [1, 3, 9],
  });
  assert.ok(r.trials.every((t) => t.training.epochs === 9));
  const quick = resolveExperiment(file, null, { quick: true });
  assert.deepEqual(quick.search?.halving?.budgets, [1, 2]);
});

test('a random search resolves to its draws, seeded by search.seed (else training.seed)', () => {
  const file = {
    ...base,
    sweep: { 'training.learningRate': { min: 1e-4, max: 1e-2, scale: 'log' } },
    search: { strategy: 'random', trials: 5 },
  } as unknown as ExperimentFile;
  const a = resolveExperiment(file, null);
  assert.equal(a.trials.length, 5);
  assert.equal(a.search?.seed, 7);
  const b = resolveExperiment({ ...file, search: { strategy: 'random', trials: 5, seed: 7 } } as ExperimentFile, null);
  assert.deepEqual(
    b.trials.map((t) => t.training.learningRate),
    a.trials.map((t) => t.training.learningRate),
  );
  const c = resolveExperiment({ ...file, search: { strategy: 'random', trials: 5, seed: 8 } } as ExperimentFile, null);
  assert.notDeepEqual(
    c.trials.map((t) => t.training.learningRate),
    a.trials.map((t) => t.training.learningRate),
  );
});

test('a batch-size range drawn through the experiment file gives whole batch sizes', () => {
  const file = {
    ...base,
    sweep: { 'training.batchSize': { min: 4, max: 64, scale: 'log' } },
    search: { strategy: 'random', trials: 12 },
  } as unknown as ExperimentFile;
  const sizes = resolveExperiment(file, null).trials.map((t) => t.training.batchSize);
  assert.ok(
    sizes.every((b) => Number.isInteger(b) && b >= 4 && b <= 64),
    `batch sizes ${sizes}`,
  );
  assert.equal(new Set(sizes).size, 12);
});

test('valid search sections give no problems', () => {
  assert.deepEqual(
    errors({
      ...base,
      sweep: { 'training.batchSize': [16, 32] },
      search: { strategy: 'grid', repeats: 3, halving: { minEpochs: 1, maxEpochs: 9, eta: 3 } },
    }),
    [],
  );
  assert.deepEqual(
    errors({
      ...base,
      sweep: {
        'training.learningRate': { min: 1e-5, max: 1e-2, scale: 'log' },
        'training.batchSize': { min: 8, max: 128 },
      },
      search: { strategy: 'random', trials: 12 },
    }),
    [],
  );
});

test('a wrong search section is reported at its JSON pointer with what is expected', () => {
  const at = (value: unknown) => errors(value).map((p) => `${p.pointer}: ${p.message}`);
  assert.match(
    at({ ...base, sweep: { 'training.learningRate': { min: 1e-5, max: 1e-2 } } }).join('\n'),
    /\/sweep\/training\.learningRate: a range .* random search/,
  );
  assert.match(
    at({ ...base, sweep: { 'training.batchSize': [16] }, search: { strategy: 'random' } }).join('\n'),
    /\/search: a random search needs "trials"/,
  );
  assert.match(
    at({ ...base, sweep: { 'training.batchSize': [16, 32] }, search: { strategy: 'random', trials: 3 } }).join('\n'),
    /\/search\/trials: asks for 3 distinct configurations but the lists allow only 2/,
  );
  assert.match(
    at({
      ...base,
      sweep: { 'training.learningRate': { min: 0.1, max: 0.01 } },
      search: { strategy: 'random', trials: 3 },
    }).join('\n'),
    /\/sweep\/training\.learningRate\/max: "max" \(0\.01\) is smaller than "min" \(0\.1\)/,
  );
  assert.match(
    at({ ...base, sweep: { 'training.batchSize': [16, 32] }, search: { halving: { minEpochs: 20 } } }).join('\n'),
    /\/search\/halving\/minEpochs: minEpochs \(20\) is larger than maxEpochs \(9, from training\.epochs\)/,
  );
  assert.match(
    at({ ...base, sweep: { 'training.seed': [1, 2] }, search: { repeats: 2 } }).join('\n'),
    /\/search\/repeats: .*cannot be combined with sweeping "training\.seed"/,
  );
  assert.match(
    at({ ...base, search: { halving: {} } }).join('\n'),
    /\/search\/halving: successive halving needs configurations/,
  );
  assert.match(
    at({
      ...base,
      data: { validationFraction: 0 },
      training: { epochs: 9 },
      sweep: { 'training.batchSize': [16, 32] },
      search: { halving: {} },
    }).join('\n'),
    /\/search\/halving\/metric: .*no validation set/,
  );
  assert.match(
    at({ ...base, sweep: { 'training.batchSize': [16, 32] }, search: { strategy: 'best-first' } }).join('\n'),
    /\/search\/strategy: .*grid.*random/,
  );
  assert.match(
    at({ ...base, sweep: { 'training.batchSize': [16, 32] }, search: { halving: { eta: 1 } } }).join('\n'),
    /\/search\/halving\/eta/,
  );
  assert.match(
    at({
      ...base,
      sweep: { 'training.batchSize': [16, 32] },
      search: { strategy: 'random', trials: 1, repeats: 500 },
    }).join('\n'),
    /\/search\/repeats/,
  );
  assert.match(
    at({
      ...base,
      sweep: { 'training.batchSize': [16, 32, 64, 128] },
      search: { repeats: 20, strategy: 'grid' },
      model: { hidden: [{ units: 8 }] },
      training: { epochs: 9 },
      'model.x': 1,
    }).join('\n'),
    /model\.x/,
  );
  assert.match(
    at({
      ...base,
      sweep: { 'training.learningRate': { min: 0.001, max: 0.01 }, 'training.batchSize': [16] },
      search: { strategy: 'random', trials: 200, repeats: 2 },
    }).join('\n'),
    /\/search\/trials: the sweep expands to 400 trials; at most 256/,
  );
});
