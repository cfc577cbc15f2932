import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { renderEditorSchemaJson, renderSchemaJson } from '../../src/experiments/schema-json';
import { checkExperimentText } from '../../src/experiments/load';
import { rangeOfPointer } from '../../src/extension/editor/json-ranges';
import { ROOT, FIXTURES } from '../helpers';

const editorSchema = JSON.parse(renderEditorSchemaJson()) as Record<string, unknown>;
const brokenFile = path.join(FIXTURES, 'broken.mnistexp.json');

test('the committed editor schema is exactly what the TypeBox source generates', () => {
  assert.equal(
    readFileSync(path.join(ROOT, 'schemas', 'mnistexp.editor.schema.json'), 'utf8'),
    renderEditorSchemaJson(),
    'run `npm run schema`',
  );
});

test('the manifest hands VS Code the editor schema, so its JSON service never reports a second copy of a problem', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { jsonValidation: { url: string }[] };
  };
  assert.deepEqual(
    manifest.contributes.jsonValidation.map((v) => v.url),
    ['./schemas/mnistexp.editor.schema.json'],
  );
});

test('the editor schema accepts what the experiment schema rejects', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const strict = ajv.compile(JSON.parse(renderSchemaJson()) as object);
  const lenient = ajv.compile(editorSchema);
  const broken = JSON.parse(readFileSync(brokenFile, 'utf8')) as unknown;
  for (const value of [broken, {}, { kind: 'nope', training: { batchSize: -4, epochz: 2 } }, 3, 'text']) {
    assert.equal(lenient(value), true, JSON.stringify(lenient.errors));
  }
  assert.equal(strict(broken), false, 'the fixture is broken for the real schema');
});

test('the editor schema keeps descriptions, property names, enum values and per-value hover text', () => {
  const text = JSON.stringify(editorSchema);
  const activation = (
    editorSchema.properties as Record<
      string,
      { properties: Record<string, { anyOf: Record<string, unknown>[]; description: string }> }
    >
  ).model.properties.activation;
  assert.match(activation.description, /Activation function/);
  const suggested = activation.anyOf[0]!;
  assert.deepEqual((suggested.enum as string[]).slice(0, 3), ['relu', 'sigmoid', 'tanh']);
  const docs = suggested.markdownEnumDescriptions as string[];
  assert.equal(new Set(docs).size, docs.length, 'each activation value has its own description');
  assert.doesNotMatch(text, /"additionalProperties":false|"required":|"minimum":|"oneOf":/);
});

test('an unknown key is underlined on the key, a bad value on the value, with the suggestion to put there', () => {
  const text = readFileSync(brokenFile, 'utf8');
  const problems = checkExperimentText(text, brokenFile);
  const underlined = (pointer: string) => {
    const p = problems.find((x) => x.pointer === pointer)!;
    const { start, end } = rangeOfPointer(text, p.pointer, p.token);
    return [text.slice(start, end), p.suggestion];
  };
  assert.deepEqual(underlined('/data/normalisation'), ['"normalisation"', 'normalization']);
  assert.deepEqual(underlined('/model/hidden/0/activation'), ['"rleu"', 'relu']);
  assert.deepEqual(underlined('/model/hidden/0/units'), ['0', undefined]);
});
