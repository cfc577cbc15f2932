// The exported Keras script as text, and the parts of it plain python3 can check without
// TensorFlow: it compiles, its settings decode to exactly what was exported (hostile names
// included), and its port of the split rules picks the same rows as the trainer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { kerasScript, kerasSettings } from '../../src/export/keras-script';
import { pythonJsonLiteral } from '../../src/export/python-literal';
import { resolveExperiment } from '../../src/experiments/resolve';
import { loadExperiment } from '../../src/experiments/load';
import { embeddedMnistDir } from '../../src/experiments/embedded-mnist';
import { loadDataset } from '../../src/trainer/data/dataset';
import { prepareData } from '../../src/trainer/data/splits';
import { defaultScriptPath, exportKerasCommand } from '../../src/cli/export-keras';
import type { ExperimentFile } from '../../src/core/schema';
import { SAMPLES, tempDir } from '../helpers';

const PYTHON = 'python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import json'], { encoding: 'utf8' }).status === 0;
const needPython = hasPython
  ? {}
  : { skip: `${PYTHON} is not on PATH: the generated script cannot be checked with Python here` };

const mnistDir = embeddedMnistDir();
const scriptFor = (file: ExperimentFile, options: { quick?: boolean; seed?: number } = {}) =>
  kerasScript(resolveExperiment(file, null, options), { mnistDir });

function writeScript(text: string): string {
  const file = path.join(tempDir('mnistlab-keras-'), 'exp.keras.py');
  writeFileSync(file, text);
  return file;
}

/** Runs the script's top level only (definitions and SETTINGS, not main) and prints SETTINGS. */
function settingsSeenByPython(script: string, cwd: string): unknown {
  const file = writeScript(script);
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      'import json, runpy, sys; g = runpy.run_path(sys.argv[1], run_name="exported"); print(json.dumps(g["SETTINGS"]))',
      file,
    ],
    { encoding: 'utf8', cwd },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const TEN: ExperimentFile = {
  name: 'ten',
  kind: 'multiclass',
  model: {
    hidden: [{ units: 32 }, { units: 16, activation: 'tanh', initializer: { name: 'randomNormal', stddev: 0.1 } }],
  },
  training: {
    batchSize: 64,
    epochs: 3,
    optimizer: 'rmsprop',
    learningRate: 0.002,
    earlyStopping: { monitor: 'val_accuracy', patience: 2 },
  },
  sweep: { 'training.batchSize': [16, 64], 'model.activation': ['relu', 'sigmoid'] },
};

test('the script carries every trial as MNIST Lab resolves it: sweep expanded, defaults and seed applied', () => {
  const experiment = resolveExperiment(TEN, null, { seed: 7 });
  const settings = kerasSettings(experiment, { mnistDir });
  assert.equal(settings.trials.length, 4);
  assert.deepEqual(
    settings.trials.map((t) => [t.training.batchSize, t.model.hidden[0].activation]),
    [
      [16, 'relu'],
      [16, 'sigmoid'],
      [64, 'relu'],
      [64, 'sigmoid'],
    ],
  );
  const t = settings.trials[0];
  assert.equal(t.training.seed, 7);
  assert.deepEqual(t.model.hidden[1], {
    units: 16,
    activation: 'tanh',
    initializer: { name: 'randomNormal', mean: 0, stddev: 0.1 },
  });
  assert.deepEqual(t.model.hidden[0].initializer, { name: 'glorotUniform' });
  assert.deepEqual(t.training.earlyStopping, {
    monitor: 'val_accuracy',
    patience: 2,
    minDelta: 0,
    restoreBestWeights: true,
  });
  assert.equal(t.training.optimizer, 'rmsprop');
  assert.deepEqual(t.data, {
    dir: null,
    classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    normalization: 'divide255',
    split: 'official',
    testFraction: 0.2,
    validationFraction: 0.2,
    stratify: true,
    limit: {},
  });
  assert.equal(settings.mnistDir, mnistDir);

  const quick = kerasSettings(resolveExperiment(TEN, null, { quick: true }), { mnistDir });
  assert.deepEqual(quick.trials[0].data.limit, { train: 3000, test: 1000 });
  assert.equal(quick.trials[0].training.epochs, 2);
  assert.equal(quick.quick, true);
});

