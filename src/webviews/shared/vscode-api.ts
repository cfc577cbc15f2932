// The one handle a webview app has on the extension: typed postMessage, typed state, and a
// typed message listener that drops anything that is not a HostMessage.
import { isHostMessage, type HostMessage, type PanelState, type WebviewMessage } from '../../extension/panels/contract';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

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

/** Listens for host messages, then says "ready": the host posts state only after that. */
export function start(onMessage: (m: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    if (isHostMessage(event.data)) onMessage(event.data);
  });
  post({ type: 'ready' });
}
