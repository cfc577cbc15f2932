// The message unions between the result-panel controllers (extension host) and the webview
// apps (browser). One union per direction, shared by both sides, plus type guards: the host
// validates everything a webview sends before acting on it (a webview is untrusted input),
// and the apps ignore anything that is not a known host message.
import type { EpochRecord, PredictionSample, RunStatus, ClassificationReport } from '../../core/record';
import type { ProgressEvent } from '../../trainer/protocol';

export const VIEW_TYPES = {
  live: 'mnistLab.livePanel',
  results: 'mnistLab.resultsPanel',
  sweep: 'mnistLab.sweepPanel',
  compare: 'mnistLab.comparePanel',
} as const;
export type PanelKind = keyof typeof VIEW_TYPES;

/** What every panel shows about a run, independent of its trials. */
export interface RunHeader {
  runDir: string;
  id: string;
  name: string;
  description: string;
  kind: 'binary' | 'multiclass' | 'backprop';
  status: RunStatus;
  quick: boolean;
  backend: string | null;
  backendNote: string | null;
  createdAt: string;
  finishedAt: string | null;
  wallSeconds: number | null;
  sweepParameters: string[];
  trialCount: number;
  error: string | null;
}

/** A trial's final numbers without the bulky parts (matrix, samples). */
export interface ResultSummary {
  testAccuracy: number;
  testLoss: number;
  epochsRun: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  trainSeconds: number;
}

/** A trial as the live, sweep and compare panels need it. */
export interface TrialSummary {
  index: number;
  label: string;
  params: Record<string, unknown>;
  status: RunStatus;
  /** Planned epochs (the cap; early stopping may end sooner). */
  epochs: number;
  /** Quantity early stopping watches ("val_loss" when there is none). */
  monitor: string;
  batchSize: number;
  learningRate: number;
  seed: number;
  history: EpochRecord[];
  result: ResultSummary | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The full detail of one finished trial, for the results panel. */
export interface TrialDetail extends TrialSummary {
  classNames: string[];
  confusionMatrix: number[][];
  report: ClassificationReport | null;
  samples: PredictionSample[];
  sizes: { train: number; validation: number; test: number } | null;
  /** Human-readable configuration, "key → value" (layers, optimizer, loss…). */
  config: Record<string, string>;
}

export interface CompareEntry {
  header: RunHeader;
  trial: TrialSummary;
  config: Record<string, string>;
}

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
export interface ResultsMessage {
  type: 'results';
  header: RunHeader;
  trial: TrialDetail;
}
export interface SweepMessage {
  type: 'sweep';
  header: RunHeader;
  trials: TrialSummary[];
}
export interface CompareMessage {
  type: 'compare';
  entries: CompareEntry[];
}
export interface ErrorMessage {
  type: 'error';
  message: string;
}
export type HostMessage =
  | LiveInitMessage
  | LiveEpochMessage
  | LiveProgressMessage
  | LiveStatusMessage
  | ResultsMessage
  | SweepMessage
  | CompareMessage
  | ErrorMessage;

const HOST_TYPES: ReadonlySet<string> = new Set<HostMessage['type']>([
  'liveInit',
  'liveEpoch',
  'liveProgress',
  'liveStatus',
  'results',
  'sweep',
  'compare',
  'error',
]);

/** The host is trusted; this only keeps stray messages (other extensions, devtools) out. */
export function isHostMessage(value: unknown): value is HostMessage {
  return typeof value === 'object' && value !== null && HOST_TYPES.has((value as { type?: unknown }).type as string);
}

// ---- webview → host -------------------------------------------------------------------
export interface ReadyMessage {
  type: 'ready';
}
export interface StopMessage {
  type: 'stop';
}
export interface OpenTrialMessage {
  type: 'openTrial';
  /** Trial index within the panel's run (compare panel: which entry). */
  index: number;
  /** Compare panel: position of the run in its list. */
  run?: number;
}
export interface OpenResultsMessage {
  type: 'openResults';
}
export interface SavePngMessage {
  type: 'savePng';
  /** Suggested file name without extension. */
  name: string;
  /** "data:image/png;base64,…" from canvas.toDataURL. */
  dataUrl: string;
}
export interface ExportRunMessage {
  type: 'exportRun';
}
export type WebviewMessage = ReadyMessage | StopMessage | OpenTrialMessage | OpenResultsMessage | SavePngMessage | ExportRunMessage;

export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';
/** A 4K chart is well under this; anything bigger is not a chart from our apps. */
export const MAX_PNG_DATA_URL_LENGTH = 32 * 1024 * 1024;

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 100_000;
}

/**
 * Validates a message from a webview. Every field is checked: the host uses these values
 * (trial indexes, file names, image bytes), so a malformed message is dropped rather than
 * half-used.
 */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'stop':
    case 'openResults':
    case 'exportRun':
      return true;
    case 'openTrial':
      return isIndex(m.index) && (m.run === undefined || isIndex(m.run));
    case 'savePng':
      return (
        typeof m.name === 'string' &&
        m.name.length > 0 &&
        m.name.length <= 120 &&
        typeof m.dataUrl === 'string' &&
        m.dataUrl.length <= MAX_PNG_DATA_URL_LENGTH &&
        m.dataUrl.startsWith(PNG_DATA_URL_PREFIX) &&
        /^[A-Za-z0-9+/]+={0,2}$/.test(m.dataUrl.slice(PNG_DATA_URL_PREFIX.length))
      );
    default:
      return false;
  }
}

/** A file name the host may suggest: letters, digits, dot, dash, underscore; never a path. */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/-+/g, '-')
    .slice(0, 80);
  return cleaned.length > 0 ? cleaned : 'chart';
}

// ---- webview state (getState/setState), read back by the panel serializers ---------------
export interface PanelState {
  kind: PanelKind;
  runDir?: string;
  runDirs?: string[];
  trialIndex?: number;
  /** App-specific UI choices (toggles, sort order), restored after reload. */
  ui?: Record<string, unknown>;
}

/** Reads the state a serializer is handed back; anything unusable gives undefined. */
export function parsePanelState(value: unknown, kind: PanelKind): PanelState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Record<string, unknown>;
  if (s.kind !== kind) return undefined;
  const state: PanelState = { kind };
  if (typeof s.runDir === 'string' && s.runDir.length > 0) state.runDir = s.runDir;
  if (Array.isArray(s.runDirs) && s.runDirs.every((d) => typeof d === 'string' && d.length > 0)) state.runDirs = s.runDirs as string[];
  if (isIndex(s.trialIndex)) state.trialIndex = s.trialIndex;
  if (typeof s.ui === 'object' && s.ui !== null) state.ui = s.ui as Record<string, unknown>;
  if (kind === 'compare' ? !state.runDirs : !state.runDir) return undefined;
  return state;
}
