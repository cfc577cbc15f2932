// Exported Keras scripts run for real in the Keras venv (npm run bench:setup-keras): the
// backprop walkthrough must match the hand chain rule, a small sweep must train on the same
// splits as MNIST Lab and land in its accuracy band. Skipped, with the reason, without the venv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { kerasScript } from '../../src/export/keras-script';
import { resolveExperiment } from '../../src/experiments/resolve';
import { loadExperiment } from '../../src/experiments/load';
import { embeddedMnistDir } from '../../src/experiments/embedded-mnist';
import { gradientMap, runWalkthrough } from '../../src/core/backprop-walkthrough';
import { loadDataset } from '../../src/trainer/data/dataset';
import { trainTrial } from '../../src/trainer/train';
import type { ExperimentFile } from '../../src/core/schema';
import type { ResolvedExperiment } from '../../src/core/experiment';
import { ROOT, SAMPLES, tempDir } from '../helpers';
import { useWasm } from './wasm-backend';

const PYTHON = process.env.BENCH_PYTHON ?? path.join(ROOT, '.bench-venv', 'bin', 'python');
const venvProblem = !existsSync(PYTHON)
  ? `no Keras venv at ${PYTHON}; run npm run bench:setup-keras (or set BENCH_PYTHON)`
  : spawnSync(PYTHON, ['-c', 'import keras, tensorflow, numpy'], { encoding: 'utf8' }).status !== 0
    ? `${PYTHON} cannot import keras, tensorflow and numpy; run npm run bench:setup-keras`
    : null;
const needKeras = venvProblem ? { skip: venvProblem } : {};

interface KerasTrial {
  index: number;
  label: string;
  testAccuracy: number;
  testLoss: number;
  valLoss: number;
  epochsRun: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  sizes: { train: number; validation: number; test: number };
  history: Record<string, number[]>;
}
interface KerasSummary {
  experiment: string;
  kind: string;
  keras: string;
  trials?: KerasTrial[];
  losses?: number[];
  gradients?: Record<string, number>;
  final?: Record<string, number>;
}

