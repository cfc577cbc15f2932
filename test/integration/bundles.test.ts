// What must stay out of the bundles, read from what the last build recorded (out/bundles.json,
// written by scripts/build.mjs, so npm run build first): the extension bundles no schema
// compiler and no YAML library, and every webview shares one copy of chart.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';

interface Outputs {
  [file: string]: { bytes: number; inputs: string[] };
}

const outputs = (): Outputs =>
  (JSON.parse(readFileSync(path.join(ROOT, 'out', 'bundles.json'), 'utf8')) as { outputs: Outputs }).outputs;

test('the extension and the CLI bundle the precompiled validator, not TypeBox or the ajv compiler', () => {
  const all = outputs();
  for (const bundle of ['dist/extension.js', 'dist/cli.js']) {
    const inputs = all[bundle].inputs;
    assert.ok(inputs.includes('src/experiments/generated/validate-experiment.js'), bundle);
    // Only the small runtime helpers that generated code requires may come from ajv.
    assert.deepEqual(
      inputs.filter((f) => f.includes('node_modules/ajv/') && !f.includes('node_modules/ajv/dist/runtime/')),
      [],
      bundle,
    );
    assert.deepEqual(
      inputs.filter((f) => /node_modules\/(@sinclair\/typebox|fast-uri|json-schema-traverse)\//.test(f)),
      [],
      bundle,
    );
    assert.ok(!inputs.includes('src/core/schema.ts'), `${bundle} builds the TypeBox schema at load`);
  }
});

test('the extension loads the YAML library only for a cluster plan, from its own bundle', () => {
  const all = outputs();
  const yamlIn = (bundle: string) => all[bundle].inputs.filter((f) => f.includes('node_modules/yaml/'));
  assert.deepEqual(yamlIn('dist/extension.js'), []);
  assert.ok(all['dist/extension.js'].inputs.includes('src/extension/lazy-yaml.ts'));
  assert.ok(yamlIn('dist/yaml.js').length > 0, 'dist/yaml.js holds the library');
  assert.ok(yamlIn('dist/cli.js').length > 0, 'the CLI bundles it as before');
});

test('chart.js is in one shared webview chunk, not in each app', () => {
  const withChart = Object.entries(outputs())
    .filter(([file]) => file.startsWith('dist/webviews/'))
    .filter(([, o]) => o.inputs.some((f) => f.includes('node_modules/chart.js/')))
    .map(([file]) => file);
  assert.equal(withChart.length, 1, withChart.join(', '));
  assert.match(withChart[0], /^dist\/webviews\/chunks\//);
});
