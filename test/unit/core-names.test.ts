// The backend and experiment-kind lists (src/core/names.ts) against the places that cannot
// import them: the manifest's setting enum and the generated JSON Schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BACKENDS, EXPERIMENT_KINDS, isBackendPreference } from '../../src/core/names';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { ROOT } from '../helpers';

test('the mnistLab.backend setting offers exactly the core backend list, in order', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const setting = manifest.contributes.configuration.properties['mnistLab.backend'];
  assert.deepEqual(setting.enum, [...BACKENDS]);
  assert.equal(setting.enumDescriptions.length, BACKENDS.length, 'one description per backend');
  assert.equal(setting.default, 'auto');
});

test('the JSON Schema lists exactly the core experiment kinds', () => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'mnistexp.schema.json'), 'utf8'));
  assert.deepEqual(schema.properties.kind.enum, [...EXPERIMENT_KINDS]);
});

test('isBackendPreference and the CLI flag accept the list and nothing else', () => {
  for (const b of BACKENDS) {
    assert.equal(isBackendPreference(b), true);
    const run = parseCliArgs(['run', 'f.json', '--backend', b]);
    assert.equal(run.command === 'run' && run.backend, b);
  }
  for (const v of ['webgl', 'WASM', '', true, undefined, 1]) assert.equal(isBackendPreference(v), false, String(v));
  assert.throws(
    () => parseCliArgs(['run', 'f.json', '--backend', 'webgl']),
    (e: Error) => e instanceof UsageError && /auto, tensorflow, wasm, cpu/.test(e.message),
  );
  const auto = parseCliArgs(['run', 'f.json']);
  assert.equal(auto.command === 'run' && auto.backend, 'auto');
});
