// Regenerates what is derived from the TypeBox sources (src/core/schema.ts, src/core/run-schema.ts):
// the JSON Schema editors use, its non-validating twin the extension hands VS Code's JSON service
// (completions and hovers only; the extension reports the problems), and the precompiled
// validators of experiments and run records. Unit tests fail when any committed file drifts.
import { writeFileSync } from 'node:fs';
import { renderEditorSchemaJson, renderSchemaJson } from '../src/experiments/schema-json';
import { renderValidatorSource } from '../src/experiments/validator-source';
import { renderRunValidatorSource } from '../src/runs/run-validator-source';

writeFileSync('schemas/mnistexp.schema.json', renderSchemaJson());
console.log('wrote schemas/mnistexp.schema.json');
writeFileSync('schemas/mnistexp.editor.schema.json', renderEditorSchemaJson());
console.log('wrote schemas/mnistexp.editor.schema.json');
writeFileSync('src/experiments/generated/validate-experiment.js', renderValidatorSource());
console.log('wrote src/experiments/generated/validate-experiment.js');
writeFileSync('src/runs/generated/validate-run.js', renderRunValidatorSource());
console.log('wrote src/runs/generated/validate-run.js');
