// A bundled sample named by a command's argument, `{ "sample": "batch-lr-grid" }`: what the
// Get Started walkthrough's command links pass (command:mnistLab.runExperimentQuick?[…]).
// A command link can come from any Markdown VS Code trusts, so the value is untrusted input: it
// only ever selects one of the bundled samples by its file name and never becomes a path itself.
import * as path from 'node:path';
import { EXPERIMENT_SUFFIX } from './experiment-path';

/** An argument that names a sample (checked by chooseSample, whatever its value). */
export interface SampleArgument {
  sample: unknown;
}

export function isSampleArgument(arg: unknown): arg is SampleArgument {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && Object.hasOwn(arg, 'sample');
}

export type SampleChoice =
  | { ok: true; file: string }
  /** `given` is shortened and printable, safe to show; `expected` lists the sample names. */
  | { ok: false; given: string; expected: string[] };

/** The longest part of a rejected value shown back to the user. */
const SHOWN_CHARS = 60;

/**
 * The bundled sample file the argument names, by its file name with or without the
 * `.mnistexp.json` suffix (`batch-lr-grid`, `batch-lr-grid.mnistexp.json`), compared exactly.
 */
export function chooseSample(arg: SampleArgument, bundledFiles: readonly string[]): SampleChoice {
  const stems = bundledFiles.map((f) => path.basename(f, EXPERIMENT_SUFFIX));
  const value = arg.sample;
  if (typeof value === 'string') {
    const stem = value.endsWith(EXPERIMENT_SUFFIX) ? value.slice(0, -EXPERIMENT_SUFFIX.length) : value;
    const index = stems.indexOf(stem);
    if (index >= 0) return { ok: true, file: bundledFiles[index]! };
  }
  return { ok: false, given: shown(value), expected: stems };
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  // Control and bidi characters could make the message say something else than it does.
  const printable = text.replace(/[\p{Cc}\p{Cf}]/gu, '?');
  return printable.length > SHOWN_CHARS ? `${printable.slice(0, SHOWN_CHARS)}…` : printable;
}