test('the script has one settings line and the fixed program, and no value outside that literal', () => {
  const script = scriptFor({ ...TEN, name: 'ten digits (sweep)' });
  assert.match(script, /^#!\/usr\/bin\/env python3\n/);
  const settingsLines = script.split('\n').filter((l) => l.startsWith('SETTINGS = '));
  assert.equal(settingsLines.length, 1);
  assert.match(
    settingsLines[0],
    /^SETTINGS = json\.loads\("(?:[^"\\]|\\.)*"\)$/,
    'one string literal, every quote inside escaped',
  );
  assert.ok(/^[\x20-\x7e]*$/.test(settingsLines[0]), 'the literal is printable ASCII');
  for (const name of [
    'def stratified_split',
    'def build_model',
    'def make_early_stopping',
    'keras.callbacks.Callback',
    'def backprop_walkthrough',
    'if __name__ == "__main__":',
  ]) {
    assert.ok(script.includes(name), `script defines ${name}`);
  }
  const withoutSettings = script.replace(settingsLines[0], '');
  assert.ok(!withoutSettings.includes('ten digits (sweep)'), 'the name appears only inside the settings literal');
});

test('python literals survive quotes, backslashes, newlines, non-ASCII and lone surrogates', { ...needPython }, () => {
  const values = [
    'plain',
    'a"b',
    "a'b",
    'back\\slash\\"',
    'line\nbreak\r\n',
    '"""',
    "'''",
    '\u2028\u2029',
    'ünïcödé → ∂L/∂w',
    '😀 emoji',
    '\ud800 lone',
    '\u0000\u001f\u007f',
  ];
  const r = spawnSync(
    PYTHON,
    ['-c', `import json, sys\nfor line in sys.stdin.read().splitlines():\n    print(json.dumps(eval(line)))`],
    { input: values.map(pythonJsonLiteral).join('\n'), encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const back = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(JSON.parse(l) as string) as unknown);
  assert.deepEqual(back, values);
});

test('a hostile experiment name, class name or folder cannot inject Python code', { ...needPython }, () => {
  const cwd = tempDir('mnistlab-keras-hostile-');
  const payload = `x"""\nimport os; open("PWNED", "w").write("1")\n"""\\" + open("PWNED2","w").write("1") + "\n#`;
  const file: ExperimentFile = {
    name: payload,
    description: payload,
    kind: 'binary',
    data: { classes: [5, 8], classNames: [payload, "');import os;os.system('touch PWNED3')#"], dir: `./${payload}` },
    model: { hidden: [{ units: 8 }] },
  };
  const seen = settingsSeenByPython(scriptFor(file), cwd) as { name: string; trials: { data: { dir: string } }[] };
  assert.equal(seen.name, payload);
  assert.equal(seen.trials[0].data.dir, path.resolve(process.cwd(), `./${payload}`));
  for (const f of ['PWNED', 'PWNED2', 'PWNED3']) assert.ok(!existsSync(path.join(cwd, f)), `${f} must not be created`);
});

test('the generated script is valid Python for every sample of the case study', { ...needPython }, () => {
  for (const sample of ['backprop-2-3-1', 'binary-5-vs-8', 'init-activation-grid', 'multiclass-0-9', 'batch-lr-grid']) {
    const { experiment } = loadExperiment(path.join(SAMPLES, `${sample}.mnistexp.json`));
    const file = writeScript(kerasScript(experiment, { mnistDir }));
    const r = spawnSync(PYTHON, ['-m', 'py_compile', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${sample}: ${r.stderr}`);
  }
});

/** The rows of each split as the trainer picks them and as the exported script picks them. */
function compareSplits(file: ExperimentFile, options: { quick?: boolean } = {}): void {
  const experiment = resolveExperiment(file, null, options);
  const script = writeScript(kerasScript(experiment, { mnistDir }));
  const r = spawnSync(PYTHON, [script, '--dump-splits'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const python = JSON.parse(r.stdout) as { train: number[]; validation: number[]; test: number[] }[];
  assert.equal(python.length, experiment.trials.length);
  const dataset = loadDataset(null);
  experiment.trials.forEach((trial, i) => {
    const ours = prepareData(dataset, trial.data, trial.training.seed);
    for (const split of ['train', 'validation', 'test'] as const) {
      assert.equal(python[i][split].length, ours[split].refs.length, `${file.name} trial ${i} ${split} size`);
      assert.deepEqual(
        python[i][split],
        Array.from(ours[split].refs),
        `${file.name} trial ${i} ${split} rows, in order`,
      );
    }
  });
}

test('the script splits the data into the same rows, in the same order, as the trainer', { ...needPython }, () => {
  // Pooled and re-split, stratified (parts 2 and 3), with a limit and a seed of its own.
  compareSplits({
    name: 'pooled',
    kind: 'binary',
    data: { classes: [5, 8], split: 'pooled', testFraction: 0.2, validationFraction: 0.2, normalization: 'minmax' },
    model: { hidden: [] },
    training: { seed: 42 },
  });
  compareSplits({
    name: 'pooled, unstratified, limited',
    kind: 'multiclass',
    data: {
      classes: [3, 1, 7],
      split: 'pooled',
      testFraction: 0.3,
      validationFraction: 0.15,
      stratify: false,
      limit: { train: 2501, test: 777 },
    },
    model: { hidden: [] },
    training: { seed: 123456789 },
  });
  // Official files with the quick subset (parts 4 and 5 in quick mode), and a seed past 2^31.
  compareSplits(
    { name: 'official quick', kind: 'multiclass', model: { hidden: [] }, training: { seed: 3_000_000_000 } },
    { quick: true },
  );
  // 1001 × 0.5 = 500.5: JavaScript rounds halves up, Python's round() would not.
  compareSplits({
    name: 'half',
    kind: 'multiclass',
    data: { validationFraction: 0.5, limit: { train: 1001, test: 100 } },
    model: { hidden: [] },
    training: { seed: 5 },
  });
  compareSplits({
    name: 'no validation',
    kind: 'multiclass',
    data: { validationFraction: 0, limit: { train: 1000, test: 100 } },
    model: { hidden: [] },
    training: { seed: 0 },
  });
});

const plain = (file: string) => ({ file, out: undefined, quick: false, seed: undefined, force: false });

test('export-keras writes beside the experiment and never replaces an existing file without --force', () => {
  const dir = tempDir('mnistlab-export-');
  const exp = path.join(dir, 'my net.mnistexp.json');
  writeFileSync(exp, readFileSync(path.join(SAMPLES, 'binary-5-vs-8.mnistexp.json')));
  const target = defaultScriptPath(exp);
  assert.equal(target, path.join(dir, 'my net.keras.py'));
  const log = console.log;
  const error = console.error;
  const errors: string[] = [];
  console.log = () => {};
  console.error = (m: string) => errors.push(m);
  try {
    assert.equal(exportKerasCommand(plain(exp)), 0);
    const first = readFileSync(target, 'utf8');
    assert.match(first, /"name\\": \\"Binary 5 vs 8\\"|\\"name\\":\\"Binary 5 vs 8\\"/);
    writeFileSync(target, 'my own edits');
    assert.equal(exportKerasCommand(plain(exp)), 2);
    assert.equal(readFileSync(target, 'utf8'), 'my own edits', 'an existing file is left alone');
    assert.match(errors.join('\n'), /already exists; pass --force/);
    assert.equal(exportKerasCommand({ ...plain(exp), force: true }), 0);
    assert.equal(readFileSync(target, 'utf8'), first);
    const bad = path.join(dir, 'bad.mnistexp.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', kind: 'binary', model: { hidden: [{ units: 0 }] } }));
    assert.throws(
      () => exportKerasCommand(plain(bad)),
      (e: Error & { problems?: { pointer: string }[] }) =>
        e.problems?.some((p) => p.pointer === '/model/hidden/0/units') === true,
    );
  } finally {
    console.log = log;
    console.error = error;
  }
});
