// Turns the text of a run.json into a RunRecord, or says in one line why it cannot: not JSON,
// a format this version does not know, or a field with the wrong shape (with its JSON pointer).
import { RUN_FORMAT, type RunRecord } from '../core/record';
// Precompiled from src/core/run-schema.ts (`npm run schema`): no schema is compiled at run time.
import validateRun from './generated/validate-run';

export class UnreadableRunError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`unreadable run: ${file}: ${reason}`);
    this.name = 'UnreadableRunError';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? text.slice(0, 40) + '…' : text}`;
}

/** The value a JSON pointer (RFC 6901) names in `root`; undefined where the path does not exist. */
function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (raw === '') continue;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function parseRunRecord(text: string, file: string): RunRecord {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UnreadableRunError(
      file,
      text.trim() === '' ? 'the file is empty' : `not valid JSON (${(e as Error).message})`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UnreadableRunError(file, `expected a JSON object, got ${describe(data)}`);
  const format = (data as { format?: unknown }).format;
  if (format !== RUN_FORMAT) {
    const newer = typeof format === 'number' && format > RUN_FORMAT;
    throw new UnreadableRunError(
      file,
      format === undefined
        ? 'no "format" field: not a MNIST Lab run record'
        : `record format ${describe(format)}${newer ? ' is newer than this MNIST Lab reads' : ' is not one this MNIST Lab reads'} (expected ${RUN_FORMAT})`,
    );
  }
  if (!validateRun(data)) {
    const first = validateRun.errors?.[0];
    const where = first?.instancePath || '/';
    throw new UnreadableRunError(
      file,
      `${where}: ${first?.message ?? 'invalid'}, got ${describe(valueAt(data, where))}`,
    );
  }
  return data as RunRecord;
}
