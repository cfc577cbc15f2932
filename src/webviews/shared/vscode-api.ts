// The one handle a webview app has on the extension: typed postMessage, typed state, and a
// typed message listener that drops anything its panel's contract does not know.
import type { CompareWebviewMessage } from '../../extension/panels/compare/contract';
import type { LiveWebviewMessage } from '../../extension/panels/live/contract';
import type { ResultsWebviewMessage } from '../../extension/panels/results/contract';
import { SHARED_API_GLOBAL, type PanelState } from '../../extension/panels/shared/contract';
import type { SweepWebviewMessage } from '../../extension/panels/sweep/contract';
// First: translations are configured before any app draws.
import './l10n';

/** Anything a result panel's app may send; each panel's host drops what it does not expect. */
type WebviewMessage = ResultsWebviewMessage | LiveWebviewMessage | SweepWebviewMessage | CompareWebviewMessage;

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The VS Code API, taken once per page: by the load guard if it had to report a failed load
 * before this app ran, else here.
 */
export function vscodeApi<A = VsCodeApi>(): A {
  const shared = window as unknown as Record<string, A | null | undefined>;
  const taken = shared[SHARED_API_GLOBAL];
  if (taken) return taken;
  const api = acquireVsCodeApi() as A;
  shared[SHARED_API_GLOBAL] = api;
  return api;
}

const api = vscodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function getState(): PanelState | undefined {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as PanelState) : undefined;
}

/** Merges into the saved state (the serializer needs runDir; the app keeps its UI choices). */
export function saveState(patch: Partial<PanelState>): void {
  const prev = getState();
  api.setState({ ...prev, ...patch, ui: { ...prev?.ui, ...patch.ui } });
}

export function uiState<T>(key: string, fallback: T): T {
  const v = getState()?.ui?.[key];
  return v === undefined ? fallback : (v as T);
}

export function saveUi(key: string, value: unknown): void {
  saveState({ ui: { [key]: value } });
}

/**
 * Listens for the host messages `isHostMessage` (from the panel's contract) accepts, then says
 * "ready": the host posts state only after that.
 */
export function start<M>(isHostMessage: (value: unknown) => value is M, onMessage: (m: M) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    if (isHostMessage(event.data)) onMessage(event.data);
  });
  post({ type: 'ready' });
}
