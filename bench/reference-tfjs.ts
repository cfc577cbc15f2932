// Plain tfjs-layers `model.fit` on the bench specs: what a user gets from tfjs without our
// trainer, per backend, with and without the wasm matmul fix. bench/run.ts puts the
// project's trainer next to these numbers.
//
//   node --import tsx bench/reference-tfjs.ts [--spec NAME]... [--engine ENGINE]... [--no-keras] [--repeat N] [--json FILE]
//
// Every measurement runs in a fresh child process so that peak RSS, the backend's kernel
// registry and V8's JIT state belong to that one configuration only.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { childResult } from './child-result';
import { runKeras } from './keras';
import { markdownTable } from '../src/core/markdown-table';
import { type BenchResult, type BenchSpec, findSpec, formatRate, loadBenchData, median, SPECS } from './spec';

export type TfjsBackend = 'wasm' | 'cpu';

export interface TfjsFitOptions {
  /** installWasmMatMulFix: transposed matmuls (the backward pass) on XNNPACK. */
  matmulFix: boolean;
  /** installWasmRowCopyFix: Slice/GatherV2 as row copies (fit's per-batch gather). */
  rowCopyFix?: boolean;
  /** src/trainer/fused-adam.ts instead of tf.train.adam (what the trainer uses on wasm). */
  fusedAdam?: boolean;
  /** Overrides spec.samples, for engines too slow to run a full epoch in reasonable time. */
  samples?: number;
  /** tfjs-layers' fit option; 'auto' (the default) yields to the event loop between batches. */
  yieldEvery?: 'auto' | 'never' | 'batch' | 'epoch';
}

let tfModule: typeof tfjs | null = null;

/** Loads tfjs and switches to `backend`; throws if the backend does not initialise. */
export async function initTfjs(backend: TfjsBackend): Promise<typeof tfjs> {
  const tf = tfModule ?? (tfModule = await import('@tensorflow/tfjs'));
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The trailing separator matters: tfjs concatenates the file name onto this prefix.
    wasm.setWasmPaths(
      path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep,
    );
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
  await tf.ready();
  return tf;
}

export function engineName(backend: TfjsBackend, opts: TfjsFitOptions): string {
  const fixes =
    (backend === 'wasm' ? `${opts.matmulFix ? '+mm' : ''}${opts.rowCopyFix ? '+rows' : ''}` : '') +
    (opts.fusedAdam ? '+adam' : '');
  return `tfjs-${backend}${fixes}${opts.yieldEvery && opts.yieldEvery !== 'auto' ? `/yield-${opts.yieldEvery}` : ''}`;
}

/** One plain `model.fit` run, in this process. */
export async function runTfjsFit(spec: BenchSpec, backend: TfjsBackend, opts: TfjsFitOptions): Promise<BenchResult> {
  const tf = await initTfjs(backend);
  let note = `tfjs ${tf.version.tfjs}`;
  if (backend === 'wasm') {
    const fix = await import('../src/trainer/backend/wasm-matmul');
    if (opts.matmulFix) note += `; ${fix.installWasmMatMulFix(tf)}`;
    else fix.uninstallWasmMatMulFix(tf);
    if (opts.rowCopyFix) note += `; ${fix.installWasmRowCopyFix(tf)}`;
    else fix.uninstallWasmRowCopyFix(tf);
  }
  const samples = opts.samples ?? spec.samples;
  const data = loadBenchData({ out: spec.out, samples });
  const x = tf.tensor2d(data.x, [data.n, 784]);
  const y = tf.tensor2d(data.y, [data.n, spec.out]);
  const model = tf.sequential();
  spec.hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: spec.act, ...(i === 0 ? { inputShape: [784] } : {}) })),
  );
  model.add(tf.layers.dense({ units: spec.out, activation: spec.out === 10 ? 'softmax' : 'sigmoid' }));
  const optimizer = opts.fusedAdam
    ? (await import('../src/trainer/fused-adam')).makeFusedAdam(tf, spec.learningRate)
    : tf.train.adam(spec.learningRate);
  model.compile({ optimizer, loss: spec.out === 10 ? 'categoricalCrossentropy' : 'binaryCrossentropy' });

  const seconds: number[] = [];
  const losses: number[] = [];
  let t0 = 0;
  await model.fit(x, y, {
    batchSize: spec.batch,
    epochs: 1 + spec.epochs, // epoch 0 warms up kernels and the JIT and is not reported
    shuffle: true,
    verbose: 0,
    yieldEvery: opts.yieldEvery ?? 'auto',
    callbacks: {
      onEpochBegin: async () => {
        t0 = performance.now();
      },
      onEpochEnd: async (_epoch, logs) => {
        seconds.push((performance.now() - t0) / 1000);
        losses.push(Number(logs?.loss ?? NaN));
      },
    },
  });
  const timed = seconds.slice(1);
  tf.dispose([x, y]);
  model.dispose();
  return {
    engine: engineName(backend, opts),
    spec: spec.name,
    samplesPerSec: data.n / median(timed),
    epochSeconds: timed,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    finalLoss: losses[losses.length - 1] ?? NaN,
    note: samples !== spec.samples ? `${note}; ${samples} samples` : note,
  };
}

