import { Experiment } from '../core/schema';

/** The JSON Schema text exactly as committed in schemas/mnistexp.schema.json. */
export function renderSchemaJson(): string {
  // JSON.stringify drops TypeBox's symbol-keyed metadata, leaving plain draft-07 JSON Schema.
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(Experiment)) };
  return JSON.stringify(schema, null, 2) + '\n';
}
