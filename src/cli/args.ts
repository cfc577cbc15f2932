import { BACKENDS, isBackendPreference, type BackendPreference } from '../core/names';

export interface ParsedArgs {
  command: string | null;
  positional: string[];
  flags: Map<string, string | true>;
}

/** --flag value, --flag=value and bare --switch; anything else is positional. */
export function parseArgs(argv: string[], switches: ReadonlySet<string>): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) flags.set(name, inline);
    else if (switches.has(name)) flags.set(name, true);
    else if (i + 1 < argv.length) flags.set(name, argv[++i]);
    else throw new Error(`--${name} needs a value`);
  }
  return { command: positional.shift() ?? null, positional, flags };
}

export class UsageError extends Error {}

export function intFlag(flags: Map<string, string | true>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < 0) throw new UsageError(`--${name} expects a non-negative whole number, got ${String(v)}`);
  return n;
}

export function backendFlag(flags: Map<string, string | true>): BackendPreference {
  const backend = flags.get('backend') ?? 'auto';
  if (!isBackendPreference(backend)) throw new UsageError(`--backend expects one of ${BACKENDS.join(', ')}; got ${String(backend)}`);
  return backend;
}

