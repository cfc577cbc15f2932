// npm run bench: the project's trainer against plain tfjs (same backend) and Keras, in one run,
// on the three nets that dominate the case study's time, plus the two sweeps end to end with
// one and with several worker processes. Prints figures and ratios; asserts nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadExperiment } from '../src/experiments/load';
import { startRun } from '../src/runs/controller';
import type { BackendPreference } from '../src/trainer/protocol';
import { dynamicsOverhead, type OverheadRow } from './dynamics-overhead';
import { runKeras } from './keras';
import { runOurs, type OursOptions } from './ours';
import { MIN_PARALLEL_BATCH } from '../src/trainer/parallel/pool';
import { runTfjsFitIsolated, type TfjsBackend } from './reference-tfjs';
import { formatRate, SPECS, type BenchResult, type BenchSpec } from './spec';
import { markdownTable } from '../src/core/markdown-table';
import { runStudy, studyTable } from './study';
import { CASE_STUDY_PARTS } from '../src/core/case-study';
import { invertedMnistDir, nonZeroShare } from './dense-data';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const value = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('quick');
const repeat = Number(value('repeat') ?? (quick ? 1 : 2));
const ROOT = path.resolve(__dirname, '..');

function nativeAvailable(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}
const backends = (value('backends')?.split(',') ?? [
  ...(nativeAvailable() ? ['tensorflow'] : []),
  'wasm',
  'cpu',
]) as BackendPreference[];

// The cpu backend and stock wasm are 5–50× slower: fewer rows per epoch keep the run short
// without changing samples/s (the cost per step does not depend on the epoch length).
const SLOW_SAMPLES: Record<string, number> = {
  '784-128-64-32-10/b128': 10240,
  '784-128-64-1/b1000': 5000,
  '784-32-16-10/b4': 2000,
};
const samplesFor = (spec: BenchSpec, slow: boolean) => {
  const n = slow ? SLOW_SAMPLES[spec.name] : spec.samples;
  return quick ? Math.min(n, Math.max(spec.batch * 4, Math.floor(n / 4))) : n;
};

const load = () => os.loadavg()[0].toFixed(1);

/** Fastest of `repeat` turns: on a shared machine other work only ever slows a run down. */
async function best(run: () => Promise<BenchResult | null>): Promise<(BenchResult & { runs: number[] }) | null> {
  const runs: BenchResult[] = [];
  for (let i = 0; i < repeat; i++) {
    const r = await run();
    if (r) runs.push(r);
  }
  if (runs.length === 0) return null;
  const top = runs.reduce((a, b) => (b.samplesPerSec > a.samplesPerSec ? b : a));
  return { ...top, runs: runs.map((r) => r.samplesPerSec) };
}

interface Row {
  spec: string;
  engine: string;
  samplesPerSec: number;
  runs: number[];
  peakRssMiB: number;
  finalLoss: number;
  vsPlainTfjs: number | null;
  vsKeras: number | null;
  /** Against the faster of Keras on all cores and Keras on one thread. */
  vsKerasBest: number | null;
  note?: string;
}

type Measured = BenchResult & { runs: number[] };

/** The references a row is divided by, measured in the same run (null: not measured). */
interface References {
  plain: number | null;
  keras: number | null;
  kerasBest: number | null;
}

/** A measurement as a table row, with its ratios to the references. */
function rowOf(spec: string, engine: string, r: Measured, refs: References): Row {
  const ratio = (ref: number | null) => (ref ? r.samplesPerSec / ref : null);
  return {
    spec,
    engine,
    samplesPerSec: r.samplesPerSec,
    runs: r.runs,
    peakRssMiB: r.peakRssMiB,
    finalLoss: r.finalLoss,
    vsPlainTfjs: ratio(refs.plain),
    vsKeras: ratio(refs.keras),
    vsKerasBest: ratio(refs.kerasBest),
    note: r.note,
  };
}

/** Keras on all cores, and the faster of it and Keras on one thread: the bars every row is held to. */
function kerasReferences(keras: Measured | null, keras1: Measured | null): References {
  return {
    plain: null,
    keras: keras?.samplesPerSec ?? null,
    kerasBest: Math.max(keras?.samplesPerSec ?? 0, keras1?.samplesPerSec ?? 0) || null,
  };
}

