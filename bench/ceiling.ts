// The ceiling: how many GFLOP/s a matrix product reaches on the backend the trainer uses (tfjs
// wasm, XNNPACK, one thread) on this machine, and what fraction of it a training step reaches,
// beside Keras measured in the same run. Prints figures and ratios; asserts nothing.
//
//   node --import tsx bench/ceiling.ts [--samples N] [--no-keras] [--json FILE]
import '../src/trainer/backend/quiet-tfjs-banner';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/trainer/backend/backend';
import { kerasPython, runKeras } from './keras';
import { runOurs } from './ours';
import { findSpec, median, type BenchSpec } from './spec';

/** Multiply-adds ×2 of one training sample through a Dense net: forward x·W, backward xᵀ·dz and dz·Wᵀ (none below the first layer). */
export function trainingFlopsPerSample(spec: BenchSpec, inputs = 784): number {
  const widths = [inputs, ...spec.hidden, spec.out];
  let flops = 0;
  for (let l = 1; l < widths.length; l++) {
    const macs = widths[l - 1] * widths[l];
    flops += 2 * macs * (l === 1 ? 2 : 3);
  }
  return flops;
}

/**
 * Best GFLOP/s of tfjs' matMul for an m×k by k×n product over `repeat` timed batches, per second
 * of this process's CPU time: on a shared machine wall time mostly measures the neighbours.
 */
export function gemmGflops(m: number, k: number, n: number, transposeA = false, repeat = 7): number {
  const a = tf.randomNormal(transposeA ? [k, m] : [m, k], 0, 1, 'float32', 1);
  const b = tf.randomNormal([k, n], 0, 1, 'float32', 2);
  const flops = 2 * m * k * n;
  // Enough calls per timing that one lasts a few ms, so timer and dispatch noise stay small.
  const calls = Math.max(1, Math.round(2e8 / flops));
  let best = Infinity;
  for (let r = 0; r < repeat + 1; r++) {
    const t = process.cpuUsage();
    for (let c = 0; c < calls; c++) tf.tidy(() => tf.matMul(a, b, transposeA, false).dataSync());
    const used = process.cpuUsage(t);
    const ms = (used.user + used.system) / 1000 / calls;
    if (r > 0) best = Math.min(best, ms);
  }
  tf.dispose([a, b]);
  return flops / (best * 1e6);
}

