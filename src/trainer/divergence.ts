// A net whose loss or metric is no longer a finite number will not come back: the trial stops
// at the first such batch or epoch and fails with where it happened, instead of training on
// NaN, saving NaN weights and reporting "done".
import type { EpochRecord } from '../core/record';

export class DivergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DivergenceError';
  }
}

const show = (value: number) => (Number.isNaN(value) ? 'NaN' : String(value));

export function checkBatchLoss(loss: number, epoch: number, batch: number): void {
  if (!Number.isFinite(loss))
    throw new DivergenceError(`diverged: loss is ${show(loss)} at epoch ${epoch}, batch ${batch}`);
}

const EPOCH_FIELDS = [
  ['loss', 'loss'],
  ['accuracy', 'accuracy'],
  ['valLoss', 'validation loss'],
  ['valAccuracy', 'validation accuracy'],
] as const;

export function checkEpoch(record: EpochRecord): void {
  for (const [key, name] of EPOCH_FIELDS) {
    const value = record[key];
    if (value !== null && !Number.isFinite(value))
      throw new DivergenceError(`diverged: ${name} is ${show(value)} at epoch ${record.epoch}`);
  }
}

export function checkTestScore(loss: number, accuracy: number): void {
  if (!Number.isFinite(loss)) throw new DivergenceError(`diverged: test loss is ${show(loss)}`);
  if (!Number.isFinite(accuracy)) throw new DivergenceError(`diverged: test accuracy is ${show(accuracy)}`);
}
