// Where the time of one wasm training step goes, and what each candidate change buys.
// Variants run interleaved (A B C A B C ...) in one process so that load from other users of
// a shared machine hits them alike; reported is the median ms/step per variant.
//
//   node --import tsx bench/step-experiments.ts [--profile] [--spec NAME]
import * as os from 'node:os';
import type * as tfjs from '@tensorflow/tfjs';
import { initTfjs } from './reference-tfjs';
import { makeFusedAdam } from '../src/trainer/fused-adam';
import { type BenchSpec, findSpec, loadBenchData, median, SPECS } from './spec';
import { installWasmMatMulFix, uninstallWasmMatMulFix } from '../src/trainer/backend/wasm-matmul';

type Tf = typeof tfjs;

interface Variant {
  name: string;
  fix: boolean;
  fusedAdam: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'tfjs Adam, no fix', fix: false, fusedAdam: false },
  { name: 'tfjs Adam + fix', fix: true, fusedAdam: false },
  { name: 'fused Adam + fix', fix: true, fusedAdam: true },
];

function build(tf: Tf, spec: BenchSpec, fusedAdam: boolean, seed: number): tfjs.Sequential {
  const model = tf.sequential();
  spec.hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense({
        units,
        activation: spec.act,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        ...(i === 0 ? { inputShape: [784] } : {}),
      }),
    ),
  );
  model.add(
    tf.layers.dense({
      units: spec.out,
      activation: spec.out === 10 ? 'softmax' : 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }),
    }),
  );
  model.compile({
    optimizer: fusedAdam ? makeFusedAdam(tf, spec.learningRate) : tf.train.adam(spec.learningRate),
    loss: spec.out === 10 ? 'categoricalCrossentropy' : 'binaryCrossentropy',
  });
  return model;
}

function setFix(tf: Tf, on: boolean): void {
  if (on) installWasmMatMulFix(tf);
  else uninstallWasmMatMulFix(tf);
}

async function profileStep(tf: Tf, model: tfjs.Sequential, x: tfjs.Tensor, y: tfjs.Tensor): Promise<void> {
  const reps = 10;
  const byKernel = new Map<string, { calls: number; ms: number }>();
  let calls = 0;
  for (let r = 0; r < reps; r++) {
    const info = await tf.profile(async () => {
      await model.trainOnBatch(x, y);
    });
    calls = info.kernels.length;
    for (const k of info.kernels) {
      const e = byKernel.get(k.name) ?? { calls: 0, ms: 0 };
      e.calls += 1 / reps;
      e.ms += (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0) / reps;
      byKernel.set(k.name, e);
    }
  }
  const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
  const top = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
  console.log(
    `    ${calls} kernel calls/step, kernel time ${total.toFixed(2)} ms: ${top.map(([k, e]) => `${k} ${e.ms.toFixed(2)}/${Math.round(e.calls)}`).join(', ')}`,
  );
}

async function main(argv: string[]): Promise<void> {
  const tf = await initTfjs('wasm');
  const pick = argv.flatMap((a, i) => (a === '--spec' && argv[i + 1] ? [argv[i + 1]!] : []));
  const specs = pick.length ? pick.map(findSpec) : [...SPECS];
  console.log(
    `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const spec of specs) {
    const data = loadBenchData({ out: spec.out, samples: spec.batch * 8 });
    const x = tf.tensor2d(data.x, [data.n, 784]);
    const y = tf.tensor2d(data.y, [data.n, spec.out]);
    const batches = Array.from(
      { length: 8 },
      (_, i) => [x.slice(i * spec.batch, spec.batch), y.slice(i * spec.batch, spec.batch)] as const,
    );
    const models = VARIANTS.map((v) => build(tf, spec, v.fusedAdam, 1));
    const steps = spec.batch >= 1000 ? 5 : spec.batch >= 100 ? 40 : 400;
    const samples: number[][] = VARIANTS.map(() => []);
    for (let round = 0; round < 7; round++) {
      for (const [vi, v] of VARIANTS.entries()) {
        setFix(tf, v.fix);
        const t0 = performance.now();
        for (let s = 0; s < steps; s++) {
          const [bx, by] = batches[s % batches.length]!;
          await models[vi]!.trainOnBatch(bx, by);
        }
        // Round 0 warms up kernels, XNNPACK operators and the JIT.
        if (round > 0) samples[vi]!.push((performance.now() - t0) / steps);
      }
    }
    console.log(`\n${spec.name} (load ${os.loadavg()[0]!.toFixed(2)})`);
    const base = median(samples[0]!);
    for (const [vi, v] of VARIANTS.entries()) {
      const ms = median(samples[vi]!);
      console.log(
        `  ${v.name.padEnd(20)} ${ms.toFixed(3)} ms/step  ${Math.round((spec.batch / ms) * 1000)} samples/s  ×${(base / ms).toFixed(2)} vs first`,
      );
      if (argv.includes('--profile')) {
        setFix(tf, v.fix);
        await profileStep(tf, models[vi]!, batches[0]![0], batches[0]![1]);
      }
    }
    // Same seeds and batches: the fused optimizer must land where tfjs' Adam does. Only a few
    // steps: over hundreds of steps float rounding differences grow chaotically (ReLU units
    // switching on or off), which says nothing about the optimizer.
    // Control: tfjs' own Adam with and without the fix differ only in float rounding of the
    // matmuls; the fused optimizer should not be further from tfjs Adam than that.
    const trio = [build(tf, spec, false, 5), build(tf, spec, true, 5), build(tf, spec, false, 5)];
    const start = trio[0]!.getWeights().map((w) => w.dataSync().slice());
    for (let s = 0; s < 3; s++) {
      for (const [i, m] of trio.entries()) {
        setFix(tf, i < 2);
        await m.trainOnBatch(batches[s % 8]![0], batches[s % 8]![1]);
      }
    }
    // Only 3 steps: Adam moves a weight by about ±lr whatever the gradient's size, so a
    // gradient that is zero up to rounding can flip sign between two runs; from there the
    // runs drift apart chaotically (seen from step 5 on with these seeds), which says
    // nothing about the optimizer's arithmetic.
    const diff = (a: tfjs.Sequential, b: tfjs.Sequential) => {
      let worst = 0;
      let off = 0;
      let n = 0;
      a.getWeights().forEach((w, i) => {
        const p = w.dataSync();
        const q = b.getWeights()[i]!.dataSync();
        for (let j = 0; j < p.length; j++) {
          const d = Math.abs(p[j]! - q[j]!);
          worst = Math.max(worst, d);
          if (d > 1e-5) off++;
          n++;
        }
      });
      return `${worst.toExponential(2)} (${off} of ${n} weights off by >1e-5)`;
    };
    let moved = 0;
    trio[0]!
      .getWeights()
      .forEach((w, i) => w.dataSync().forEach((v, j) => (moved = Math.max(moved, Math.abs(v - start[i]![j]!)))));
    console.log(
      `  after 3 steps, max |Δw|: fused vs tfjs Adam ${diff(trio[0]!, trio[1]!)}; ` +
        `control, tfjs Adam fix vs no fix ${diff(trio[0]!, trio[2]!)}; max movement ${moved.toExponential(2)}`,
    );
    const pair = trio;
    pair.forEach((m) => m.dispose());
    models.forEach((m) => m.dispose());
    tf.dispose([x, y, ...batches.flat()]);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
