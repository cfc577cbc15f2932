// Paths and builders shared by every test layer; nothing here loads tfjs, so unit tests stay fast.
import { mkdirSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveExperiment } from '../src/experiments/resolve';
import type { ExperimentFile } from '../src/core/schema';
import type { LayerDynamics } from '../src/core/dynamics';
import { runsRootFor, slugify, writeRunAtomic } from '../src/runs/store';
import { RUN_FORMAT, type RunRecord, type TrialRecord, type TrialResult } from '../src/core/record';

export const ROOT = path.resolve(__dirname, '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const TRAINER = path.join(ROOT, 'dist', 'trainer.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const SAMPLES = path.join(ROOT, 'samples');

export function tempDir(prefix = 'mnistlab-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function trialOf(file: Partial<ExperimentFile> & Pick<ExperimentFile, 'kind'>) {
  return resolveExperiment({ name: 'test', ...file } as ExperimentFile, null).trials[0];
}

/** One layer's training dynamics at an epoch; `over` replaces fields. */
export function testLayer(over: Partial<LayerDynamics> = {}): LayerDynamics {
  return {
    gradKernel: 0.1,
    gradBias: 0.01,
    weightNorm: 1,
    updateRatio: 0.001,
    preMean: 0,
    preStd: 1,
    histogram: [1, 2],
    dead: null,
    saturated: null,
    ...over,
  };
}

/** A finished trial's result with `accuracy`, no images, no matrix; `over` replaces fields. */
export function testResult(accuracy: number, over: Partial<TrialResult> = {}): TrialResult {
  return {
    testLoss: 0.1,
    testAccuracy: accuracy,
    epochsRun: 1,
    bestEpoch: 1,
    stoppedEarly: false,
    confusionMatrix: [],
    report: {
      classes: [],
      accuracy,
      macro: { precision: 0, recall: 0, f1: 0, support: 0 },
      weighted: { precision: 0, recall: 0, f1: 0, support: 0 },
    },
    samples: [],
    trainSeconds: 1,
    sizes: { train: 1, validation: 1, test: 1 },
    modelPath: null,
    ...over,
  };
}

/**
 * A trial as a record holds it: finished with `accuracy` and a few kept test images (the bulk
 * of a real record), or failed without a result when `accuracy` is null.
 */
export function testTrial(index: number, accuracy: number | null): TrialRecord {
  return {
    index,
    label: `t${index}`,
    params: {},
    status: accuracy === null ? 'failed' : 'done',
    config: trialOf({ kind: 'multiclass' })!,
    history: [],
    result:
      accuracy === null
        ? null
        : testResult(accuracy, {
            samples: Array.from({ length: 3 }, (_, i) => ({
              index: i,
              label: 1,
              predicted: 1,
              probability: 0.9,
              pixels: `P${index}`.repeat(500),
              reason: 'random' as const,
            })),
          }),
    error: accuracy === null ? 'boom' : null,
    startedAt: null,
    finishedAt: null,
  };
}

/** A finished one-trial run record of experiment "r" (/w/r.mnistexp.json); `over` replaces fields. */
export function runRecord(id: string, createdAt: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    format: RUN_FORMAT,
    id,
    experiment: { name: 'r', file: '/w/r.mnistexp.json', kind: 'multiclass', description: '' },
    status: 'done',
    quick: false,
    createdAt,
    finishedAt: null,
    backend: 'wasm',
    backendNote: null,
    tfjsVersion: null,
    dataset: null,
    environment: { node: 'v20', platform: 'linux x64', cpus: 2, cpuModel: 'x', totalMemoryGiB: 4 },
    source: { name: 'r', kind: 'multiclass' },
    sweepParameters: [],
    trials: [testTrial(0, 0.9)],
    backprop: null,
    error: null,
    wallSeconds: 1,
    ...over,
  };
}

/**
 * A done run of `exp` (file `file`) with `trials` trials and no history, matrix or samples: for
 * tests of many runs, where only the rows and their numbers matter.
 */
export function finishedRun(
  file: string,
  exp: ExperimentFile,
  id: string,
  createdAt: string,
  trials: number,
): RunRecord {
  const resolved = resolveExperiment(exp, file).trials;
  return runRecord(id, createdAt, {
    experiment: { name: exp.name, file, kind: 'multiclass', description: '' },
    finishedAt: createdAt,
    source: exp,
    sweepParameters: trials > 1 ? ['training.learningRate'] : [],
    trials: Array.from({ length: trials }, (_, i) => ({
      index: i,
      label: trials > 1 ? `trial ${i + 1}` : exp.name,
      params: {},
      status: 'done' as const,
      config: resolved[i] ?? resolved[0]!,
      history: [],
      result: testResult(0.9 - i / 10_000, { testLoss: 0.3, sizes: { train: 600, validation: 0, test: 200 } }),
      error: null,
      startedAt: null,
      finishedAt: null,
    })),
  });
}

/** Writes `rec` where the store puts it in a workspace: <folder>/.mnistlab/runs/<experiment>/<id>/run.json. */
export function writeRunIn(folder: string, rec: RunRecord): void {
  const runDir = path.join(runsRootFor(folder), slugify(rec.experiment.name), rec.id);
  mkdirSync(runDir, { recursive: true });
  writeRunAtomic(runDir, rec);
}
