// mnist-lab: the headless face of MNIST Lab. Same experiment model, run controller and run
// store as the extension. Exit codes: 0 done, 1 training failed or cancelled, 2 invalid input.
import * as path from 'node:path';
import { ExperimentError, checkExperimentText, formatProblem, loadExperiment } from '../experiments/load';
import { readFileSync } from 'node:fs';
import { startRun } from '../runs/controller';
import type { RunRecord } from '../core/record';
import type { WorkerMessage } from '../trainer/protocol';
import { UsageError, backendFlag, intFlag, parseArgs } from './args';
import { formatNumber, formatPercent } from '../core/format';
import { progressBar, summary } from './format';
import { formatBackpropTable } from './backprop-table';
import { insideLine, inspectText } from './inside';
import { statSync } from 'node:fs';
import { reproduce } from './reproduce';

const USAGE = `mnist-lab — train and compare small networks on MNIST (the MNIST Lab CLI)

usage:
  mnist-lab run <file.mnistexp.json> [--quick] [--backend auto|tensorflow|wasm|cpu]
                [--out <runs folder>] [--workers <n>] [--threads <n>] [--seed <n>] [--quiet]
  mnist-lab validate <file.mnistexp.json>...
  mnist-lab inspect <run.json | run folder>
  mnist-lab reproduce [--quick] [--out <report folder>] [--seeds <n>] [--backend …] [--parts 1,2,3,4,5]

Runs are written to <out>/<experiment>/<run-id>/run.json (default out: ./.mnistlab/runs).
exit codes: 0 done, 1 training failed or was cancelled, 2 invalid config or arguments`;

function progressPrinter(quiet: boolean) {
  const tty = process.stdout.isTTY === true;
  return (record: RunRecord, m: WorkerMessage | null) => {
    if (!m) return;
    const label = (i: number) => (record.trials.length > 1 ? `[${i + 1}/${record.trials.length} ${record.trials[i].label}] ` : '');
    switch (m.type) {
      case 'ready':
        console.log(`backend: ${m.backend} (${m.backendNote}), tfjs ${m.tfjsVersion}`);
        break;
      case 'dataset':
        console.log(`dataset: ${m.dataset.name}, ${m.dataset.trainCount} train / ${m.dataset.testCount} test images, sha256 ${m.dataset.fingerprint.slice(0, 12)}…`);
        break;
      case 'trialStart':
        if (!quiet) console.log(`${label(m.trial)}split: ${m.sizes.train} train, ${m.sizes.validation} validation, ${m.sizes.test} test`);
        break;
      case 'progress':
        if (tty && !quiet) process.stdout.write(`\r${label(m.trial)}epoch ${m.epoch}/${m.epochs} ${progressBar(m.batch / m.batches)} loss ${formatNumber(m.loss)} acc ${formatPercent(m.accuracy)} ${Math.round(m.samplesPerSecond)} samples/s `);
        break;
      case 'epoch': {
        const r = m.record;
        if (!quiet || m.record.epoch === m.epochs) {
          const line = `${label(m.trial)}epoch ${r.epoch}/${m.epochs} ${progressBar(1, 12)} loss ${formatNumber(r.loss)} acc ${formatPercent(r.accuracy)} val_loss ${formatNumber(r.valLoss)} val_acc ${formatPercent(r.valAccuracy)} ${r.seconds.toFixed(1)} s ${Math.round(r.samplesPerSecond)} samples/s`;
          console.log(tty ? `\r${line}\x1b[K` : line);
        }
        break;
      }
      case 'trialEnd':
        if (m.result) console.log(`${label(m.trial)}test accuracy ${formatPercent(m.result.testAccuracy)}, test loss ${formatNumber(m.result.testLoss)}`);
        break;
      case 'log':
        if (m.level !== 'info' || !quiet) console.error(`  ${m.message}`);
        break;
      case 'error':
        console.error(`error${m.trial !== null ? ` in ${label(m.trial)}` : ''}: ${m.message}`);
        break;
      default:
        break;
    }
  };
}

