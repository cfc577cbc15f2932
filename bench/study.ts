// npm run bench:study (and the last section of npm run bench): the five parts of the case
// study end to end, once with MNIST Lab (the run controller and trainer processes, as the CLI
// runs them) and once with the Keras scripts mnist-lab export-keras writes for the same sample
// files, side by side: wall time per part and in total, and the accuracy each reached.
// Wall time is from start to exit, so process start-up (Node and tfjs; Python, TensorFlow and
// Keras) counts on both sides. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadExperiment } from '../src/experiments/load';
import { embeddedMnistDir } from '../src/experiments/embedded-mnist';
import { kerasScript } from '../src/export/keras-script';
import { startRun } from '../src/runs/controller';
import { CASE_STUDY_PARTS, CASE_STUDY_SAMPLES, isCaseStudyPart, type CaseStudyPart } from '../src/core/case-study';
import type { ResolvedExperiment } from '../src/core/experiment';
import type { RunRecord } from '../src/core/record';
import { markdownTable } from '../src/core/markdown-table';
import { kerasPython, REPO_ROOT } from './keras';
import { watchChildren, type ChildUsage } from './child-usage';

export interface StudyOptions {
  quick: boolean;
  parts: CaseStudyPart[];
  /** Overrides every trial's seed; default: the samples' own (42). */
  seed?: number;
  /** TensorFlow threads for the Keras scripts; 0 = TensorFlow's default (all cores). */
  kerasThreads: number;
  keras: boolean;
}

export interface EngineScore {
  seconds: number;
  /** Mean and best test accuracy over the part's trials (null for the backprop part). */
  meanAccuracy: number | null;
  bestAccuracy: number | null;
  /** Backprop part: the loss after the last step. */
  finalLoss: number | null;
  trials: number;
  /** Total epochs trained over all trials. */
  epochs: number;
  /** Highest peak RSS of one process of this engine (a trainer worker; the Python process), MiB. */
  peakRssMiB: number | null;
  /** CPU seconds of all its processes: on a loaded machine, the work done rather than the time waited. */
  cpuSeconds: number | null;
}

export interface StudyRow {
  part: number;
  name: string;
  trials: number;
  ours: EngineScore;
  keras: EngineScore | null;
  /** MNIST Lab's wall time as a share of Keras's (< 1: MNIST Lab is faster). */
  ratio: number | null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

async function runOurs(
  experiment: ResolvedExperiment,
  source: unknown,
  options: StudyOptions,
  runsRoot: string,
): Promise<EngineScore> {
  const started = performance.now();
  const watch = watchChildren();
  let usage = null as ChildUsage | null;
  const record: RunRecord = await startRun(experiment, source, {
    runsRoot,
    trainerPath: path.join(REPO_ROOT, 'dist', 'trainer.js'),
    quick: options.quick,
    seed: options.seed,
  }).done.finally(() => (usage = watch.stop()));
  const seconds = (performance.now() - started) / 1000;
  if (record.status !== 'done')
    throw new Error(`MNIST Lab run of ${experiment.name} ended ${record.status}: ${record.error}`);
  const accuracies = record.trials.map((t) => t.result!.testAccuracy);
  return {
    seconds,
    meanAccuracy: accuracies.length ? mean(accuracies) : null,
    bestAccuracy: accuracies.length ? Math.max(...accuracies) : null,
    finalLoss: record.backprop ? record.backprop.losses.at(-1)! : null,
    trials: record.trials.length,
    epochs: record.trials.reduce((s, t) => s + t.history.length, 0),
    peakRssMiB: usage?.peakRssMiB ?? null,
    cpuSeconds: usage?.cpuSeconds ?? null,
  };
}

interface KerasTrialSummary {
  testAccuracy: number;
  epochsRun: number;
}

async function runKerasScript(
  experiment: ResolvedExperiment,
  options: StudyOptions,
  dir: string,
): Promise<EngineScore> {
  const script = path.join(dir, `part-${experiment.name.replace(/[^A-Za-z0-9]+/g, '-')}.keras.py`);
  writeFileSync(script, kerasScript(experiment, { mnistDir: embeddedMnistDir() }));
  const python = kerasPython();
  const args = [script, ...(options.kerasThreads > 0 ? ['--threads', String(options.kerasThreads)] : [])];
  const started = performance.now();
  const watch = watchChildren();
  let usage = null as ChildUsage | null;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', (e) =>
        reject(new Error(`cannot start ${python}: ${e.message}; run npm run bench:setup-keras`)),
      );
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    },
  ).finally(() => (usage = watch.stop()));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0)
    throw new Error(
      `Keras script for ${experiment.name} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as { trials?: KerasTrialSummary[]; losses?: number[] };
  const accuracies = (summary.trials ?? []).map((t) => t.testAccuracy);
  return {
    seconds,
    meanAccuracy: accuracies.length ? mean(accuracies) : null,
    bestAccuracy: accuracies.length ? Math.max(...accuracies) : null,
    finalLoss: summary.losses ? summary.losses.at(-1)! : null,
    trials: summary.trials?.length ?? 0,
    epochs: (summary.trials ?? []).reduce((s, t) => s + t.epochsRun, 0),
    peakRssMiB: usage?.peakRssMiB ?? null,
    cpuSeconds: usage?.cpuSeconds ?? null,
  };
}

const cpu = (v: number | null) => (v === null ? 'CPU time –' : `${v.toFixed(1)} CPU s`);
const mib = (v: number | null) => (v === null ? '–' : `${v.toFixed(0)} MiB`);
const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(2)} %`);
const score = (e: EngineScore | null) => {
  if (!e) return '–';
  if (e.finalLoss !== null && e.meanAccuracy === null) return `loss ${e.finalLoss.toFixed(6)}`;
  return e.trials > 1 ? `${pct(e.meanAccuracy)} mean, ${pct(e.bestAccuracy)} best` : pct(e.meanAccuracy);
};

