// The dense path on really dense data (inverted MNIST, bench/dense-data.ts): the trainer with
// the dense-input kernel, the trainer with tfjs' matmul for dense batches (the path before the
// kernel) and Keras on all cores and on one thread, in interleaved turns (A B C D A B C D …) so
// load from other users of a shared machine falls on all of them alike. Reports per engine the
// median over turns of samples/s (wall) and samples per CPU second, the dense-equivalent
// GFLOP/s per CPU second (x·W and xᵀ·dz of the first layer, all three products of the others),
// peak RSS, and the load average around each turn. Asserts nothing.
//
// With --threads N, also the trainer's opt-in data-parallel replica threads (batches ≥ 512).
//
//   node --import tsx bench/dense-path.ts [--turns 3] [--spec NAME] [--epochs N] [--threads N] [--no-keras] [--json FILE]
import * as fs from 'node:fs';
import * as os from 'node:os';
import { invertedMnistDir, nonZeroShare } from './dense-data';
import { runKeras } from './keras';
import { runOurs, type OursOptions } from './ours';
import { findSpec, median, SPECS, type BenchResult, type BenchSpec } from './spec';

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const turns = Number(value('turns') ?? 3);
const specNames = value('spec') ? [value('spec')!] : SPECS.filter((s) => s.batch >= 128).map((s) => s.name);
const noKeras = args.includes('--no-keras');
const threads = Number(value('threads') ?? 1);

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Multiply-adds × 2 per sample that a dense step does. */
export function denseFlopsPerSample(spec: Pick<BenchSpec, 'hidden' | 'out'>): number {
  const widths = [784, ...spec.hidden, spec.out];
  let flops = 2 * 2 * widths[0]! * widths[1]!;
  for (let i = 1; i < widths.length - 1; i++) flops += 3 * 2 * widths[i]! * widths[i + 1]!;
  return flops;
}

interface Engine {
  name: string;
  run(spec: BenchSpec): Promise<BenchResult | null>;
}

const ENGINES: Engine[] = [
  {
    name: 'MNIST Lab wasm, dense-input kernel',
    run: (spec) => runOurs(spec, 'wasm', spec.samples, { threads: 1 }),
  },
  ...(threads > 1
    ? [
        {
          name: `MNIST Lab wasm ×${threads} threads, dense-input kernel`,
          run: (spec: BenchSpec) => runOurs(spec, 'wasm', spec.samples, { threads }),
        },
      ]
    : []),
  {
    name: "MNIST Lab wasm, tfjs' matmul (before)",
    run: (spec) => runOurs(spec, 'wasm', spec.samples, { threads: 1, denseInput: false } satisfies OursOptions),
  },
  ...(noKeras
    ? []
    : [
        {
          name: 'Keras (all cores)',
          run: (spec: BenchSpec) => runKeras(spec, { onUnavailable: (r) => console.log(r) }),
        },
        { name: 'Keras (1 thread)', run: (spec: BenchSpec) => runKeras(spec, { threads: 1 }) },
      ]),
];

interface Measured {
  spec: string;
  engine: string;
  samplesPerSec: number[];
  samplesPerCpuSec: number[];
  peakRssMiB: number[];
  finalLoss: number[];
}

async function main(): Promise<void> {
  const dataDir = invertedMnistDir();
  console.log(
    `inverted MNIST: ${(100 * nonZeroShare(dataDir)).toFixed(0)} % non-zero pixels; ${turns} interleaved turns; load ${load()}`,
  );
  const all: Measured[] = [];
  for (const name of specNames) {
    const base = findSpec(name);
    const spec: BenchSpec = { ...base, dataDir, epochs: Number(value('epochs') ?? base.epochs) };
    const measured = ENGINES.map((e) => ({
      spec: name,
      engine: e.name,
      samplesPerSec: [] as number[],
      samplesPerCpuSec: [] as number[],
      peakRssMiB: [] as number[],
      finalLoss: [] as number[],
    }));
    for (let turn = 1; turn <= turns; turn++) {
      for (const [i, engine] of ENGINES.entries()) {
        const before = load();
        const r = await engine.run(spec);
        if (!r) continue;
        const m = measured[i]!;
        const cpu = r.epochCpuSeconds?.length ? median(r.epochCpuSeconds) : NaN;
        m.samplesPerSec.push(r.samplesPerSec);
        m.samplesPerCpuSec.push(spec.samples / cpu);
        m.peakRssMiB.push(r.peakRssMiB);
        m.finalLoss.push(r.finalLoss);
        console.log(
          `${name} turn ${turn} ${engine.name}: ${Math.round(r.samplesPerSec)} samples/s, ${Math.round(spec.samples / cpu)} per CPU s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB, loss ${r.finalLoss.toFixed(4)} (load ${before} → ${load()})`,
        );
      }
    }
    all.push(...measured.filter((m) => m.samplesPerSec.length > 0));
  }
  console.log(`\nload at the end ${load()}\n`);
  console.log(
    '| net / batch | engine | samples/s (wall) | samples / CPU s | GFLOP/s per CPU s | × Keras best, wall | × Keras best, CPU | peak RSS MiB |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const name of specNames) {
    const rows = all.filter((m) => m.spec === name);
    const keras = rows.filter((m) => m.engine.startsWith('Keras'));
    const bestWall = Math.max(...keras.map((m) => median(m.samplesPerSec)));
    const bestCpu = Math.max(...keras.map((m) => median(m.samplesPerCpuSec)));
    const flops = denseFlopsPerSample(findSpec(name));
    for (const m of rows) {
      const wall = median(m.samplesPerSec);
      const cpu = median(m.samplesPerCpuSec);
      const ratio = (x: number, ref: number) => (Number.isFinite(ref) && ref > 0 ? (x / ref).toFixed(2) : '–');
      console.log(
        `| ${name} | ${m.engine} | ${(wall / 1000).toFixed(1)}k | ${(cpu / 1000).toFixed(1)}k | ${((cpu * flops) / 1e9).toFixed(1)} | ${ratio(wall, bestWall)} | ${ratio(cpu, bestCpu)} | ${Math.max(...m.peakRssMiB).toFixed(0)} |`,
      );
    }
  }
  const json = value('json');
  if (json) fs.writeFileSync(json, JSON.stringify({ load: load(), turns, results: all }, null, 2));
}

void main();
