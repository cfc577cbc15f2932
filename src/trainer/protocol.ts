// The one message union between the run controller (extension host or CLI) and a trainer
// worker process. Both sides import it; nothing else crosses the process boundary.
import type { ResolvedBackprop, ResolvedTrial } from '../core/experiment';
import type { BackpropRecord, DatasetInfo, EpochRecord, TrialResult } from '../core/record';

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

// ---- controller → worker -------------------------------------------------------------
export interface InitCommand {
  type: 'init';
  backend: BackendPreference;
  /** Folder to load @tensorflow/tfjs-node from (the extension's "Install native backend"). */
  nativeModuleDir: string | null;
  /** Threads this process may train one trial on (data-parallel; wasm and cpu backends only). */
  threads: number;
}
export interface TrialCommand {
  type: 'trial';
  trial: ResolvedTrial;
  /** Where the trained model is saved (tfjs layers format), or null not to save. */
  modelDir: string | null;
}
export interface BackpropCommand {
  type: 'backprop';
  config: ResolvedBackprop;
}
export interface CancelCommand {
  type: 'cancel';
}
export interface ShutdownCommand {
  type: 'shutdown';
}
export type ControllerMessage = InitCommand | TrialCommand | BackpropCommand | CancelCommand | ShutdownCommand;

// ---- worker → controller -------------------------------------------------------------
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
export type WorkerMessage =
  | ReadyEvent
  | LogEvent
  | DatasetEvent
  | TrialStartEvent
  | ProgressEvent
  | EpochEvent
  | TrialEndEvent
  | BackpropResultEvent
  | ErrorEvent;

const WORKER_TYPES: ReadonlySet<string> = new Set<WorkerMessage['type']>([
  'ready',
  'log',
  'dataset',
  'trialStart',
  'progress',
  'epoch',
  'trialEnd',
  'backpropResult',
  'error',
]);
const CONTROLLER_TYPES: ReadonlySet<string> = new Set<ControllerMessage['type']>(['init', 'trial', 'backprop', 'cancel', 'shutdown']);

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return typeof value === 'object' && value !== null && WORKER_TYPES.has((value as { type?: unknown }).type as string);
}
export function isControllerMessage(value: unknown): value is ControllerMessage {
  return typeof value === 'object' && value !== null && CONTROLLER_TYPES.has((value as { type?: unknown }).type as string);
}