/** The same products in NumPy on one thread (the BLAS under Keras's CPU kernels), or null without the venv. */
function nativeGemmGflops(shapes: [number, number, number][]): number[] | null {
  const program = `
import os, sys, time, json
import numpy as np
out = []
for m, k, n in json.loads(sys.argv[1]):
    a = np.random.rand(m, k).astype(np.float32); b = np.random.rand(k, n).astype(np.float32)
    calls = max(1, round(2e8 / (2 * m * k * n))); best = float('inf')
    for r in range(8):
        c = time.process_time()
        for _ in range(calls): a @ b
        if r: best = min(best, (time.process_time() - c) / calls)
    out.append(2 * m * k * n / best / 1e9)
print(json.dumps(out))`;
  const threads = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  try {
    const out = execFileSync(kerasPython(), ['-c', program, JSON.stringify(shapes)], {
      env: { ...process.env, ...threads },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as number[];
  } catch {
    return null;
  }
}

interface GemmRow {
  shape: string;
  gflops: number;
  /** NumPy, one thread, same shape. */
  nativeGflops: number | null;
}

const SHAPES: { shape: string; mkn: [number, number, number]; transposeA?: boolean }[] = [
  { shape: '512×512 · 512×512', mkn: [512, 512, 512] },
  { shape: '1000×784 · 784×128 (b1000 forward)', mkn: [1000, 784, 128] },
  { shape: '(1000×784)ᵀ · 1000×128 (b1000 dW)', mkn: [784, 1000, 128], transposeA: true },
  { shape: '128×784 · 784×128 (b128 forward)', mkn: [128, 784, 128] },
  { shape: '128×128 · 128×64 (b128 second layer)', mkn: [128, 128, 64] },
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const load = () => os.loadavg()[0].toFixed(1);
  const loadStart = os.loadavg();
  const info = await initBackend('wasm');
  console.log(
    `ceiling on ${info.name} (one thread; GFLOP/s per CPU second), ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${load()}`,
  );
  const native = nativeGemmGflops(SHAPES.map((g) => g.mkn));
  const gemm: GemmRow[] = SHAPES.map((g, i) => ({
    shape: g.shape,
    gflops: gemmGflops(...g.mkn, g.transposeA),
    nativeGflops: native?.[i] ?? null,
  }));
  for (const g of gemm)
    console.log(
      `  matMul ${g.shape}: ${g.gflops.toFixed(1)} GFLOP/s${g.nativeGflops === null ? '' : ` (NumPy, 1 thread: ${g.nativeGflops.toFixed(1)}, ${(g.gflops / g.nativeGflops).toFixed(3)} ×)`}`,
    );
  const peak = Math.max(...gemm.map((g) => g.gflops));
  console.log(`  ceiling (best of the above): ${peak.toFixed(1)} GFLOP/s (load ${load()})`);

  const rows = [];
  for (const name of ['784-128-64-32-10/b128', '784-128-64-1/b1000']) {
    const base = findSpec(name);
    const samples = Math.min(base.samples, Number(value('samples') ?? 20000));
    const spec: BenchSpec = { ...base, samples, epochs: 2 };
    const ours = await runOurs(spec, 'wasm', samples, { threads: 1 });
    const keras = argv.includes('--no-keras') ? null : await runKeras(spec, { threads: 1 });
    const flops = trainingFlopsPerSample(spec);
    // Per CPU second, like the GEMM figures; the samples/s columns are wall time, as elsewhere.
    const perCpuSecond = (r: { epochCpuSeconds?: number[] } | null) =>
      r?.epochCpuSeconds?.length ? samples / median(r.epochCpuSeconds) : null;
    const gflops = (perCpuSecond(ours)! * flops) / 1e9;
    const row = {
      spec: name,
      samples,
      oursSamplesPerSec: ours.samplesPerSec,
      kerasSamplesPerSec: keras?.samplesPerSec ?? null,
      vsKeras: keras ? ours.samplesPerSec / keras.samplesPerSec : null,
      trainingGflops: gflops,
      ofCeiling: gflops / peak,
      kerasGflops: perCpuSecond(keras) === null ? null : (perCpuSecond(keras)! * flops) / 1e9,
      oursPeakRssMiB: ours.peakRssMiB,
      kerasPeakRssMiB: keras?.peakRssMiB ?? null,
      /** Samples per CPU second, MNIST Lab ÷ Keras: the like-for-like figure on a loaded machine. */
      vsKerasPerCpuSecond: perCpuSecond(keras) === null ? null : perCpuSecond(ours)! / perCpuSecond(keras)!,
      load: Number(load()),
    };
    rows.push(row);
    console.log(
      `  ${name} (${samples} rows, load ${load()}): MNIST Lab ${(ours.samplesPerSec / 1000).toFixed(1)}k samples/s (wall), ${gflops.toFixed(1)} dense-equivalent GFLOP/s per CPU second, ${(100 * row.ofCeiling).toFixed(0)} % of the ceiling, peak RSS ${ours.peakRssMiB.toFixed(0)} MiB` +
        (keras
          ? `; Keras 1 thread ${(keras.samplesPerSec / 1000).toFixed(1)}k (${row.kerasGflops?.toFixed(1) ?? '–'} GFLOP/s, peak RSS ${keras.peakRssMiB.toFixed(0)} MiB); MNIST Lab ÷ Keras ${row.vsKeras!.toFixed(2)} (wall), ${row.vsKerasPerCpuSecond?.toFixed(2) ?? '–'} (per CPU second)`
          : ''),
    );
  }
  const loadEnd = os.loadavg();
  console.log(
    `load average at the start: ${loadStart.map((l) => l.toFixed(1)).join(' ')}, at the end: ${loadEnd.map((l) => l.toFixed(1)).join(' ')}`,
  );
  const json = value('json');
  if (json) writeFileSync(json, JSON.stringify({ gemm, peak, rows, loadStart, loadEnd }, null, 2));
}

if (require.main === module) void main();
