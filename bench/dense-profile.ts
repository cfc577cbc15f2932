// Where a dense-path training step goes (a dataset that is not mostly 0, so the first layer does
// not take the sparse-pixel kernel), on inverted MNIST: tf.profile's kernels of the tapeless
// step and its batch assembly, for the first layer on tfjs' matmul and on the dense-input
// kernel. The two run interleaved over many steps in one process; reported per variant is the
// median ms of the loss-and-gradients part of a step (no optimizer) and its GFLOP/s counted as
// the dense first layer's two products (x·W, xᵀ·dz) and the rest's three. First, the first
// layer's two products alone (784 inputs, 128 units), kernel against tfjs, best of interleaved
// turns: the GFLOP/s each reaches on one core.
//   node --import tsx bench/dense-profile.ts [--steps 40]
import '../src/trainer/backend/quiet-tfjs-banner';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/trainer/backend/backend';
import { loadDataset } from '../src/trainer/data/dataset';
import { DenseInputKernel } from '../src/trainer/kernels/dense-input';
import { GradientComputer } from '../src/trainer/net/gradients';
import { inputBatch } from '../src/trainer/net/batches';
import { buildModel } from '../src/trainer/net/model';
import { resolveExperiment } from '../src/experiments/resolve';
import type { ExperimentFile } from '../src/core/schema';
import { invertedMnistDir } from './dense-data';
import { median } from './spec';

const steps = Number(process.argv[process.argv.indexOf('--steps') + 1]) || 40;

const NETS: { name: string; batch: number; hidden: number[]; file: ExperimentFile }[] = [
  {
    name: '784-128-64-32-10/b128',
    batch: 128,
    hidden: [128, 64, 32],
    file: {
      name: 'p',
      kind: 'multiclass',
      model: { hidden: [{ units: 128 }, { units: 64 }, { units: 32 }] },
    } as ExperimentFile,
  },
  {
    name: '784-128-64-1/b1000',
    batch: 1000,
    hidden: [128, 64],
    file: {
      name: 'p',
      kind: 'binary',
      data: { classes: [5, 8] },
      model: { hidden: [{ units: 128 }, { units: 64 }] },
    } as ExperimentFile,
  },
];

/** Multiply-adds × 2 of one sample: x·W and xᵀ·dz of the first layer, all three products of the others. */
function flopsPerSample(hidden: number[], out: number): number {
  const widths = [784, ...hidden, out];
  let f = 2 * 2 * widths[0]! * widths[1]!;
  for (let i = 1; i < widths.length - 1; i++) f += 3 * 2 * widths[i]! * widths[i + 1]!;
  return f;
}

/** Best ms of `reps` calls over interleaved turns, per function. */
function bestOf(fs: (() => void)[], turns = 12, reps = 5): number[] {
  const best = fs.map(() => Infinity);
  for (const f of fs) f();
  for (let t = 0; t < turns; t++)
    fs.forEach((f, i) => {
      const start = performance.now();
      for (let r = 0; r < reps; r++) f();
      best[i] = Math.min(best[i]!, (performance.now() - start) / reps);
    });
  return best;
}

