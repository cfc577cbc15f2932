// The CLI's arguments, on node:util parseArgs in strict mode: an unknown flag, a flag without
// its value, a value out of range or a stray argument is a UsageError (exit 2, one line and the
// usage), never silently ignored or swallowed as the next flag's value.
import { parseArgs as parseNodeArgs } from 'node:util';
import { didYouMean } from '../experiments/did-you-mean';
import { BACKENDS, type BackendPreference } from '../core/names';
import { CASE_STUDY_PARTS, isCaseStudyPart, type CaseStudyPart } from '../core/case-study';
import { MAX_TRIALS } from '../experiments/sweep-size';
import { ENGINES, type Engine } from '../cluster/plan';
import { PLAN_VALUE_FORMS, commandLineProblem } from '../cluster/plan-values';

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
    trial: value,
    // Its variable name, when given, is the next argument (see trialFromEnvVariable): node's
    // parser has no flag with an optional value.
    'trial-from-env': flag,
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
  merge: { out: value, help: flag },
  plan: {
    slurm: flag,
    k8s: flag,
    'github-actions': flag,
    out: value,
    parallel: value,
    quick: flag,
    seed: value,
    backend: value,
    cli: value,
    // Slurm
    mem: value,
    time: value,
    cpus: value,
    partition: value,
    'trials-out': value,
    'runs-out': value,
    // Kubernetes
    image: value,
    pvc: value,
    namespace: value,
    // GitHub Actions
    'runs-on': value,
    setup: value,
    help: flag,
  },
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
  /** Some trials of a sweep as a trial record (a cluster task); null runs the whole experiment. */
  trial: TrialChoice | null;
}
/**
 * `--trial 2,5,7-9` (indices checked against the sweep once it is loaded) or `--trial-from-env
 * [VARIABLE]` (read when the run starts; null: the first engine variable that is set).
 */
