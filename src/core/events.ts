// What a trainer reports while it works. The controller folds these into the run record and
// the host forwards progress to the live panel, so host and webviews read them from here
// rather than from the trainer's process protocol.
import type { BackpropRecord, DatasetInfo, EpochRecord, TrialResult } from './record';

export interface ReadyEvent {
  type: 'ready';
  backend: string;
  backendNote: string;
  tfjsVersion: string;
  /** Threads a trial can use in this process (1 unless data-parallel training is on). */
  threads: number;
}
export interface LogEvent {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  message: string;
}
export interface DatasetEvent {
  type: 'dataset';
  dataset: DatasetInfo;
}
export interface TrialStartEvent {
  type: 'trialStart';
  trial: number;
  sizes: { train: number; validation: number; test: number };
}
/** Throttled progress within an epoch. */
export interface ProgressEvent {
  type: 'progress';
  trial: number;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
}
export interface EpochEvent {
  type: 'epoch';
  trial: number;
  epochs: number;
  record: EpochRecord;
}
export interface TrialEndEvent {
  type: 'trialEnd';
  trial: number;
  status: 'done' | 'cancelled';
  result: TrialResult | null;
}
export interface BackpropResultEvent {
  type: 'backpropResult';
  record: BackpropRecord;
}
export interface ErrorEvent {
  type: 'error';
  trial: number | null;
  message: string;
  stack?: string;
}
