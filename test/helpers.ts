// Paths and builders shared by every test layer; nothing here loads tfjs, so unit tests stay fast.
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveExperiment } from '../src/experiments/resolve';
import type { ExperimentFile } from '../src/core/schema';
import { RUN_FORMAT, type RunRecord, type TrialRecord } from '../src/core/record';

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
        : {
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
            samples: Array.from({ length: 3 }, (_, i) => ({
              index: i,
              label: 1,
              predicted: 1,
              probability: 0.9,
              pixels: `P${index}`.repeat(500),
              reason: 'random' as const,
            })),
            trainSeconds: 1,
            sizes: { train: 1, validation: 1, test: 1 },
            modelPath: null,
          },
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
