// What the result panels (results, live, sweep, compare) and their webview apps share: the
// view types, the panel state a serializer revives a panel from, the run and trial summaries
// several panels show, and the webview→host messages every panel accepts. Each panel's own
// messages live in its folder's contract.ts, beside its controller.
import type { ExperimentKind } from '../../../core/names';
import type { EpochRecord, RunStatus, SearchRecord, TrialRung } from '../../../core/record';
import type { LayerActivation } from '../../../core/dynamics';

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
  kind: ExperimentKind;
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
  /** How the sweep searched (strategy, repeats, halving's rungs, promotions and pick); absent for single runs and older records. */
  search?: SearchRecord | null;
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
  /** Each Dense layer's activation, input side first (the output layer last): how to read its dynamics. */
  layerActivations?: LayerActivation[];
  result: ResultSummary | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Which configuration (repeats share one) and seed repeat; the trial's own index in older runs. */
  configuration?: number;
  /** Successive halving's place for this trial; absent when the sweep does not halve. */
  rung?: TrialRung | null;
}

// ---- host → webview, in the page itself -------------------------------------------------
/**
 * The translations VS Code loaded for the display language (message → text), as
 * vscode.l10n.bundle holds them; absent in English. The page carries it as JSON in the element
 * with this id, so an app has it before it draws anything and needs no message round trip.
 */
export type L10nBundle = Record<string, string>;
export const L10N_BUNDLE_ELEMENT_ID = 'mnist-lab-l10n';

export function isL10nBundle(value: unknown): value is L10nBundle {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/**
 * The page's bundle element: inert JSON (never executed, so the CSP has nothing to allow), with
 * "<" escaped so no translated text can close the element. Empty without a bundle.
 */
export function l10nBundleElement(bundle: L10nBundle | undefined): string {
  if (!bundle) return '';
  const json = JSON.stringify(bundle).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${L10N_BUNDLE_ELEMENT_ID}">${json}</script>`;
}

/** The bundle from that element's text; undefined (English) when it is missing or damaged. */
export function parseL10nBundle(text: string | null | undefined): L10nBundle | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isL10nBundle(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

// ---- host → webview, every panel ------------------------------------------------------
export interface ErrorMessage {
  type: 'error';
  message: string;
}

/**
 * A guard for one panel's host messages. The host is trusted; this only keeps stray messages
 * (other extensions, devtools) out of the app.
 */
export function hostMessageGuard<M extends { type: string }>(
  types: ReadonlyArray<M['type']>,
): (value: unknown) => value is M {
  const known: ReadonlySet<string> = new Set(types);
  return (value: unknown): value is M =>
    typeof value === 'object' && value !== null && known.has((value as { type?: unknown }).type as string);
}

// ---- webview → host, every panel ------------------------------------------------------
export interface ReadyMessage {
  type: 'ready';
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
/** Sweep panel: a trial of its run. Compare panel: the trial of the run at position `run`. */
export interface OpenTrialMessage {
  type: 'openTrial';
  /** Trial index within the panel's run (compare panel: which entry). */
  index: number;
  /** Compare panel: position of the run in its list. */
  run?: number;
}
export type CommonWebviewMessage = ReadyMessage | SavePngMessage | ExportRunMessage;

// ---- webview → host, before any app: the load guard (load-guard.ts) ----------------------
/** Where the load guard leaves the VS Code API it took, for the app to use instead of taking it. */
export const SHARED_API_GLOBAL = 'mnistLabVsCodeApi';

export type LoadFailure = 'script' | 'styles' | 'timeout';
const FAILURES: readonly LoadFailure[] = ['script', 'styles', 'timeout'];

/** webview → host: the page could not load; `manual` when the user pressed Try again. */
export interface LoadFailedMessage {
  type: 'loadFailed';
  what: LoadFailure;
  manual: boolean;
}

export function isLoadFailedMessage(value: unknown): value is LoadFailedMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    m.type === 'loadFailed' &&
    typeof m.what === 'string' &&
    (FAILURES as readonly string[]).includes(m.what) &&
    typeof m.manual === 'boolean'
  );
}

export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';
/** A 4K chart is well under this; anything bigger is not a chart from our apps. */
export const MAX_PNG_DATA_URL_LENGTH = 32 * 1024 * 1024;

export function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 100_000;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a message every panel accepts. Every field is checked: the host uses these values
 * (file names, image bytes), so a malformed message is dropped rather than half-used.
 */
export function isCommonWebviewMessage(value: unknown): value is CommonWebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'exportRun':
      return true;
    case 'savePng':
      return (
        typeof value.name === 'string' &&
        value.name.length > 0 &&
        value.name.length <= 120 &&
        typeof value.dataUrl === 'string' &&
        value.dataUrl.length <= MAX_PNG_DATA_URL_LENGTH &&
        value.dataUrl.startsWith(PNG_DATA_URL_PREFIX) &&
        /^[A-Za-z0-9+/]+={0,2}$/.test(value.dataUrl.slice(PNG_DATA_URL_PREFIX.length))
      );
    default:
      return false;
  }
}

export function isOpenTrialMessage(value: unknown): value is OpenTrialMessage {
  return (
    isRecord(value) &&
    value.type === 'openTrial' &&
    isIndex(value.index) &&
    (value.run === undefined || isIndex(value.run))
  );
}

/** What a panel that lists trials (sweep, compare) may send: the common messages and "open this trial". */
export type TrialListWebviewMessage = CommonWebviewMessage | OpenTrialMessage;

export function isTrialListWebviewMessage(value: unknown): value is TrialListWebviewMessage {
  return isCommonWebviewMessage(value) || isOpenTrialMessage(value);
}

/** A message with nothing but its type (stop, openResults). */
export function isBareMessage<T extends string>(value: unknown, type: T): value is { type: T } {
  return isRecord(value) && value.type === type;
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
  if (Array.isArray(s.runDirs) && s.runDirs.every((d) => typeof d === 'string' && d.length > 0))
    state.runDirs = s.runDirs as string[];
  if (isIndex(s.trialIndex)) state.trialIndex = s.trialIndex;
  if (typeof s.ui === 'object' && s.ui !== null) state.ui = s.ui as Record<string, unknown>;
  if (kind === 'compare' ? !state.runDirs : !state.runDir) return undefined;
  return state;
}