export async function runStudy(
  options: StudyOptions,
  log: (line: string) => void = console.log,
): Promise<{ rows: StudyRow[]; total: { ours: number; keras: number | null; ratio: number | null } }> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'mnistlab-study-'));
  const rows: StudyRow[] = [];
  try {
    for (const part of options.parts) {
      const file = path.join(REPO_ROOT, 'samples', CASE_STUDY_SAMPLES[part]);
      const { experiment, source } = loadExperiment(file, { quick: options.quick, seed: options.seed });
      log(`  part ${part}, ${experiment.name} (load ${os.loadavg()[0].toFixed(1)})`);
      const ours = await runOurs(experiment, source, options, path.join(work, 'runs'));
      log(
        `    MNIST Lab: ${ours.seconds.toFixed(1)} s, ${score(ours)}, peak RSS ${mib(ours.peakRssMiB)} per trainer, ${cpu(ours.cpuSeconds)}`,
      );
      const keras = options.keras ? await runKerasScript(experiment, options, work) : null;
      if (keras)
        log(
          `    Keras:     ${keras.seconds.toFixed(1)} s, ${score(keras)}, peak RSS ${mib(keras.peakRssMiB)}, ${cpu(keras.cpuSeconds)}`,
        );
      rows.push({
        part,
        name: experiment.name,
        trials: Math.max(ours.trials, 1),
        ours,
        keras,
        ratio: keras ? ours.seconds / keras.seconds : null,
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const oursTotal = rows.reduce((s, r) => s + r.ours.seconds, 0);
  const kerasTotal = options.keras ? rows.reduce((s, r) => s + r.keras!.seconds, 0) : null;
  return { rows, total: { ours: oursTotal, keras: kerasTotal, ratio: kerasTotal ? oursTotal / kerasTotal : null } };
}

const peakOf = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.max(...known).toFixed(0) : '–';
};

/** The sum, or null when any part lacks the figure. */
const totalOf = (values: (number | null)[]) =>
  values.length && values.every((v) => v !== null) ? (values as number[]).reduce((a, b) => a + b, 0) : null;
const sumOf = (values: (number | null)[]) => totalOf(values)?.toFixed(1) ?? '–';
const cpuRatio = (ours: number | null, keras: number | null) =>
  ours === null || keras === null || keras === 0 ? '–' : (ours / keras).toFixed(2);

export function studyTable(result: Awaited<ReturnType<typeof runStudy>>): string {
  const { rows, total } = result;
  return markdownTable(
    [
      'part',
      'trials',
      'MNIST Lab s',
      'Keras s',
      'MNIST Lab ÷ Keras',
      'MNIST Lab test accuracy',
      'Keras test accuracy',
      'epochs (MNIST Lab / Keras)',
      'peak RSS MiB (MNIST Lab trainer / Keras)',
      'CPU s (MNIST Lab / Keras)',
      '÷ per CPU s',
    ],
    [
      ...rows.map((r) => [
        `${r.part}. ${r.name}`,
        String(r.trials),
        r.ours.seconds.toFixed(1),
        r.keras?.seconds.toFixed(1) ?? '–',
        r.ratio?.toFixed(2) ?? '–',
        score(r.ours),
        score(r.keras),
        `${r.ours.epochs} / ${r.keras?.epochs ?? '–'}`,
        `${r.ours.peakRssMiB?.toFixed(0) ?? '–'} / ${r.keras?.peakRssMiB?.toFixed(0) ?? '–'}`,
        `${r.ours.cpuSeconds?.toFixed(1) ?? '–'} / ${r.keras?.cpuSeconds?.toFixed(1) ?? '–'}`,
        cpuRatio(r.ours.cpuSeconds, r.keras?.cpuSeconds ?? null),
      ]),
      [
        '**whole study**',
        String(rows.reduce((s, r) => s + r.trials, 0)),
        total.ours.toFixed(1),
        total.keras?.toFixed(1) ?? '–',
        total.ratio?.toFixed(2) ?? '–',
        '',
        '',
        `${rows.reduce((s, r) => s + r.ours.epochs, 0)} / ${total.keras === null ? '–' : rows.reduce((s, r) => s + (r.keras?.epochs ?? 0), 0)}`,
        `${peakOf(rows.map((r) => r.ours.peakRssMiB))} / ${peakOf(rows.map((r) => r.keras?.peakRssMiB ?? null))}`,
        `${sumOf(rows.map((r) => r.ours.cpuSeconds))} / ${sumOf(rows.map((r) => r.keras?.cpuSeconds ?? null))}`,
        cpuRatio(totalOf(rows.map((r) => r.ours.cpuSeconds)), totalOf(rows.map((r) => r.keras?.cpuSeconds ?? null))),
      ],
    ],
    ['l', 'r', 'r', 'r', 'r', 'l', 'l', 'r', 'r', 'r', 'r'],
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const options: StudyOptions = {
    quick: argv.includes('--quick'),
    parts: [],
    seed: value('seed') === undefined ? undefined : Number(value('seed')),
    kerasThreads: Number(value('keras-threads') ?? 0),
    keras: !argv.includes('--no-keras'),
  };
  const parts = (value('parts') ?? CASE_STUDY_PARTS.join(',')).split(',').map(Number);
  const bad = parts.filter((p) => !isCaseStudyPart(p));
  if (bad.length)
    throw new Error(`--parts: no part ${bad.join(', ')}; the study has parts ${CASE_STUDY_PARTS.join(', ')}`);
  options.parts = parts.filter(isCaseStudyPart);
  const loadStart = os.loadavg();
  console.log(
    `case study, MNIST Lab vs exported Keras scripts${options.quick ? ' (quick)' : ''}: ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${loadStart.map((l) => l.toFixed(1)).join(' ')}`,
  );
  const result = await runStudy(options);
  const table = studyTable(result);
  const loadEnd = os.loadavg();
  console.log(
    `\n${table}\n\nload average at the start: ${loadStart.map((l) => l.toFixed(1)).join(' ')}, at the end: ${loadEnd.map((l) => l.toFixed(1)).join(' ')}`,
  );
  const outDir = path.join(REPO_ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const meta = {
    date: new Date().toISOString(),
    ...options,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageStart: loadStart,
    loadAverageEnd: loadEnd,
    node: process.version,
  };
  writeFileSync(path.join(outDir, `study-${stamp}.json`), JSON.stringify({ meta, ...result }, null, 1));
  writeFileSync(path.join(outDir, `study-${stamp}.md`), `${JSON.stringify(meta)}\n\n${table}\n`);
  console.log(`results: bench/results/study-${stamp}.{json,md}`);
}

if (require.main === module) {
  void main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
