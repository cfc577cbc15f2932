// Integration tests that train in-process share one backend initialisation.
import '../../src/trainer/backend/quiet-tfjs-banner';
import { initBackend } from '../../src/trainer/backend/backend';

let backend: Promise<unknown> | null = null;
/** Tests train on wasm, the backend every packaged install gets. */
export function useWasm(): Promise<unknown> {
  backend ??= initBackend('wasm');
  return backend;
}
