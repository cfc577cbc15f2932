// The schema VS Code's JSON service is given for *.mnistexp.json: the experiment schema with
// every constraint made non-binding, so the service still offers completions, hovers and enum
// values but never reports a problem. Problems come from the extension's own diagnostics only
// (src/extension/editor/diagnostics.ts): one per mistake, on the right token, with the pointer,
// what is expected and a Quick Fix for each did-you-mean. Were both to validate, every mistake
// would be listed twice in different words.
//
// A constraint becomes non-binding by moving it into `anyOf: [constraint, {}]`: the empty branch
// accepts anything, while the service still reads the first branch for completions (type,
// enum, const) and for the hover text of the enum value under the cursor.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };

/** Keywords that only restrict values: dropped (the extension's diagnostics check them). */
const RESTRICTIONS = new Set([
  'additionalProperties',
  'additionalItems',
  'required',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'minProperties',
  'maxProperties',
  'format',
  'not',
]);

/** Keywords the service completes and hovers from; kept in the non-binding branch. */
const SUGGESTIONS = ['type', 'enum', 'const', 'enumDescriptions', 'markdownEnumDescriptions'];

const isNode = (value: Json | undefined): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function lenientMap(value: Json): Json {
  if (!isNode(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lenient(v)]));
}

/** A schema that accepts every JSON value yet suggests what `schema` describes. */
export function lenient(schema: Json): Json {
  if (!isNode(schema)) return schema;
  const out: SchemaNode = {};
  const suggested: SchemaNode = {};
  for (const [key, value] of Object.entries(schema)) {
    if (RESTRICTIONS.has(key)) {
      // The object form of additionalProperties describes the extra values: keep its hints.
      if (key === 'additionalProperties' && isNode(value)) out[key] = lenient(value);
      continue;
    }
    if (SUGGESTIONS.includes(key)) suggested[key] = value;
    else if (key === 'properties' || key === 'patternProperties' || key === 'definitions' || key === '$defs')
      out[key] = lenientMap(value);
    else if (key === 'items') out[key] = Array.isArray(value) ? value.map(lenient) : lenient(value);
    // oneOf would fail when the empty branch and a real one both match: anyOf never does.
    else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf')
      out.anyOf = [...(Array.isArray(value) ? value.map(lenient) : []), {}];
    else out[key] = value;
  }
  if (Object.keys(suggested).length > 0) {
    const branches = Array.isArray(out.anyOf)
      ? out.anyOf.filter((b) => !(isNode(b) && Object.keys(b).length === 0))
      : [];
    out.anyOf = [suggested, ...branches, {}];
  }
  return out;
}
