// The CLI's arguments, on node:util parseArgs in strict mode: an unknown flag, a flag without
// its value, a value out of range or a stray argument is a UsageError (exit 2, one line and the
// usage), never silently ignored or swallowed as the next flag's value.
import { parseArgs as parseNodeArgs } from 'node:util';
import { didYouMean } from '../experiments/did-you-mean';
import { BACKENDS, type BackendPreference } from '../core/names';
import { CASE_STUDY_PARTS, isCaseStudyPart, type CaseStudyPart } from '../core/case-study';

export class UsageError extends Error {}

type OptionSpec = { type: 'string' | 'boolean' };
const flag = { type: 'boolean' } as const;
const value = { type: 'string' } as const;

const OPTIONS = {
  run: {
    quick: flag,
    quiet: flag,
    backend: value,
    out: value,
    workers: value,
    threads: value,
    seed: value,
    help: flag,
  },
  validate: { help: flag },
  reproduce: {
    quick: flag,
    backend: value,
    out: value,
    seeds: value,
    parts: value,
    workers: value,
    threads: value,
    help: flag,
  },
  list: { out: value, json: flag, help: flag },
  inspect: { help: flag },
  'export-keras': { out: value, quick: flag, seed: value, force: flag, help: flag },
  help: { help: flag },
} satisfies Record<string, Record<string, OptionSpec>>;

export type CommandName = keyof typeof OPTIONS;

export interface RunArgs {
  command: 'run';
  file: string;
  quick: boolean;
  quiet: boolean;
  backend: BackendPreference;
  out: string | undefined;
  workers: number | undefined;
  threads: number | undefined;
  seed: number | undefined;
}
export interface ValidateArgs {
  command: 'validate';
  files: string[];
}
export interface ReproduceArgs {
  command: 'reproduce';
  quick: boolean;
  backend: BackendPreference;
  out: string | undefined;
  seeds: number | undefined;
  parts: CaseStudyPart[];
  workers: number | undefined;
  threads: number | undefined;
}
export interface ListArgs {
  command: 'list';
  out: string | undefined;
  json: boolean;
}
export interface InspectArgs {
  command: 'inspect';
  /** A run.json file or the run folder holding it. */
  target: string;
}
export interface HelpArgs {
  command: 'help';
  /** Asked for (exit 0) rather than shown because nothing was asked (exit 2). */
  requested: boolean;
}
export interface ExportKerasArgs {
  command: 'export-keras';
  file: string;
  /** The script's path, "-" for standard output; default beside the experiment. */
  out: string | undefined;
  quick: boolean;
  seed: number | undefined;
  force: boolean;
}
export type CliArgs = RunArgs | ValidateArgs | ReproduceArgs | ListArgs | InspectArgs | ExportKerasArgs | HelpArgs;

/** Upper bounds match the extension's settings (mnistLab.sweepWorkers, trainerThreads) and the schema's seed. */
export const LIMITS = {
  workers: [1, 64],
  threads: [1, 64],
  seed: [0, 4294967295],
  seeds: [1, 20],
} as const satisfies Record<string, readonly [number, number]>;

function integer(name: keyof typeof LIMITS, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const [min, max] = LIMITS[name];
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} expects a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

function backend(text: string | undefined): BackendPreference {
  if (text === undefined) return 'auto';
  if (!(BACKENDS as readonly string[]).includes(text))
    throw new UsageError(`--backend expects one of ${BACKENDS.join(', ')}, got ${JSON.stringify(text)}`);
  return text as BackendPreference;
}

function parts(text: string | undefined): CaseStudyPart[] {
  if (text === undefined) return [...CASE_STUDY_PARTS];
  const items = text.split(',').map((p) => p.trim());
  const numbers = items.map(Number);
  if (items.some((p) => !/^\d$/.test(p)) || !numbers.every(isCaseStudyPart)) {
    throw new UsageError(
      `--parts expects a comma-separated list of ${CASE_STUDY_PARTS.join(', ')}, got ${JSON.stringify(text)}`,
    );
  }
  if (new Set(numbers).size !== numbers.length)
    throw new UsageError(`--parts lists a part twice: ${JSON.stringify(text)}`);
  return numbers;
}