export type TrialChoice = { spec: string; indices: number[] } | { variable: string | null };
export interface MergeArgs {
  command: 'merge';
  /** Trial records, or folders searched for them. */
  inputs: string[];
  out: string | undefined;
}
export interface PlanArgs {
  command: 'plan';
  file: string;
  engine: Engine;
  /** The plan's folder (default: the experiment's). */
  out: string | undefined;
  parallel: number | undefined;
  quick: boolean;
  seed: number | undefined;
  /** Undefined: the tasks choose the way `run` does without --backend. */
  backend: BackendPreference | undefined;
  /** How the tasks invoke the CLI (default: this one for Slurm, the published package elsewhere). */
  cli: string | undefined;
  slurm: { mem?: string; time?: string; cpus?: number; partition?: string; trialsOut?: string; runsOut?: string };
  k8s: { image?: string; pvc?: string; namespace?: string };
  githubActions: { runsOn?: string; setup?: string };
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
export type CliArgs =
  RunArgs | ValidateArgs | ReproduceArgs | ListArgs | InspectArgs | ExportKerasArgs | MergeArgs | PlanArgs | HelpArgs;

/** Upper bounds match the extension's settings (mnistLab.sweepWorkers, trainerThreads) and the schema's seed. */
export const LIMITS = {
  workers: [1, 64],
  threads: [1, 64],
  seed: [0, 4294967295],
  seeds: [1, 20],
  parallel: [1, MAX_TRIALS],
  cpus: [1, 256],
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

/** Indices like 3, 2,5 or 0-3, each below the largest sweep there can be; the sweep's own size is checked when it is loaded. */
function trialList(text: string): TrialChoice {
  const items = text.split(',').map((p) => p.trim());
  const bad = items.find((p) => !/^\d+(\s*-\s*\d+)?$/.test(p));
  if (bad !== undefined)
    throw new UsageError(`--trial expects trial indices like 3, 2,5 or 0-3, got ${JSON.stringify(text)}`);
  const indices: number[] = [];
  for (const item of items) {
    const [from, to = from] = item.split('-').map((n) => Number(n.trim()));
    // Checked before expanding: 0-99999999 must not build a list first.
    const over = [from, to].find((n) => n > MAX_TRIALS - 1);
    if (over !== undefined)
      throw new UsageError(
        `--trial: trial ${over} cannot exist; a sweep has at most ${MAX_TRIALS} trials (0 to ${MAX_TRIALS - 1})`,
      );
    if (to < from) throw new UsageError(`--trial: the range ${item} runs backwards`);
    for (let i = from; i <= to; i++) if (!indices.includes(i)) indices.push(i);
  }
  return { spec: text, indices };
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `--trial-from-env NAME` and `--trial-from-env=NAME` name the variable; a bare
 * `--trial-from-env` lets the run look for the engines' variables. The name must be the argument
 * right after the flag, so a stray positional elsewhere stays an error.
 */
function trialFromEnvVariable(
  tokens: readonly ParseToken[],
  positionals: string[],
): { variable: string | null } | null {
  const flags = tokens.filter((t) => t.kind === 'option' && t.name === 'trial-from-env');
  if (flags.length === 0) return null;
  if (flags.length > 1) throw new UsageError('--trial-from-env is given more than once');
  const next = tokens.find((t) => t.index === flags[0].index + 1);
  if (next?.kind !== 'positional') return { variable: null };
  if (!VARIABLE_NAME.test(next.value))
    throw new UsageError(
      `--trial-from-env: ${JSON.stringify(next.value)} is not a variable name (letters, digits and _, not starting with a digit)`,
    );
  positionals.splice(positionals.indexOf(next.value), 1);
  return { variable: next.value };
}

type ParseToken =
  | { kind: 'option'; name: string; index: number }
  | { kind: 'positional'; value: string; index: number }
  | { kind: 'option-terminator'; index: number };

/** Flags that only one engine's plan uses; given with another engine they would be ignored. */
const ENGINE_FLAGS: Record<Engine, readonly string[]> = {
  slurm: ['mem', 'time', 'cpus', 'partition', 'trials-out', 'runs-out'],
  k8s: ['image', 'pvc', 'namespace'],
  'github-actions': ['runs-on', 'setup'],
};

function engine(given: (name: string) => boolean): Engine {
  const engines = ENGINES.filter(given);
  if (engines.length !== 1)
    throw new UsageError(
      `plan needs exactly one engine: ${ENGINES.map((e) => `--${e}`).join(', ')}${engines.length > 1 ? ` (got ${engines.map((e) => `--${e}`).join(' and ')})` : ''}`,
    );
  const chosen = engines[0];
  for (const other of ENGINES.filter((e) => e !== chosen)) {
    const stray = ENGINE_FLAGS[other].find(given);
    if (stray) throw new UsageError(`--${stray} is for --${other} plans, not --${chosen}`);
  }
  return chosen;
}

function planValue(name: keyof typeof PLAN_VALUE_FORMS, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!PLAN_VALUE_FORMS[name].test(text))
    throw new UsageError(`--${name} expects ${PLAN_VALUE_FORMS[name].expected}, got ${JSON.stringify(text)}`);
  return text;
}

function commandLine(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const problem = commandLineProblem(text);
  if (problem) throw new UsageError(`--${name} ${problem}: ${JSON.stringify(text)}`);
  return text;
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
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[]; tokens: ParseToken[] };
  // A switch given "=value" is an error to node's parser; this one's value is its variable name.
  const args = rest.flatMap((a) => (a.startsWith('--trial-from-env=') ? ['--trial-from-env', a.slice(17)] : [a]));
  try {
    parsed = parseNodeArgs({
      args,
      options: OPTIONS[command],
      strict: true,
      allowPositionals: true,
      tokens: true,
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
    case 'run': {
      const fromEnv = trialFromEnvVariable(parsed.tokens, positionals);
      const list = str('trial');
      if (list !== undefined && fromEnv !== null) throw new UsageError('give --trial or --trial-from-env, not both');
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
        trial: list !== undefined ? trialList(list) : fromEnv,
      };
    }
    case 'plan': {
      if (positionals.length === 0) throw new UsageError('plan needs an experiment file');
      if (positionals.length > 1)
        throw new UsageError(
          `plan takes one experiment file, got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`,
        );
      return {
        command,
        file: positionals[0],
        engine: engine((name) => v[name] !== undefined),
        out: folder('out', str('out')),
        parallel: integer('parallel', str('parallel')),
        quick: bool('quick'),
        seed: integer('seed', str('seed')),
        backend: str('backend') === undefined ? undefined : backend(str('backend')),
        cli: commandLine('cli', str('cli')),
        slurm: {
          mem: planValue('mem', str('mem')),
          time: planValue('time', str('time')),
          cpus: integer('cpus', str('cpus')),
          partition: planValue('partition', str('partition')),
          trialsOut: folder('trials-out', str('trials-out')),
          runsOut: folder('runs-out', str('runs-out')),
        },
        k8s: {
          image: planValue('image', str('image')),
          pvc: planValue('pvc', str('pvc')),
          namespace: planValue('namespace', str('namespace')),
        },
        githubActions: { runsOn: planValue('runs-on', str('runs-on')), setup: commandLine('setup', str('setup')) },
      };
    }
    case 'merge':
      if (positionals.length === 0) throw new UsageError('merge needs trial records or folders that hold them');
      return { command, inputs: positionals, out: folder('out', str('out')) };
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
