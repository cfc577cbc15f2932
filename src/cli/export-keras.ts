// mnist-lab export-keras <file.mnistexp.json> [--out file.py] [--quick] [--seed n] [--force]:
// writes the standalone Keras script of an experiment. Never replaces an existing file unless
// --force is given; the script is written to a temporary file and renamed into place.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadExperiment, formatProblem } from '../experiments/load';
import { embeddedMnistDir } from '../experiments/embedded-mnist';
import { kerasScript } from '../export/keras-script';
import type { ExportKerasArgs } from './args';

/** file.mnistexp.json → file.keras.py, beside the experiment. */
export function defaultScriptPath(file: string): string {
  const base = path
    .basename(file)
    .replace(/\.mnistexp\.json$/i, '')
    .replace(/\.json$/i, '');
  return path.join(path.dirname(path.resolve(file)), `${base}.keras.py`);
}

export function exportKerasCommand(args: Pick<ExportKerasArgs, 'file' | 'out' | 'quick' | 'seed' | 'force'>): number {
  const { file, out, quick, seed, force } = args;
  const { experiment, warnings } = loadExperiment(file, { quick, seed });
  for (const w of warnings) console.error(formatProblem(w));
  const script = kerasScript(experiment, { mnistDir: embeddedMnistDir() });
  if (out === '-') {
    process.stdout.write(script);
    return 0;
  }
  const target = path.resolve(out ?? defaultScriptPath(file));
  if (existsSync(target) && !force) {
    console.error(`${target}: already exists; pass --force to replace it or --out to choose another file`);
    return 2;
  }
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script, { mode: 0o755 });
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    console.error(`${target}: cannot write the script: ${(e as Error).message}`);
    return 1;
  }
  const what =
    experiment.kind === 'backprop'
      ? 'the backprop walkthrough'
      : `${experiment.trials.length} trial${experiment.trials.length === 1 ? '' : 's'}`;
  console.log(
    `${target}: Keras script for ${experiment.name} (${what}${experiment.quick ? ', quick' : ''}); run it with python3 ${path.basename(target)}`,
  );
  return 0;
}
