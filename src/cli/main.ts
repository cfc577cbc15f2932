// mnist-lab: the headless face of MNIST Lab. Same experiment model, run controller and run
// store as the extension. Exit codes: 0 done, 1 training failed or cancelled, 2 invalid input.
import { searchSummary } from './search-summary';
import * as path from 'node:path';
import { ExperimentError, checkExperimentText, formatProblem, loadExperiment } from '../experiments/load';
import { startRun } from '../runs/controller';
import { readRun, readRunFile } from '../runs/store';
import type { RunRecord } from '../core/record';
import type { WorkerMessage } from '../trainer/protocol';
import { UsageError, parseCliArgs, type RunArgs } from './args';
import { listCommand } from './list';
import { ignoreBrokenOutput, stopOnSignals } from './signals';
import { terminalSafe } from './terminal-text';
import { FileWriteError } from '../core/fs-error';
import { formatNumber, formatPercent } from '../core/format';
import { progressBar, summary } from './format';
import { formatBackpropTable } from './backprop-table';
import { insideLine, inspectText } from './inside';
import { readFileSync, statSync } from 'node:fs';
import { reproduce } from './reproduce';
import { exportKerasCommand } from './export-keras';
import { DEFAULT_TRIALS_FOLDER, trialSelection } from './cluster-flags';
import { mergeCommand } from './merge-command';
import { planCommand } from './plan-command';
import { startTrials } from '../cluster/trial-run';
import { formatTrialList } from '../cluster/trial-select';

const USAGE = `mnist-lab — train and compare small networks on MNIST (the MNIST Lab CLI)

usage:
  mnist-lab run <file.mnistexp.json> [--quick] [--backend auto|tensorflow|wasm|cpu]
                [--out <runs folder>] [--workers <n>] [--threads <n>] [--seed <n>] [--quiet]
  mnist-lab run <file.mnistexp.json> --trial <i[,j,k-l]> | --trial-from-env [VARIABLE]
                [--quick] [--seed <n>] [--backend …] [--out <trials folder>]
                one or more trials of a sweep, as a trial record (default out: ./.mnistlab/trials);
                --trial-from-env reads the index from VARIABLE (right after it, or =VARIABLE), else
                from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or MNIST_LAB_TRIAL
  mnist-lab merge <trial records or folders>... [--out <runs folder>]
                one sweep run from its trial records; exit 1 when trials are missing or failed
                (the run is written, and the command to rerun them printed)
  mnist-lab plan <file.mnistexp.json> --slurm | --k8s | --github-actions [--out <folder>]
                [--parallel <n>] [--quick] [--seed <n>] [--backend …] [--cli <command>]
                Slurm: [--mem 2G] [--time 02:00:00] [--cpus 1] [--partition p] [--trials-out d] [--runs-out d]
                Kubernetes: [--image node:20-bookworm-slim] [--pvc claim] [--namespace ns]
                GitHub Actions: [--runs-on ubuntu-latest] [--setup "npm ci"]
                (an engine's own options are refused with another engine)
  mnist-lab validate <file.mnistexp.json>...
  mnist-lab inspect <run.json | run folder>
  mnist-lab reproduce [--quick] [--out <report folder>] [--seeds <n>] [--backend …] [--parts 1,2,3,4,5]
                      [--workers <n>] [--threads <n>]
  mnist-lab list [--out <runs folder>] [--json]
  mnist-lab export-keras <file.mnistexp.json> [--out <file.py>|-] [--quick] [--seed <n>] [--force]

--workers and --threads: 1 to 64; --seed: 0 to 4294967295; --seeds: 1 to 20;
--trial indices: 0 to 255 and --parallel: 1 to 256 (a sweep has at most 256 trials); --cpus: 1 to 256.
Runs are written to <out>/<experiment>/<run-id>/run.json (default out: ./.mnistlab/runs).
Ctrl+C cancels after the current batch; a second Ctrl+C, SIGTERM or SIGHUP stops at once.
Either way the run is recorded as cancelled.
exit codes: 0 done, 1 training failed or was cancelled (or a file could not be written),
2 invalid config or arguments`;

function progressPrinter(quiet: boolean) {
  const tty = process.stdout.isTTY === true;
  return (record: RunRecord, m: WorkerMessage | null) => {
    if (!m) return;
    // By index, not position: a trial task's record holds only some of the sweep's trials.
    const label = (i: number) => {
      const position = record.trials.findIndex((t) => t.index === i);
      return record.trials.length > 1
        ? `[${position + 1}/${record.trials.length} ${terminalSafe(record.trials[position]?.label ?? '?')}] `
        : '';
    };
    switch (m.type) {
      case 'ready':
        console.log(`backend: ${m.backend} (${m.backendNote}), tfjs ${m.tfjsVersion}`);
        break;
      case 'dataset':
        console.log(
          `dataset: ${m.dataset.name}, ${m.dataset.trainCount} train / ${m.dataset.testCount} test images, sha256 ${m.dataset.fingerprint.slice(0, 12)}…`,
        );
        break;
      case 'trialStart':
        if (!quiet)
          console.log(
            `${label(m.trial)}split: ${m.sizes.train} train, ${m.sizes.validation} validation, ${m.sizes.test} test`,
          );
        break;
      case 'progress':
        if (tty && !quiet)
          process.stdout.write(
            `\r${label(m.trial)}epoch ${m.epoch}/${m.epochs} ${progressBar(m.batch / m.batches)} loss ${formatNumber(m.loss)} acc ${formatPercent(m.accuracy)} ${Math.round(m.samplesPerSecond)} samples/s `,
          );
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
        if (m.result)
          console.log(
            `${label(m.trial)}test accuracy ${formatPercent(m.result.testAccuracy)}, test loss ${formatNumber(m.result.testLoss)}`,
          );
        break;
      case 'log':
        if (m.level !== 'info' || !quiet) console.error(`  ${terminalSafe(m.message)}`);
        break;
      case 'error':
        {
          const where = m.trial !== null ? label(m.trial).trim() : '';
          console.error(`error${where ? ` in ${where}` : ''}: ${terminalSafe(m.message)}`);
        }
        break;
      default:
        break;
    }
  };
}

