// The project's own trainer (backend choice, kernel fixes, data pipeline, training loop) on a
// bench spec, in a process of its own so peak RSS and the kernel registry are its own.
import '../src/trainer/backend/quiet-tfjs-banner';
import * as path from 'node:path';
import { initBackend } from '../src/trainer/backend/backend';
import { loadDataset } from '../src/trainer/data/dataset';
import { trainTrial } from '../src/trainer/train';
import { benefitsFromReplicas, ReplicaPool } from '../src/trainer/parallel/pool';
import { resolveExperiment } from '../src/experiments/resolve';
import type { ExperimentFile } from '../src/core/schema';
import type { BackendPreference } from '../src/trainer/protocol';
import { TRAINER_EXEC_ARGV } from '../src/runs/trainer-flags';
import { bundled } from './bundle';
import { childResult } from './child-result';
import { findSpec, median, type BenchResult, type BenchSpec } from './spec';

export function experimentFor(spec: BenchSpec, samples: number, options: OursOptions = {}): ExperimentFile {
  return {
    ...(options.dynamics === false ? { dynamics: false as const } : {}),
    name: spec.name,
    kind: spec.out === 1 ? 'binary' : 'multiclass',
    data: {
      ...(spec.out === 1 ? { classes: [5, 8] } : {}),
      normalization: 'divide255',
      validationFraction: 0,
      limit: { train: samples, test: 500 },
    },
    model: { hidden: spec.hidden.map((units) => ({ units })), activation: spec.act },
    // One untimed warm-up epoch, then the timed ones, as every engine in the bench does.
    training: {
      optimizer: 'adam',
      learningRate: spec.learningRate,
      batchSize: spec.batch,
      epochs: spec.epochs + 1,
      earlyStopping: false,
      seed: 1,
    },
    evaluation: { samples: 0 },
  };
}

export interface OursOptions {
  /** Threads per trial (data-parallel from MIN_PARALLEL_BATCH on); default 1. */
  threads?: number;
  /** false: the first layer on tfjs' dense matmul instead of the sparse-pixel kernel. */
  sparseInput?: boolean;
  /** false: gradients through tfjs' tape (tf.variableGrads) instead of the tapeless step. */
  tapeless?: boolean;
  /** false: batches too dense for the sparse kernel on tfjs' matmul instead of the dense-input kernel. */
  denseInput?: boolean;
  /** false: the tapeless tfjs step instead of the whole step in WebAssembly (src/trainer/wasm-mlp.ts). */
  wholeStep?: boolean;
  /** false: without recording the training dynamics (on by default, as in a run). */
  dynamics?: boolean;
}

export async function runOursInProcess(
  spec: BenchSpec,
  backend: BackendPreference,
  samples = spec.samples,
  options: OursOptions = {},
): Promise<BenchResult> {
  const threads = options.threads ?? 1;
  const info = await initBackend(backend);
  const pool =
    threads > 1 && benefitsFromReplicas(info.name) ? new ReplicaPool(threads, info.name as 'wasm' | 'cpu', null) : null;
  const dataset = loadDataset(spec.dataDir ?? null);
  const trial = resolveExperiment(experimentFor(spec, samples, options), null).trials[0];
  // CPU time per epoch as well as wall time: on a loaded shared machine wall time mostly
  // measures the neighbours, while a one-thread trainer's CPU time is its own work.
  const cpuSeconds: number[] = [];
  let cpu = process.cpuUsage();
  const onEpoch = () => {
    const d = process.cpuUsage(cpu);
    cpuSeconds.push((d.user + d.system) / 1e6);
    cpu = process.cpuUsage();
  };
  const out = await trainTrial(
    dataset,
    trial,
    { onEpoch },
    {
      pool,
      ...(options.sparseInput === false ? { sparseInput: false } : {}),
      ...(options.tapeless === false ? { tapeless: false } : {}),
      ...(options.denseInput === false ? { denseInput: false } : {}),
      ...(options.wholeStep === false ? { wholeStep: false } : {}),
    },
  );
  await pool?.dispose();
  const timed = out.history.slice(1);
  const used = out.result?.threads ?? 1;
  return {
    engine: `mnist-lab ${info.name}${used > 1 ? ` ×${used} threads` : ''}${options.sparseInput === false ? ', dense first layer' : ''}${options.tapeless === false ? ', gradient tape' : ''}${options.denseInput === false ? ", dense batches on tfjs' matmul" : ''}${options.wholeStep === false ? ', tapeless tfjs step' : ''}${options.dynamics === false ? ', no dynamics' : ''}${spec.dataDir ? `, on ${path.basename(spec.dataDir)}` : ''}`,
    spec: spec.name,
    samplesPerSec: median(timed.map((h) => h.samplesPerSecond)),
    epochSeconds: timed.map((h) => h.seconds),
    epochCpuSeconds: cpuSeconds.slice(1),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    finalLoss: out.history.at(-1)?.loss ?? NaN,
    note: `${samples} samples; ${info.note}`,
  };
}

export function runOurs(
  spec: BenchSpec,
  backend: BackendPreference,
  samples = spec.samples,
  options: OursOptions = {},
): Promise<BenchResult> {
  // Replica threads load replica.js from beside the bundle, as dist/trainer.js finds dist/replica.js.
  if ((options.threads ?? 1) > 1) {
    bundled(path.join(__dirname, '..', 'src', 'trainer', 'parallel', 'replica-thread.ts'), 'replica.js');
    bundled(path.join(__dirname, '..', 'src', 'trainer', 'parallel', 'product-thread.ts'), 'product-thread.js');
  }
  // The trainer's own Node flags and a bundle of this file, so peak RSS is a shipped trainer's.
  return childResult(
    [
      ...TRAINER_EXEC_ARGV,
      bundled(__filename),
      '--child',
      JSON.stringify({ spec: spec.name, epochs: spec.epochs, dataDir: spec.dataDir, backend, samples, options }),
    ],
    `mnist-lab trainer on ${spec.name}/${backend}`,
  );
}

if (require.main === module && process.argv[2] === '--child') {
  const { spec, epochs, dataDir, backend, samples, options } = JSON.parse(process.argv[3]) as {
    spec: string;
    epochs: number;
    dataDir?: string;
    backend: BackendPreference;
    samples: number;
    options: OursOptions;
  };
  void runOursInProcess({ ...findSpec(spec), epochs, ...(dataDir ? { dataDir } : {}) }, backend, samples, options).then(
    (r) => console.log(JSON.stringify(r)),
  );
}