/** runTfjsFit in a child process (clean RSS and kernel registry); resolves with its result. */
export function runTfjsFitIsolated(spec: BenchSpec, backend: TfjsBackend, opts: TfjsFitOptions): Promise<BenchResult> {
  return childResult(
    [...process.execArgv, __filename, '--child', JSON.stringify({ spec: spec.name, backend, opts })],
    `child for ${spec.name}/${backend}`,
  );
}

interface Job {
  engine: string;
  run: (spec: BenchSpec) => Promise<BenchResult | null>;
}

// The unpatched wasm and the cpu backend are 5-50x slower; fewer rows keep the run short
// without changing samples/s (the per-step cost does not depend on the epoch length).
const SLOW_SAMPLES: Record<string, number> = {
  '784-128-64-32-10/b128': 10240,
  '784-128-64-1/b1000': 5000,
  '784-32-16-10/b4': 2000,
};

export const JOBS: Job[] = [
  { engine: 'keras', run: (s) => runKeras(s) },
  { engine: 'keras-1thr', run: (s) => runKeras(s, { threads: 1 }) },
  {
    engine: 'tfjs-wasm+mm+rows+adam',
    run: (s) => runTfjsFitIsolated(s, 'wasm', { matmulFix: true, rowCopyFix: true, fusedAdam: true }),
  },
  { engine: 'tfjs-wasm+mm+rows', run: (s) => runTfjsFitIsolated(s, 'wasm', { matmulFix: true, rowCopyFix: true }) },
  { engine: 'tfjs-wasm+mm', run: (s) => runTfjsFitIsolated(s, 'wasm', { matmulFix: true }) },
  {
    engine: 'tfjs-wasm',
    run: (s) => runTfjsFitIsolated(s, 'wasm', { matmulFix: false, samples: SLOW_SAMPLES[s.name] }),
  },
  { engine: 'tfjs-cpu', run: (s) => runTfjsFitIsolated(s, 'cpu', { matmulFix: false, samples: SLOW_SAMPLES[s.name] }) },
];

export function table(results: BenchResult[]): string {
  return markdownTable(
    ['net / batch', 'engine', 'samples/s', '× keras', '× keras-1thr', 'peak RSS MiB', 'final loss'],
    SPECS.flatMap((spec) => {
      const rows = results.filter((r) => r.spec === spec.name);
      const ref = rows.find((r) => r.engine === 'keras')?.samplesPerSec;
      const ref1 = rows.find((r) => r.engine === 'keras-1thr')?.samplesPerSec;
      return rows.map((r) => {
        const ratio = (x?: number) => (x ? (r.samplesPerSec / x).toFixed(2) : '–');
        return [
          spec.name,
          r.engine,
          formatRate(r.samplesPerSec),
          ratio(ref),
          ratio(ref1),
          r.peakRssMiB.toFixed(0),
          r.finalLoss.toFixed(4),
        ];
      });
    }),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
  );
}

async function main(argv: string[]): Promise<void> {
  const childAt = argv.indexOf('--child');
  if (childAt >= 0) {
    const { spec, backend, opts } = JSON.parse(argv[childAt + 1]!) as {
      spec: string;
      backend: TfjsBackend;
      opts: TfjsFitOptions;
    };
    console.log(JSON.stringify(await runTfjsFit(findSpec(spec), backend, opts)));
    return;
  }
  const pick = (flag: string) => argv.flatMap((a, i) => (a === flag && argv[i + 1] ? [argv[i + 1]!] : []));
  const specs = pick('--spec').length ? pick('--spec').map(findSpec) : [...SPECS];
  const engines = pick('--engine');
  const jobs = JOBS.filter(
    (j) =>
      (engines.length ? engines.includes(j.engine) : true) &&
      !(argv.includes('--no-keras') && j.engine.startsWith('keras')),
  );
  // On a shared machine other people's work only ever slows a run down, so with --repeat N
  // the engines take turns N times and the fastest run of each counts.
  const repeatAt = argv.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Math.max(1, Number(argv[repeatAt + 1]) || 1) : 1;
  const best = new Map<string, BenchResult>();
  console.log(
    `load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; cpus: ${os.cpus().length}`,
  );
  for (let round = 0; round < repeat; round++) {
    for (const spec of specs) {
      for (const job of jobs) {
        const r = await job.run(spec);
        if (!r) continue;
        const key = `${r.spec} ${r.engine}`;
        const prev = best.get(key);
        if (!prev || r.samplesPerSec > prev.samplesPerSec) best.set(key, r);
        console.log(
          `${spec.name.padEnd(22)} ${r.engine.padEnd(16)} ${formatRate(r.samplesPerSec).padStart(7)} samples/s  epochs ${r.epochSeconds.map((s) => s.toFixed(2)).join('/')} s  rss ${r.peakRssMiB.toFixed(0)} MiB  loss ${r.finalLoss.toFixed(4)}  load ${os.loadavg()[0]!.toFixed(2)}`,
        );
      }
    }
  }
  const results = [...best.values()];
  console.log(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  console.log(table(results));
  const jsonAt = argv.indexOf('--json');
  if (jsonAt >= 0 && argv[jsonAt + 1])
    fs.writeFileSync(
      argv[jsonAt + 1]!,
      JSON.stringify({ at: new Date().toISOString(), loadavg: os.loadavg(), results }, null, 2),
    );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