async function runCommand(args: RunArgs): Promise<number> {
  const { backend, seed, workers, threads, quick } = args;
  const { experiment, source, warnings } = loadExperiment(args.file, { quick, seed });
  for (const w of warnings) console.error(terminalSafe(formatProblem(w)));
  const selection = trialSelection(args.trial, experiment.trials.length, process.env);
  if (selection && experiment.kind === 'backprop')
    throw new UsageError('a backprop walkthrough is one run, not a sweep of trials; run it without --trial');
  const runsRoot = path.resolve(args.out ?? (selection ? DEFAULT_TRIALS_FOLDER : path.join('.mnistlab', 'runs')));
  const options = { runsRoot, trainerPath: path.join(__dirname, 'trainer.js'), quick, backend, workers, threads, seed };
  const handle = selection
    ? startTrials(
        { experiment, source, indices: selection.indices, indexFrom: selection.from, quick, seed: seed ?? null },
        options,
      )
    : startRun(experiment, source, options);
  // Slurm, Kubernetes and CI runners stop a task with SIGTERM: it settles as cancelled like any run.
  const stopListening = stopOnSignals(handle, (line) => console.error(line));
  const what =
    experiment.kind === 'backprop'
      ? 'backprop walkthrough'
      : selection
        ? `trial ${formatTrialList(selection.indices)} of ${experiment.trials.length} (${selection.from})`
        : `${experiment.trials.length} trial${experiment.trials.length === 1 ? '' : 's'}`;
  console.log(terminalSafe(`${experiment.name}: ${what}${experiment.quick ? ', quick' : ''} → ${handle.runDir}`));
  handle.onUpdate(progressPrinter(args.quiet));
  const record = await handle.done;
  stopListening();
  if (record.backprop) console.log(formatBackpropTable(record.backprop));
  console.log('\n' + terminalSafe(summary(record, handle.runDir)));
  const search = searchSummary(record);
  if (search) console.log(terminalSafe(search));
  for (const t of record.trials) {
    const line = insideLine(t);
    if (line) console.log(terminalSafe(record.trials.length > 1 ? `${t.label}: ${line}` : line));
  }
  return record.status === 'done' ? 0 : 1;
}

async function inspectCommand(target: string): Promise<number> {
  let record: RunRecord;
  try {
    record = statSync(target).isDirectory() ? await readRun(target) : await readRunFile(target);
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${target}: cannot read it (ENOENT)` : (e as Error).message;
    console.error(terminalSafe(why));
    return 2;
  }
  console.log(terminalSafe(inspectText(record)));
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
    for (const p of problems) console.error(terminalSafe(formatProblem(p)));
    errors += problems.filter((p) => p.severity === 'error').length;
    if (problems.length === 0) console.log(`${file}: valid`);
  }
  return errors > 0 ? 2 : 0;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        console.log(USAGE);
        return args.requested ? 0 : 2;
      case 'run':
        return await runCommand(args);
      case 'validate':
        return validateCommand(args.files);
      case 'inspect':
        return await inspectCommand(args.target);
      case 'merge':
        return await mergeCommand(args.inputs, args.out, {
          log: (l) => console.log(l),
          error: (l) => console.error(l),
          cli: 'mnist-lab',
        });
      case 'plan':
        return planCommand(args, { log: (l) => console.log(l), error: (l) => console.error(l) });
      case 'reproduce':
        return await reproduce(args, { trainerPath: path.join(__dirname, 'trainer.js') });
      case 'export-keras':
        return exportKerasCommand(args);
      case 'list':
        return await listCommand(args.out, args.json);
    }
  } catch (e) {
    if (e instanceof ExperimentError) {
      console.error(terminalSafe(e.problems.map(formatProblem).join('\n')));
      return 2;
    }
    if (e instanceof UsageError) {
      console.error(`${terminalSafe(e.message)}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof FileWriteError) {
      console.error(`error: ${terminalSafe(e.message)}`);
      return 1;
    }
    // Anything else is a bug; the stack helps a bug report but only when asked for.
    const error = e instanceof Error ? e : new Error(String(e));
    console.error(
      `error: ${terminalSafe(error.message)}${process.env.MNIST_LAB_DEBUG ? `\n${error.stack}` : ' (set MNIST_LAB_DEBUG=1 for details)'}`,
    );
    return 1;
  }
}

if (require.main === module) {
  ignoreBrokenOutput();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