function runScript(experiment: ResolvedExperiment): { summary: KerasSummary; stdout: string } {
  const file = path.join(tempDir('mnistlab-keras-run-'), 'exp.keras.py');
  writeFileSync(file, kerasScript(experiment, { mnistDir: embeddedMnistDir() }));
  // One TensorFlow thread: other test processes share this machine's cores.
  const r = spawnSync(PYTHON, [file, '--threads', '1'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 10 * 60_000,
  });
  assert.equal(r.status, 0, `script failed: ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  return { summary: JSON.parse(lines.at(-1)!) as KerasSummary, stdout: r.stdout };
}

test(
  "the backprop walkthrough in Keras autodiff gives the hand chain rule's losses, gradients and weights",
  { ...needKeras },
  () => {
    for (const sample of ['backprop-2-3-1', 'backprop-symmetry']) {
      const { experiment } = loadExperiment(path.join(SAMPLES, `${sample}.mnistexp.json`));
      const hand = runWalkthrough(experiment.backprop!);
      const { summary } = runScript(experiment);
      assert.equal(summary.kind, 'backprop');
      assert.equal(
        summary.losses!.length,
        hand.losses.length,
        `${sample}: one loss before the first step and one after each`,
      );
      summary.losses!.forEach((l, i) =>
        assert.ok(Math.abs(l - hand.losses[i]) < 1e-12, `${sample} loss ${i}: keras ${l} vs hand ${hand.losses[i]}`),
      );
      const handGradients = gradientMap(hand.steps[0].backward);
      for (const [param, value] of Object.entries(handGradients)) {
        assert.ok(
          Math.abs(summary.gradients![param] - value) < 1e-12,
          `${sample} ∂L/∂${param}: keras ${summary.gradients![param]} vs hand ${value}`,
        );
      }
      const final = { ...hand.final.weights, ...hand.final.biases } as Record<string, number>;
      for (const [param, value] of Object.entries(final))
        assert.ok(Math.abs(summary.final![param] - value) < 1e-12, `${sample} final ${param}`);
    }
  },
);

const SMALL_SWEEP: ExperimentFile = {
  name: 'small sweep',
  kind: 'multiclass',
  data: { normalization: 'standardize', limit: { train: 3000, test: 1000 } },
  model: { hidden: [{ units: 32 }, { units: 16 }], initializer: { name: 'randomNormal', stddev: 0.05 } },
  training: {
    batchSize: 32,
    epochs: 3,
    learningRate: 0.002,
    seed: 3,
    earlyStopping: { monitor: 'val_loss', patience: 1 },
  },
  sweep: { 'model.activation': ['relu', 'tanh'] },
};

test(
  "an exported sweep trains each trial in Keras on MNIST Lab's splits and lands in its accuracy band",
  { ...needKeras },
  async () => {
    const experiment = resolveExperiment(SMALL_SWEEP, null);
    const { summary, stdout } = runScript(experiment);
    assert.equal(summary.trials!.length, 2);
    assert.match(stdout, /\[1\/2 activation=relu\] test accuracy \d+\.\d\d %/);
    await useWasm();
    const dataset = loadDataset(null);
    for (const [i, trial] of experiment.trials.entries()) {
      const keras = summary.trials![i];
      assert.equal(keras.label, trial.label);
      const ours = await trainTrial(dataset, trial);
      assert.deepEqual(keras.sizes, ours.result!.sizes, 'same split sizes');
      assert.ok(
        keras.epochsRun >= 1 && keras.epochsRun <= 3 && keras.bestEpoch <= keras.epochsRun,
        `epochs ${keras.epochsRun}, best ${keras.bestEpoch}`,
      );
      assert.equal(keras.history.val_loss.length, keras.epochsRun, 'validated every epoch');
      assert.ok(keras.testAccuracy > 0.85, `${trial.label}: Keras test accuracy ${keras.testAccuracy}`);
      // Same data, net, optimizer and epochs; different random streams: a few points apart at most.
      assert.ok(
        Math.abs(keras.testAccuracy - ours.result!.testAccuracy) < 0.04,
        `${trial.label}: Keras ${keras.testAccuracy} vs MNIST Lab ${ours.result!.testAccuracy}`,
      );
    }
  },
);

test('early stopping in the exported script stops on patience and restores the best epoch', { ...needKeras }, () => {
  // A tiny training set and a large learning rate over-fit fast, so validation loss rises.
  const experiment = resolveExperiment(
    {
      name: 'overfit',
      kind: 'binary',
      data: { classes: [5, 8], split: 'pooled', normalization: 'minmax', limit: { train: 300, test: 500 } },
      model: { hidden: [{ units: 64 }] },
      training: {
        batchSize: 8,
        epochs: 30,
        learningRate: 0.01,
        seed: 1,
        earlyStopping: { monitor: 'val_loss', patience: 2, restoreBestWeights: true },
      },
    },
    null,
  );
  const { summary } = runScript(experiment);
  const t = summary.trials![0];
  assert.ok(t.stoppedEarly && t.epochsRun < 30, `ran ${t.epochsRun} epochs`);
  const val = t.history.val_loss;
  assert.equal(t.epochsRun, t.bestEpoch + 2, 'stops patience epochs after the best');
  assert.equal(Math.min(...val), val[t.bestEpoch - 1]);
  assert.ok(val.slice(t.bestEpoch).every((v) => v >= val[t.bestEpoch - 1]));
  // The validation split scored again after training: the best epoch's weights, not the last.
  assert.ok(
    Math.abs(t.valLoss - val[t.bestEpoch - 1]) < 1e-5,
    `restored val loss ${t.valLoss} vs best epoch ${val[t.bestEpoch - 1]}`,
  );
  assert.ok(Math.abs(t.valLoss - val.at(-1)!) > 1e-4, `restored val loss ${t.valLoss} vs last epoch ${val.at(-1)}`);
});