function folder(name: string, text: string | undefined): string | undefined {
  if (text !== undefined && text.trim() === '') throw new UsageError(`--${name} expects a folder, got an empty value`);
  return text;
}

/** node:util's messages name the option but suggest "--"-escaping; ours say what to do. */
function usageErrorFrom(e: unknown, command: CommandName): UsageError {
  const error = e as { code?: string; message?: string };
  const message = error.message ?? String(e);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  const known = Object.keys(OPTIONS[command]).map((o) => `--${o}`);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const guess = option ? didYouMean(option, known) : null;
      return new UsageError(
        `unknown option ${option ?? ''} for "${command}"${guess ? ` — did you mean ${guess}?` : ''} (allowed: ${known.join(', ')})`,
      );
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing|ambiguous/.test(message)) return new UsageError(`${option ?? 'an option'} needs a value`);
      return new UsageError(`${option ?? 'an option'} does not take a value`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument for "${command}": ${message}`);
    default:
      return new UsageError(message);
  }
}

export function parseCliArgs(argv: string[]): CliArgs {
  const [first, ...rest] = argv;
  if (first === undefined) return { command: 'help', requested: false };
  if (first === '--help' || first === '-h') return { command: 'help', requested: true };
  if (!(first in OPTIONS)) {
    const guess = didYouMean(first, Object.keys(OPTIONS));
    throw new UsageError(`unknown command ${JSON.stringify(first)}${guess ? ` — did you mean "${guess}"?` : ''}`);
  }
  const command = first as CommandName;
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseNodeArgs({
      args: rest,
      options: OPTIONS[command],
      strict: true,
      allowPositionals: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    throw usageErrorFrom(e, command);
  }
  const v = parsed.values as Record<string, string | undefined> & Record<string, boolean | undefined>;
  const str = (name: string) => v[name] as string | undefined;
  const bool = (name: string) => v[name] === true;
  const positionals = parsed.positionals;
  if (bool('help') || command === 'help') return { command: 'help', requested: true };
  const noPositionals = () => {
    if (positionals.length > 0)
      throw new UsageError(`"${command}" takes no file arguments, got ${JSON.stringify(positionals[0])}`);
  };
  switch (command) {
    case 'run':
      if (positionals.length === 0) throw new UsageError('run needs an experiment file');
      if (positionals.length > 1)
        throw new UsageError(
          `run takes one experiment file, got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`,
        );
      return {
        command,
        file: positionals[0],
        quick: bool('quick'),
        quiet: bool('quiet'),
        backend: backend(str('backend')),
        out: folder('out', str('out')),
        workers: integer('workers', str('workers')),
        threads: integer('threads', str('threads')),
        seed: integer('seed', str('seed')),
      };
    case 'validate':
      if (positionals.length === 0) throw new UsageError('validate needs at least one file');
      return { command, files: positionals };
    case 'reproduce':
      noPositionals();
      return {
        command,
        quick: bool('quick'),
        backend: backend(str('backend')),
        out: folder('out', str('out')),
        seeds: integer('seeds', str('seeds')),
        parts: parts(str('parts')),
        workers: integer('workers', str('workers')),
        threads: integer('threads', str('threads')),
      };
    case 'inspect':
      if (positionals.length !== 1) throw new UsageError('inspect takes one run.json file or run folder');
      return { command, target: positionals[0] };
    case 'export-keras':
      if (positionals.length !== 1)
        throw new UsageError(`export-keras takes one experiment file, got ${positionals.length}`);
      if (str('out') !== undefined && str('out')!.trim() === '')
        throw new UsageError('--out expects a file name, or - for standard output');
      return {
        command,
        file: positionals[0],
        out: str('out'),
        quick: bool('quick'),
        seed: integer('seed', str('seed')),
        force: bool('force'),
      };
    case 'list':
      noPositionals();
      return { command, out: folder('out', str('out')), json: bool('json') };
  }
}
