// Regenerates schemas/mnistexp.schema.json from the TypeBox source (src/core/schema.ts).
import { writeFileSync } from 'node:fs';
import { renderSchemaJson } from '../src/experiments/schema-json';

writeFileSync('schemas/mnistexp.schema.json', renderSchemaJson());
console.log('wrote schemas/mnistexp.schema.json');
