import { Experiment } from '../core/schema';
import { lenient } from './editor-schema';

/** The JSON Schema text exactly as committed in schemas/mnistexp.schema.json. */
export function renderSchemaJson(): string {
  // JSON.stringify drops TypeBox's symbol-keyed metadata, leaving plain draft-07 JSON Schema.
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(Experiment)) };
  return JSON.stringify(schema, null, 2) + '\n';
}

/** schemas/mnistexp.editor.schema.json: what the manifest's jsonValidation hands VS Code. */
export function renderEditorSchemaJson(): string {
  const schema = lenient(JSON.parse(renderSchemaJson())) as Record<string, unknown>;
  // Its own id: two different schemas under one id would be one schema to a resolver.
  if (typeof schema.$id === 'string') schema.$id = schema.$id.replace(/\.schema\.json$/, '.editor.schema.json');
  return JSON.stringify(schema, null, 2) + '\n';
}
