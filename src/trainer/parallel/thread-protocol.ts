// Messages between a trainer process's main thread and its replica threads (data-parallel
// training, see replica.ts). Per-step traffic goes through shared memory, not messages.
import type { Dataset } from '../data/dataset';
import type { BackendPreference } from '../../core/names';
import type { ReplicaTrial } from './replica';

export type ToReplicaThread =
  | { type: 'init'; backend: BackendPreference; nativeModuleDir: string | null }
  /** Images in SharedArrayBuffers, so every thread reads the process's one copy. */
  | { type: 'dataset'; dataset: Dataset }
  | { type: 'trial'; replica: number; fingerprint: string; setup: ReplicaTrial };

export type FromReplicaThread =
  | { type: 'ready'; backend: string }
  | { type: 'trialDone'; replica: number; tensorsAlive: number }
  | { type: 'error'; message: string };

const FROM_TYPES: ReadonlySet<string> = new Set<FromReplicaThread['type']>(['ready', 'trialDone', 'error']);
const TO_TYPES: ReadonlySet<string> = new Set<ToReplicaThread['type']>(['init', 'dataset', 'trial']);

export function isFromReplicaThread(value: unknown): value is FromReplicaThread {
  return typeof value === 'object' && value !== null && FROM_TYPES.has((value as { type?: unknown }).type as string);
}
export function isToReplicaThread(value: unknown): value is ToReplicaThread {
  return typeof value === 'object' && value !== null && TO_TYPES.has((value as { type?: unknown }).type as string);
}
