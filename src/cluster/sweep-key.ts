// Two trial records belong to the same sweep when the experiment text (as parsed), the quick
// flag and the seed override are the same: those fix every trial's configuration. The file's
// path is left out on purpose: a cluster mounts the experiment somewhere else than a laptop.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so formatting and key order do not change the key. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sweepKey(source: unknown, quick: boolean, seed: number | null): string {
  // "$schema" only points the editor at the schema; it differs between checkouts.
  const { $schema: _schema, ...rest } = (source ?? {}) as Record<string, unknown>;
  void _schema;
  return createHash('sha256')
    .update(canonicalJson({ source: rest, quick, seed }))
    .digest('hex')
    .slice(0, 16);
}
