// Messages between the live training panel (live/controller.ts) and its app
// (src/webviews/live): the whole run on "ready", then increments — each finished epoch once,
// throttled within-epoch progress, status changes. The webview may ask to stop the run.
import type { EpochRecord } from '../../../core/record';
import type { ProgressEvent } from '../../../core/events';
import {
  hostMessageGuard,
  isBareMessage,
  isCommonWebviewMessage,
  type CommonWebviewMessage,
  type ErrorMessage,
  type RunHeader,
  type TrialSummary,
} from '../shared/contract';

// The app draws the trainer's progress readings as they are; it gets their type from here.
export type { ProgressEvent };

// ---- host → webview -------------------------------------------------------------------
export interface LiveInitMessage {
  type: 'liveInit';
  header: RunHeader;
  trials: TrialSummary[];
  active: boolean;
  /** Seconds since the run started, measured on the host (webview clocks may differ). */
  elapsedSeconds: number;
  progress: ProgressEvent | null;
}
export interface LiveEpochMessage {
  type: 'liveEpoch';
  trial: number;
  record: EpochRecord;
}
export interface LiveProgressMessage {
  type: 'liveProgress';
  progress: ProgressEvent;
  elapsedSeconds: number;
}
/** Status change: run status, trial statuses and results; histories are sent as epochs. */
export interface LiveStatusMessage {
  type: 'liveStatus';
  header: RunHeader;
  active: boolean;
  elapsedSeconds: number;
  trials: Array<Pick<TrialSummary, 'index' | 'status' | 'result' | 'error' | 'startedAt' | 'finishedAt'>>;
}
export type LiveHostMessage =
  LiveInitMessage | LiveEpochMessage | LiveProgressMessage | LiveStatusMessage | ErrorMessage;

export const isLiveHostMessage = hostMessageGuard<LiveHostMessage>([
  'liveInit',
  'liveEpoch',
  'liveProgress',
  'liveStatus',
  'error',
]);

// ---- webview → host -------------------------------------------------------------------
export interface StopMessage {
  type: 'stop';
}
export interface OpenResultsMessage {
  type: 'openResults';
}
export type LiveWebviewMessage = CommonWebviewMessage | StopMessage | OpenResultsMessage;

export function isLiveWebviewMessage(value: unknown): value is LiveWebviewMessage {
  return isCommonWebviewMessage(value) || isBareMessage(value, 'stop') || isBareMessage(value, 'openResults');
}
