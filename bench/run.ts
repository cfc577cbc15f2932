// npm run bench: the project's trainer against plain tfjs (same backend) and Keras, in one run,
// on the three nets that dominate the case study's time, plus the two sweeps end to end with
// one and with several worker processes. Prints figures and ratios; asserts nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadExperiment } from '../src/experiments/load';
import { startRun } from '../src/runs/controller';
import type { BackendPreference } from '../src/trainer/protocol';
import { runKeras } from './keras';
import { runOurs } from './ours';
import { runTfjsFitIsolated, type TfjsBackend } from './reference-tfjs';
import { SPECS, type BenchResult, type BenchSpec } from './spec';

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
const backends = (value('backends')?.split(',') ?? [...(nativeAvailable() ? ['tensorflow'] : []), 'wasm', 'cpu']) as BackendPreference[];

// The cpu backend and stock wasm are 5–50× slower: fewer rows per epoch keep the run short
// without changing samples/s (the cost per step does not depend on the epoch length).
const SLOW_SAMPLES: Record<string, number> = { '784-128-64-32-10/b128': 10240, '784-128-64-1/b1000': 5000, '784-32-16-10/b4': 2000 };
const samplesFor = (spec: BenchSpec, slow: boolean) => {
  const n = slow ? SLOW_SAMPLES[spec.name] : spec.samples;
  return quick ? Math.min(n, Math.max(spec.batch * 4, Math.floor(n / 4))) : n;
};

const load = () => os.loadavg()[0].toFixed(1);
const fmt = (n: number) => (n >= 10000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0));

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
  note?: string;
}

async function nets(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const spec of SPECS) {
    console.log(`\n${spec.name} (load ${load()})`);
    const keras = flag('no-keras') ? null : await best(() => runKeras({ ...spec, epochs: quick ? 2 : spec.epochs }, { onUnavailable: (r) => console.log(`  keras unavailable: ${r}`) }));
    if (keras) console.log(`  keras: ${fmt(keras.samplesPerSec)} samples/s`);
    for (const backend of backends) {
      const slow = backend === 'cpu';
      const ours = await best(() => runOurs({ ...spec, epochs: quick ? 1 : spec.epochs }, backend, samplesFor(spec, slow)));
      const plainBackend: TfjsBackend | null = backend === 'wasm' || backend === 'cpu' ? backend : null;
      const plain = plainBackend
        ? await best(() => runTfjsFitIsolated({ ...spec, epochs: quick ? 1 : spec.epochs }, plainBackend, { matmulFix: false, samples: samplesFor(spec, true) }))
        : null;
      if (!ours) continue;
      const row: Row = {
        spec: spec.name,
        engine: ours.engine,
        samplesPerSec: ours.samplesPerSec,
        runs: ours.runs,
        peakRssMiB: ours.peakRssMiB,
        finalLoss: ours.finalLoss,
        vsPlainTfjs: plain ? ours.samplesPerSec / plain.samplesPerSec : null,
        vsKeras: keras ? ours.samplesPerSec / keras.samplesPerSec : null,
        note: ours.note,
      };
      rows.push(row);
      if (plain) rows.push({ spec: spec.name, engine: `plain tfjs ${plainBackend} (model.fit)`, samplesPerSec: plain.samplesPerSec, runs: plain.runs, peakRssMiB: plain.peakRssMiB, finalLoss: plain.finalLoss, vsPlainTfjs: 1, vsKeras: keras ? plain.samplesPerSec / keras.samplesPerSec : null });
      console.log(`  ${row.engine}: ${fmt(row.samplesPerSec)} samples/s, ×${row.vsPlainTfjs?.toFixed(2) ?? '–'} plain tfjs, ×${row.vsKeras?.toFixed(2) ?? '–'} Keras, peak RSS ${row.peakRssMiB.toFixed(0)} MiB`);
    }
    if (keras) rows.push({ spec: spec.name, engine: 'keras (tensorflow-cpu)', samplesPerSec: keras.samplesPerSec, runs: keras.runs, peakRssMiB: keras.peakRssMiB, finalLoss: keras.finalLoss, vsPlainTfjs: null, vsKeras: 1 });
  }
  return rows;
}

