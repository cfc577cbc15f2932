// Values cross into generated Python only as one string literal holding JSON, decoded with
// json.loads at run time. Nothing a user wrote (an experiment name, a class name, a folder)
// is ever spliced into Python source, so no value can end a string or start a statement.

/**
 * A double-quoted Python string literal whose value is `JSON.stringify(value)`. The JSON is
 * made pure ASCII first (JSON's own \uXXXX escapes, which json.loads joins back into surrogate
 * pairs), so the literal only needs its backslashes and double quotes escaped.
 */
export function pythonJsonLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error('pythonJsonLiteral: value has no JSON form');
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${ascii.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
