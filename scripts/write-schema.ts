// Regenerates what is derived from the TypeBox source (src/core/schema.ts): the JSON Schema
// editors use, and the precompiled validator the extension and CLI use. Unit tests fail when
// either committed file drifts.
import { writeFileSync } from 'node:fs';
import { renderSchemaJson } from '../src/experiments/schema-json';
import { renderValidatorSource } from '../src/experiments/validator-source';

writeFileSync('schemas/mnistexp.schema.json', renderSchemaJson());
console.log('wrote schemas/mnistexp.schema.json');
writeFileSync('src/experiments/generated/validate-experiment.js', renderValidatorSource());
console.log('wrote src/experiments/generated/validate-experiment.js');