interface SweepRow {
  sweep: string;
  trials: number;
  workers: number;
  seconds: number;
  vsOneWorker: number;
}

/** A sample sweep end to end through the controller and forked trainer workers. */
async function sweeps(): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  const runsRoot = path.join(os.tmpdir(), `mnistlab-bench-${process.pid}`);
  const cases = [
    { file: 'init-activation-grid.mnistexp.json', limit: quick ? 1500 : 12000, epochs: 3 },
    { file: 'batch-lr-grid.mnistexp.json', limit: quick ? 600 : 8000, epochs: 1 },
  ];
  const cores = os.cpus().length;
  for (const c of cases) {
    let single = 0;
    for (const workers of [...new Set([1, cores])]) {
      const { experiment, source } = loadExperiment(path.join(ROOT, 'samples', c.file));
      for (const t of experiment.trials) {
        t.data.limit = { train: c.limit, test: 500 };
        t.training.epochs = c.epochs;
        t.training.earlyStopping = null;
      }
      const started = Date.now();
      const record = await startRun(experiment, source, { runsRoot, trainerPath: path.join(ROOT, 'dist', 'trainer.js'), workers, backend: 'wasm' }).done;
      if (record.status !== 'done') throw new Error(`${c.file} sweep ${record.status}: ${record.error}`);
      const seconds = (Date.now() - started) / 1000;
      if (workers === 1) single = seconds;
      rows.push({ sweep: `${experiment.name} (${c.limit} train samples, ${c.epochs} epoch${c.epochs > 1 ? 's' : ''})`, trials: experiment.trials.length, workers, seconds, vsOneWorker: seconds / single });
      console.log(`  ${experiment.name}: ${experiment.trials.length} trials, ${workers} worker(s): ${seconds.toFixed(1)} s (×${(seconds / single).toFixed(2)} of one worker; load ${load()})`);
    }
  }
  return rows;
}

async function main(): Promise<void> {
  console.log(`mnist-lab bench${quick ? ' (quick)' : ''}: backends ${backends.join(', ')}, best of ${repeat}, ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${load()}`);
  const netRows = await nets();
  console.log('\nsweeps end to end (wasm)');
  const sweepRows = flag('no-sweeps') ? [] : await sweeps();
  const table = [
    '| net / batch | engine | samples/s (best) | all runs | × plain tfjs | × Keras | peak RSS MiB |',
    '|---|---|---:|---|---:|---:|---:|',
    ...netRows.map((r) => `| ${r.spec} | ${r.engine} | ${fmt(r.samplesPerSec)} | ${r.runs.map(fmt).join(', ')} | ${r.vsPlainTfjs?.toFixed(2) ?? '–'} | ${r.vsKeras?.toFixed(2) ?? '–'} | ${r.peakRssMiB.toFixed(0)} |`),
    '',
    '| sweep | trials | workers | wall s | × one worker |',
    '|---|---:|---:|---:|---:|',
    ...sweepRows.map((r) => `| ${r.sweep} | ${r.trials} | ${r.workers} | ${r.seconds.toFixed(1)} | ${r.vsOneWorker.toFixed(2)} |`),
  ].join('\n');
  console.log(`\n${table}\n\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const outDir = path.join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const meta = { date: new Date().toISOString(), quick, repeat, backends, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: os.loadavg(), node: process.version };
  writeFileSync(path.join(outDir, `bench-${stamp}.json`), JSON.stringify({ meta, nets: netRows, sweeps: sweepRows }, null, 1));
  writeFileSync(path.join(outDir, `bench-${stamp}.md`), `${JSON.stringify(meta)}\n\n${table}\n`);
  console.log(`results: bench/results/bench-${stamp}.{json,md}`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