async function runCommand(file: string | undefined, flags: Map<string, string | true>): Promise<number> {
  if (!file) throw new UsageError('run needs an experiment file');
  const backend = backendFlag(flags);
  const seed = intFlag(flags, 'seed');
  const workers = intFlag(flags, 'workers');
  const threads = intFlag(flags, 'threads');
  const { experiment, source, warnings } = loadExperiment(file, { quick: flags.has('quick'), seed });
  for (const w of warnings) console.error(formatProblem(w));
  const runsRoot = path.resolve(String(flags.get('out') ?? path.join('.mnistlab', 'runs')));
  const handle = startRun(experiment, source, { runsRoot, trainerPath: path.join(__dirname, 'trainer.js'), quick: flags.has('quick'), backend, workers, threads, seed });
  const what = experiment.kind === 'backprop' ? 'backprop walkthrough' : `${experiment.trials.length} trial${experiment.trials.length === 1 ? '' : 's'}`;
  console.log(`${experiment.name}: ${what}${experiment.quick ? ', quick' : ''} → ${handle.runDir}`);
  handle.onUpdate(progressPrinter(flags.has('quiet')));
  const stop = () => {
    console.error('\ncancelling (Ctrl+C again to force)…');
    process.removeListener('SIGINT', stop);
    handle.cancel();
  };
  process.on('SIGINT', stop);
  const record = await handle.done;
  process.removeListener('SIGINT', stop);
  if (record.backprop) console.log(formatBackpropTable(record.backprop));
  console.log('\n' + summary(record, handle.runDir));
  for (const t of record.trials) {
    const line = insideLine(t);
    if (line) console.log(record.trials.length > 1 ? `${t.label}: ${line}` : line);
  }
  return record.status === 'done' ? 0 : 1;
}

function inspectCommand(target: string | undefined): number {
  if (!target) throw new UsageError('inspect needs a run.json file or a run folder');
  let file = target;
  try {
    if (statSync(target).isDirectory()) file = path.join(target, 'run.json');
  } catch (e) {
    console.error(`${target}: cannot read it: ${(e as Error).message}`);
    return 2;
  }
  let record: RunRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  } catch (e) {
    console.error(`${file}: not a readable JSON run record: ${(e as Error).message}`);
    return 2;
  }
  if (typeof record !== 'object' || record === null || !Array.isArray(record.trials)) {
    console.error(`${file}: /trials: expected an array of trials (is this a MNIST Lab run.json?)`);
    return 2;
  }
  console.log(inspectText(record));
  return 0;
}

function validateCommand(files: string[]): number {
  if (files.length === 0) throw new UsageError('validate needs at least one file');
  let errors = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      console.error(`${file}: cannot read the file: ${(e as Error).message}`);
      errors++;
      continue;
    }
    const problems = checkExperimentText(text, path.resolve(file));
    for (const p of problems) console.error(formatProblem(p));
    errors += problems.filter((p) => p.severity === 'error').length;
    if (problems.length === 0) console.log(`${file}: valid`);
  }
  return errors > 0 ? 2 : 0;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, new Set(['quick', 'quiet', 'help']));
    if (args.flags.has('help') || args.command === null || args.command === 'help') {
      console.log(USAGE);
      return args.command === null && !args.flags.has('help') ? 2 : 0;
    }
    switch (args.command) {
      case 'run':
        return await runCommand(args.positional[0], args.flags);
      case 'validate':
        return validateCommand(args.positional);
      case 'inspect':
        return inspectCommand(args.positional[0]);
      case 'reproduce':
        return await reproduce(args.flags, { trainerPath: path.join(__dirname, 'trainer.js') });
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    if (e instanceof ExperimentError) {
      console.error(e.problems.map(formatProblem).join('\n'));
      return 2;
    }
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
