// Backend choice: tfjs-node (libtensorflow) when it loads, else the wasm backend (its .wasm
// ships in the npm package), else the pure-JS cpu backend. The choice and the reason for it
// are reported, because speed differs by 10–50× between them.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../../core/names';
import { installWasmKernelFixes } from './wasm-matmul';

export interface BackendInfo {
  name: string;
  note: string;
  tfjsVersion: string;
}

function tryLoadNative(nativeModuleDir: string | null): string | null {
  const candidates = [
    ...(nativeModuleDir ? [path.join(nativeModuleDir, 'node_modules', '@tensorflow', 'tfjs-node')] : []),
    '@tensorflow/tfjs-node',
  ];
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path or a name tried in turn; any may be missing
      require(candidate);
      return null;
    } catch (e) {
      failures.push(`${candidate}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return failures.join('; ');
}

/** Folder holding tfjs-backend-wasm's .wasm files, with the trailing separator setWasmPaths needs. */
export function wasmDirectory(): string {
  // The build copies the .wasm files next to the bundled trainer; unbundled (tests) they are in the package.
  if (existsSync(path.join(__dirname, 'tfjs-backend-wasm-simd.wasm'))) return __dirname + path.sep;
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}

/** Resolves to null and a note on success, or to the failure. */
async function useWasm(): Promise<{ failure: string | null; fixes: string }> {
  try {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    const dir = wasmDirectory();
    wasm.setWasmPaths(dir);
    // setBackend resolves false (and tfjs silently stays on its previous backend) when the
    // .wasm cannot be loaded, so the result must be checked.
    const ok = await tf.setBackend('wasm');
    if (!ok || tf.getBackend() !== 'wasm')
      return { failure: `the wasm backend did not initialise (looked for .wasm files in ${dir})`, fixes: '' };
    return { failure: null, fixes: installWasmKernelFixes(tf) };
  } catch (e) {
    return { failure: `the wasm backend failed to load: ${(e as Error).message}`, fixes: '' };
  }
}

export async function initBackend(
  preference: BackendPreference,
  nativeModuleDir: string | null = null,
): Promise<BackendInfo> {
  const notes: string[] = [];
  if (preference === 'auto' || preference === 'tensorflow') {
    const failure = tryLoadNative(nativeModuleDir);
    if (failure === null && (await tf.setBackend('tensorflow'))) {
      await tf.ready();
      return {
        name: 'tensorflow',
        note: preference === 'auto' ? 'tfjs-node loaded (native libtensorflow)' : 'requested',
        tfjsVersion: tf.version.tfjs,
      };
    }
    notes.push(`tfjs-node unavailable (${failure ?? 'setBackend failed'})`);
    if (preference === 'tensorflow')
      throw new Error(
        `backend "tensorflow" was requested but ${notes[0]}; install @tensorflow/tfjs-node or choose "auto"`,
      );
  }
  if (preference === 'auto' || preference === 'wasm') {
    const { failure, fixes } = await useWasm();
    if (failure === null)
      return {
        name: 'wasm',
        note: `${preference === 'auto' ? `fallback: ${notes.join('; ')}` : 'requested'}; ${fixes}`,
        tfjsVersion: tf.version.tfjs,
      };
    notes.push(failure);
    if (preference === 'wasm') throw new Error(`backend "wasm" was requested but ${failure}`);
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
  await tf.ready();
  return {
    name: 'cpu',
    note: preference === 'cpu' ? 'requested' : `fallback: ${notes.join('; ')}`,
    tfjsVersion: tf.version.tfjs,
  };
}