function products(ds: ReturnType<typeof loadDataset>): void {
  const k = 784;
  const width = 128;
  for (const rows of [128, 1000]) {
    const pixels = ds.train.images.subarray(0, rows * k);
    const kernel = new DenseInputKernel();
    const x = tf.tensor2d(
      Float32Array.from(pixels, (p) => p / 255),
      [rows, k],
    );
    const w = tf.randomNormal([k, width], 0, 0.1) as tf.Tensor2D;
    const bias = tf.zeros([width]) as tf.Tensor1D;
    const dz = tf.randomNormal([rows, width]) as tf.Tensor2D;
    const [wv, bv, dzv] = [w, bias, dz].map((t) => t.dataSync() as Float32Array) as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    kernel.pixels(rows, k, width).set(pixels);
    kernel.load(1 / 255, 0);
    const [kf, kb, tfF, tfB] = bestOf([
      () => kernel.forward(wv, bv, true),
      () => kernel.backward(dzv, true),
      () => tf.tidy(() => void tf.fused.matMul({ a: x, b: w, bias, activation: 'relu' }).dataSync()),
      () => tf.tidy(() => void tf.matMul(x, dz, true, false).dataSync()),
      // (the kernel's backward also masks dz by the ReLU and sums it for the bias; tfjs' does not)
    ]);
    const gflop = (2 * rows * k * width) / 1e6;
    const rate = (ms: number) => `${ms.toFixed(2)} ms (${(gflop / ms).toFixed(1)} GFLOP/s)`;
    console.log(
      `first layer, batch ${rows}: x·W+b, ReLU: kernel ${rate(kf!)}, tfjs ${rate(tfF!)}; xᵀ·dz: kernel ${rate(kb!)}, tfjs ${rate(tfB!)} (each with its copies in and out)`,
    );
    tf.dispose([x, w, bias, dz]);
  }
}

async function main(): Promise<void> {
  await initBackend('wasm');
  const ds = loadDataset(invertedMnistDir());
  products(ds);
  const scaling = { scale: 1 / 255, offset: 0 };
  for (const net of NETS) {
    const trial = resolveExperiment(net.file, null).trials[0]!;
    const refs = Uint32Array.from({ length: net.batch * 8 }, (_, i) => (i * 7919) % 50000);
    const classes = Uint32Array.from(refs, (r) => ds.train.labels[r]! % trial.model.outputUnits);
    const variants = [
      { name: "tfjs' matmul (XNNPACK)", kernels: false },
      { name: 'dense-input kernel', kernels: true },
    ].map((v) => {
      const model = buildModel(trial, 784);
      return {
        ...v,
        model,
        computer: new GradientComputer(model, trial, ds, scaling, v.kernels, true, v.kernels),
        ms: [] as number[],
      };
    });
    const run = (computer: GradientComputer, s: number) => {
      const start = (s % 8) * net.batch;
      const out = computer.compute(refs, classes, start, start + net.batch);
      tf.dispose(Object.values(out.grads));
    };
    for (const v of variants) for (let s = 0; s < 5; s++) run(v.computer, s);
    for (let s = 0; s < steps; s++)
      for (const v of variants) {
        const t = performance.now();
        run(v.computer, s);
        v.ms.push(performance.now() - t);
      }
    const batchMs: number[] = [];
    for (let s = 0; s < steps; s++) {
      const t = performance.now();
      inputBatch(ds, refs, (s % 8) * net.batch, ((s % 8) + 1) * net.batch, scaling).dispose();
      batchMs.push(performance.now() - t);
    }
    const flops = flopsPerSample(net.hidden, trial.model.outputUnits) * net.batch;
    console.log(
      `${net.name} (${(flops / 1e6).toFixed(0)} MFLOP a step; tfjs' float batch assembly ${median(batchMs).toFixed(2)} ms)`,
    );
    for (const v of variants) {
      const byKernel = new Map<string, { calls: number; ms: number }>();
      for (let s = 0; s < 10; s++) {
        const info = await tf.profile(() => run(v.computer, s));
        for (const k of info.kernels) {
          const e = byKernel.get(k.name) ?? { calls: 0, ms: 0 };
          e.calls += 1 / 10;
          e.ms += (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0) / 10;
          byKernel.set(k.name, e);
        }
      }
      const ms = median(v.ms);
      const kernels = [...byKernel.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([k, e]) => `${k} ${e.ms.toFixed(2)}/${e.calls.toFixed(0)}`)
        .join(', ');
      console.log(
        `  ${v.name.padEnd(24)} ${ms.toFixed(2)} ms/step, ${(flops / ms / 1e6).toFixed(1)} GFLOP/s; tfjs kernels (ms/calls): ${kernels}`,
      );
      v.model.dispose();
    }
  }
}

void main();
