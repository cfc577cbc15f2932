// Finished run records written straight to a workspace's runs folder, without training: for UI
// tests of many runs, where only the rows and their numbers matter.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FORMAT, type RunRecord } from '../../src/core/record';
import type { ExperimentFile } from '../../src/core/schema';
import { resolveExperiment } from '../../src/experiments/resolve';
import { writeRunAtomic } from '../../src/runs/store';

/** A done run of `exp` (file `file`) with `trials` trials and no history, matrix or samples. */
export function record(file: string, exp: ExperimentFile, id: string, createdAt: string, trials: number): RunRecord {
  const resolved = resolveExperiment(exp, file).trials;
  return {
    format: RUN_FORMAT,
    id,
    experiment: { name: exp.name, file, kind: 'multiclass', description: '' },
    status: 'done',
    quick: false,
    createdAt,
    finishedAt: createdAt,
    backend: 'wasm',
    backendNote: null,
    tfjsVersion: null,
    dataset: null,
    environment: { node: 'v20', platform: 'linux x64', cpus: 2, cpuModel: 'x', totalMemoryGiB: 4 },
    source: exp,
    sweepParameters: trials > 1 ? ['training.learningRate'] : [],
    trials: Array.from({ length: trials }, (_, i) => ({
      index: i,
      label: trials > 1 ? `trial ${i + 1}` : exp.name,
      params: {},
      status: 'done' as const,
      config: resolved[i] ?? resolved[0]!,
      history: [],
      result: {
        testLoss: 0.3,
        testAccuracy: 0.9 - i / 10_000,
        epochsRun: 1,
        bestEpoch: 1,
        stoppedEarly: false,
        confusionMatrix: [],
        report: {
          classes: [],
          accuracy: 0.9,
          macro: { precision: 0, recall: 0, f1: 0, support: 0 },
          weighted: { precision: 0, recall: 0, f1: 0, support: 0 },
        },
        samples: [],
        trainSeconds: 1,
        sizes: { train: 600, validation: 0, test: 200 },
        modelPath: null,
      },
      error: null,
      startedAt: null,
      finishedAt: null,
    })),
    backprop: null,
    error: null,
    wallSeconds: 1,
  };
}

/** Writes `rec` to <folder>/.mnistlab/runs/<name>/<id>/run.json. */
export function writeRun(folder: string, rec: RunRecord): void {
  const runDir = join(folder, '.mnistlab/runs', rec.experiment.name.toLowerCase().replace(/\W+/g, '-'), rec.id);
  mkdirSync(runDir, { recursive: true });
  writeRunAtomic(runDir, rec);
}
