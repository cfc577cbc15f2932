// Paths and builders shared by every test layer; nothing here loads tfjs, so unit tests stay fast.
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveExperiment } from '../src/experiments/resolve';
import type { ExperimentFile } from '../src/core/schema';

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