/** Keras on all cores and on one thread, each against those references. */
function kerasRows(spec: string, keras: Measured | null, keras1: Measured | null): Row[] {
  const refs = kerasReferences(keras, keras1);
  return [
    ...(keras ? [rowOf(spec, 'keras (tensorflow-cpu)', keras, refs)] : []),
    ...(keras1 ? [rowOf(spec, 'keras, 1 thread', keras1, refs)] : []),
  ];
}

async function nets(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const spec of SPECS) {
    console.log(`\n${spec.name} (load ${load()})`);
    const keras = flag('no-keras')
      ? null
      : await best(() =>
          runKeras(
            { ...spec, epochs: quick ? 2 : spec.epochs },
            { onUnavailable: (r) => console.log(`  keras unavailable: ${r}`) },
          ),
        );
    if (keras) console.log(`  keras: ${formatRate(keras.samplesPerSec)} samples/s`);
    // Keras on one thread is often faster here than on two (bench/README.md); the harder of the two is the bar.
    const keras1 = keras
      ? await best(() => runKeras({ ...spec, epochs: quick ? 2 : spec.epochs }, { threads: 1 }))
      : null;
    if (keras1) console.log(`  keras, 1 thread: ${formatRate(keras1.samplesPerSec)} samples/s`);
    const refs = kerasReferences(keras, keras1);
    for (const backend of backends) {
      const slow = backend === 'cpu';
      const plainBackend: TfjsBackend | null = backend === 'wasm' || backend === 'cpu' ? backend : null;
      const plain = plainBackend
        ? await best(() =>
            runTfjsFitIsolated({ ...spec, epochs: quick ? 1 : spec.epochs }, plainBackend, {
              matmulFix: false,
              samples: samplesFor(spec, true),
            }),
          )
        : null;
      // What a run does by default, then on wasm the opt-in data-parallel threads (where the
      // batch is large enough for them) and the trainer without its sparse input kernel.
      const cores = os.cpus().length;
      const variants: OursOptions[] = [{ threads: 1 }];
      if (backend === 'wasm' && cores > 1 && spec.batch >= MIN_PARALLEL_BATCH) variants.push({ threads: cores });
      // The tapeless tfjs step, as before the whole step in WebAssembly: that speed-up on its own.
      if (backend === 'wasm') variants.push({ threads: 1, wholeStep: false });
      if (backend === 'wasm') variants.push({ threads: 1, sparseInput: false });
      // The step through tfjs' gradient tape, as before the tapeless step: that speed-up on its own.
      if (backend === 'wasm') variants.push({ threads: 1, tapeless: false });
      for (const variant of variants) {
        const ours = await best(() =>
          runOurs({ ...spec, epochs: quick ? 1 : spec.epochs }, backend, samplesFor(spec, slow), variant),
        );
        if (!ours) continue;
        const row = rowOf(spec.name, ours.engine, ours, { ...refs, plain: plain?.samplesPerSec ?? null });
        rows.push(row);
        console.log(
          `  ${row.engine}: ${formatRate(row.samplesPerSec)} samples/s, ×${row.vsPlainTfjs?.toFixed(2) ?? '–'} plain tfjs, ×${row.vsKeras?.toFixed(2) ?? '–'} Keras, ×${row.vsKerasBest?.toFixed(2) ?? '–'} faster Keras, peak RSS ${row.peakRssMiB.toFixed(0)} MiB`,
        );
      }
      if (plain)
        rows.push(
          rowOf(spec.name, `plain tfjs ${plainBackend} (model.fit)`, plain, {
            ...refs,
            plain: plain.samplesPerSec,
          }),
        );
    }
    if (backends.includes('wasm') && spec.batch >= 128 && !flag('no-dense')) rows.push(...(await denseRows(spec)));
    rows.push(...kerasRows(spec.name, keras, keras1));
  }
  return rows;
}

/**
 * The same net on inverted MNIST, where ~81 % of the pixels are non-zero: the trainer's first
 * layer takes the dense path any non-sparse dataset takes. Keras is measured on the same data
 * in the same run, so the ratio is like for like.
 */
