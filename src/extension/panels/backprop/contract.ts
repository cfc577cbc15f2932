// The messages between the backprop panel (extension host) and its webview app, one union per
// direction, with guards: the host treats whatever a webview posts as untrusted input, and the
// app ignores anything that is not a known host message.
import type { BackpropRecord } from '../../../core/record';

export const BACKPROP_VIEW_TYPE = 'mnistLab.backpropPanel';

/** Which part of the derivation is revealed; each stage includes the ones before it. */
export const STAGES = ['start', 'forward', 'backward', 'update'] as const;
export type Stage = (typeof STAGES)[number];

// ---- host → webview -------------------------------------------------------------------
export interface BackpropInitMessage {
  type: 'init';
  title: string;
  record: BackpropRecord;
}
export type BackpropHostMessage = BackpropInitMessage;

// ---- webview → host -------------------------------------------------------------------
export interface BackpropReadyMessage {
  type: 'ready';
}
export type BackpropWebviewMessage = BackpropReadyMessage;

/** What the app keeps in getState/setState, and what the serializer revives the panel from. */
export interface BackpropViewState {
  title: string;
  record: BackpropRecord;
  stage: Stage;
  /** 0-based index into record.steps. */
  stepIndex: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isBackpropHostMessage(value: unknown): value is BackpropHostMessage {
  return (
    isObject(value) && value.type === 'init' && typeof value.title === 'string' && isBackpropRecordLike(value.record)
  );
}

export function isBackpropWebviewMessage(value: unknown): value is BackpropWebviewMessage {
  return isObject(value) && value.type === 'ready';
}

/** Enough of a record to draw from; a stale or foreign state is dropped rather than crash the app. */
export function isBackpropRecordLike(value: unknown): value is BackpropRecord {
  return (
    isObject(value) &&
    isObject(value.config) &&
    Array.isArray(value.steps) &&
    value.steps.length > 0 &&
    Array.isArray(value.losses) &&
    isObject(value.verification)
  );
}

export function isBackpropViewState(value: unknown): value is BackpropViewState {
  return (
    isObject(value) &&
    typeof value.title === 'string' &&
    isBackpropRecordLike(value.record) &&
    typeof value.stage === 'string' &&
    (STAGES as readonly string[]).includes(value.stage) &&
    typeof value.stepIndex === 'number'
  );
}
