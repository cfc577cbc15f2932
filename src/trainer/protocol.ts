// The one message union between the run controller (extension host or CLI) and a trainer
// worker process. Both sides import it; nothing else crosses the process boundary.
import type { ResolvedBackprop, ResolvedTrial } from '../core/experiment';
import type { BackendPreference } from '../core/names';
import type {
  BackpropResultEvent,
  DatasetEvent,
  EpochEvent,
  ErrorEvent,
  LogEvent,
  ProgressEvent,
  ReadyEvent,
  TrialEndEvent,
  TrialStartEvent,
} from '../core/events';

// The init command carries the backend preference, so the protocol's users may import it from here.
export type { BackendPreference } from '../core/names';

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
const CONTROLLER_TYPES: ReadonlySet<string> = new Set<ControllerMessage['type']>([
  'init',
  'trial',
  'backprop',
  'cancel',
  'shutdown',
]);

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return typeof value === 'object' && value !== null && WORKER_TYPES.has((value as { type?: unknown }).type as string);
}
export function isControllerMessage(value: unknown): value is ControllerMessage {
  return (
    typeof value === 'object' && value !== null && CONTROLLER_TYPES.has((value as { type?: unknown }).type as string)
  );
}