async function denseRows(spec: BenchSpec): Promise<Row[]> {
  const dataDir = invertedMnistDir();
  const dense: BenchSpec = { ...spec, dataDir, epochs: quick ? 1 : spec.epochs };
  const name = `${spec.name} inverted MNIST (${(100 * nonZeroShare(dataDir)).toFixed(0)} % non-zero)`;
  console.log(`\n${name} (load ${load()})`);
  const keras = flag('no-keras')
    ? null
    : await best(() =>
        runKeras(
          { ...dense, epochs: quick ? 2 : spec.epochs },
          { onUnavailable: (r) => console.log(`  keras unavailable: ${r}`) },
        ),
      );
  const keras1 = keras
    ? await best(() => runKeras({ ...dense, epochs: quick ? 2 : spec.epochs }, { threads: 1 }))
    : null;
  const rows: Row[] = [];
  // As a run trains (the dense-input kernel), then with tfjs' matmul for dense batches: that
  // kernel's speed-up on its own (bench/dense-path.ts interleaves the same engines for longer),
  // and the tapeless tfjs step with the dense-input kernel, as before the whole-step engine.
  // and, where the batch is large enough, the engine's product threads (opt-in).
  const variants: OursOptions[] = [{ threads: 1 }, { threads: 1, wholeStep: false }, { threads: 1, denseInput: false }];
  const cores = os.cpus().length;
  if (cores > 1 && spec.batch >= MIN_PARALLEL_BATCH) variants.splice(1, 0, { threads: cores });
  for (const variant of variants) {
    const ours = await best(() => runOurs(dense, 'wasm', samplesFor(spec, false), variant));
    if (!ours) continue;
    const row = rowOf(name, ours.engine, ours, kerasReferences(keras, keras1));
    rows.push(row);
    console.log(
      `  ${ours.engine}: ${formatRate(ours.samplesPerSec)} samples/s, ×${row.vsKeras?.toFixed(2) ?? '–'} Keras, ×${row.vsKerasBest?.toFixed(2) ?? '–'} faster Keras, peak RSS ${ours.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  if (keras)
    console.log(
      `  keras: ${formatRate(keras.samplesPerSec)} samples/s${keras1 ? `; 1 thread: ${formatRate(keras1.samplesPerSec)}` : ''}`,
    );
  rows.push(...kerasRows(name, keras, keras1));
  return rows;
}

interface SweepRow {
  sweep: string;
  trials: number;
  workers: number;
  threads: number;
  seconds: number;
  /** Against one worker process on one thread: the sweep run sequentially. */
  vsSequential: number;
}

/** A sample sweep end to end through the controller and forked trainer workers. */
async function sweeps(): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  const runsRoot = path.join(os.tmpdir(), `mnistlab-bench-${process.pid}`);
  // Two short cut-down grids, and the initializer × activation grid as it ships (full 5 vs 8
  // data, early stopping, so its trials run for different numbers of epochs).
  const cases = [
    { file: 'init-activation-grid.mnistexp.json', limit: quick ? 1500 : 12000, epochs: 3 },
    { file: 'batch-lr-grid.mnistexp.json', limit: quick ? 600 : 8000, epochs: 1 },
    ...(quick ? [] : [{ file: 'init-activation-grid.mnistexp.json', limit: null, epochs: null }]),
  ];
  const cores = os.cpus().length;
  const layouts = [
    { workers: 1, threads: 1 },
    { workers: cores, threads: 1 },
    { workers: 1, threads: cores },
  ].filter((_, i) => i === 0 || cores > 1);
  for (const c of cases) {
    let sequential = 0;
    for (const { workers, threads } of layouts) {
      const { experiment, source } = loadExperiment(path.join(ROOT, 'samples', c.file));
      for (const t of experiment.trials) {
        if (c.limit !== null) t.data.limit = { train: c.limit, test: 500 };
        if (c.epochs !== null) {
          t.training.epochs = c.epochs;
          t.training.earlyStopping = null;
        }
      }
      const started = Date.now();
      const record = await startRun(experiment, source, {
        runsRoot,
        trainerPath: path.join(ROOT, 'dist', 'trainer.js'),
        workers,
        threads,
        backend: 'wasm',
      }).done;
      if (record.status !== 'done') throw new Error(`${c.file} sweep ${record.status}: ${record.error}`);
      const seconds = (Date.now() - started) / 1000;
      if (workers === 1 && threads === 1) sequential = seconds;
      const what =
        c.limit === null
          ? 'as shipped: full data, early stopping'
          : `${c.limit} train samples, ${c.epochs} epoch${c.epochs! > 1 ? 's' : ''}`;
      rows.push({
        sweep: `${experiment.name} (${what})`,
        trials: experiment.trials.length,
        workers,
        threads,
        seconds,
        vsSequential: seconds / sequential,
      });
      console.log(
        `  ${experiment.name} (${what}): ${experiment.trials.length} trials, ${workers} worker(s) × ${threads} thread(s): ${seconds.toFixed(1)} s (×${(seconds / sequential).toFixed(2)} of sequential; load ${load()})`,
      );
    }
  }
  return rows;
}

async function main(): Promise<void> {
  console.log(
    `mnist-lab bench${quick ? ' (quick)' : ''}: backends ${backends.join(', ')}, best of ${repeat}, ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${load()}`,
  );
  const netRows = await nets();
  console.log('\nsweeps end to end (wasm)');
  const sweepRows = flag('no-sweeps') ? [] : await sweeps();
  console.log('\ntraining dynamics: with and without recording, alternating trials in one trainer process (wasm)');
  const overheadRows: OverheadRow[] = flag('no-dynamics')
    ? []
    : await dynamicsOverhead(SPECS, 'wasm', Math.max(8, 4 * repeat), (spec) => samplesFor(spec, false));
  // The whole case study (one seed) with MNIST Lab and with the exported Keras scripts.
  console.log('\ncase study end to end: MNIST Lab vs the exported Keras scripts');
  const study = flag('no-study')
    ? null
    : await runStudy({ quick, parts: [...CASE_STUDY_PARTS], kerasThreads: 0, keras: !flag('no-keras') }, (l) =>
        console.log(l),
      );
  const ratio = (x: number | null) => x?.toFixed(2) ?? '–';
  const table = [
    markdownTable(
      [
        'net / batch',
        'engine',
        'samples/s (best)',
        'all runs',
        '× plain tfjs',
        '× Keras',
        '× faster Keras',
        'peak RSS MiB',
      ],
      netRows.map((r) => [
        r.spec,
        r.engine,
        formatRate(r.samplesPerSec),
        r.runs.map(formatRate).join(', '),
        ratio(r.vsPlainTfjs),
        ratio(r.vsKeras),
        ratio(r.vsKerasBest),
        r.peakRssMiB.toFixed(0),
      ]),
      ['l', 'l', 'r', 'l', 'r', 'r', 'r', 'r'],
    ),
    '',
    markdownTable(
      ['sweep', 'trials', 'workers × threads', 'wall s', '× sequential'],
      sweepRows.map((r) => [
        r.sweep,
        String(r.trials),
        `${r.workers} × ${r.threads}`,
        r.seconds.toFixed(1),
        r.vsSequential.toFixed(2),
      ]),
      ['l', 'r', 'r', 'r', 'r'],
    ),
    '',
    markdownTable(
      [
        'net / batch',
        'epoch CPU s with dynamics (turns)',
        'without (turns)',
        'overhead, CPU (median of pairs)',
        'overhead, wall',
      ],
      overheadRows.map((r) => [
        r.spec,
        r.on.map((x) => x.toFixed(3)).join(', '),
        r.off.map((x) => x.toFixed(3)).join(', '),
        `${(r.overhead * 100).toFixed(1)} %`,
        `${(r.wallOverhead * 100).toFixed(1)} %`,
      ]),
      ['l', 'l', 'l', 'r', 'r'],
    ),
    ...(study ? ['', studyTable(study)] : []),
  ].join('\n');
  console.log(
    `\n${table}\n\nload average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const outDir = path.join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const meta = {
    date: new Date().toISOString(),
    quick,
    repeat,
    backends,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: os.loadavg(),
    node: process.version,
  };
  writeFileSync(
    path.join(outDir, `bench-${stamp}.json`),
    JSON.stringify({ meta, nets: netRows, sweeps: sweepRows, dynamics: overheadRows, study }, null, 1),
  );
  writeFileSync(path.join(outDir, `bench-${stamp}.md`), `${JSON.stringify(meta)}\n\n${table}\n`);
  console.log(`results: bench/results/bench-${stamp}.{json,md}`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
