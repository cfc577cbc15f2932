// What the first-layer kernels (sparse-input, dense-input) share: one WebAssembly memory per
// instance that grows to the largest batch seen, laid out as 16-byte-aligned regions (v128
// loads), with the batch's raw pixels written in by the caller before anything runs.

/**
 * A kernel module, compiled from its base64 on first use and then shared by every instance; with
 * `shared`, its variant on a shared memory (for threads that work on the same memory).
 */
export function kernelModule(base64: string, sharedBase64: string): (shared?: boolean) => WebAssembly.Module {
  let compiled: WebAssembly.Module | null = null;
  let compiledShared: WebAssembly.Module | null = null;
  return (shared = false) =>
    shared
      ? (compiledShared ??= new WebAssembly.Module(Buffer.from(sharedBase64, 'base64')))
      : (compiled ??= new WebAssembly.Module(Buffer.from(base64, 'base64')));
}

/**
 * An instance of a kernel module on `memory`, or on a memory of its own. Every kernel imports
 * env.memory, so the whole-step engine (src/trainer/wasm-mlp.ts) runs them all on one memory, where one
 * kernel's output is the next one's input without a copy.
 */
export function instantiateKernel<E>(
  module: WebAssembly.Module,
  memory = new WebAssembly.Memory({ initial: 1 }),
): E & { memory: WebAssembly.Memory } {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as E & {
    memory: WebAssembly.Memory;
  };
}

/** Grows `memory` by whole 64 KiB pages until it holds at least `bytes`. */
export function reserveBytes(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
}

/** Hands out consecutive 16-byte-aligned regions from address 0; `end()` is the bytes used. */
export function regions(): { take(bytes: number): number; end(): number } {
  let at = 0;
  return {
    take(bytes) {
      const start = at;
      at += Math.ceil(bytes / 16) * 16;
      return start;
    },
    end: () => at,
  };
}

/** Where a batch lives in a kernel's memory: at least its raw pixels and its size. */
export interface PixelLayout {
  rows: number;
  k: number;
  px: number;
  end: number;
}

/** A kernel instance whose batch starts as raw pixels in its own memory. */
export abstract class PixelKernel<E extends { memory: WebAssembly.Memory }, L extends PixelLayout> {
  protected readonly kernel: E;
  protected current: L | null = null;

  protected constructor(module: WebAssembly.Module) {
    this.kernel = instantiateKernel<E>(module);
  }

  protected abstract layout(rows: number, k: number, width: number): L;

  /**
   * Room for a batch of `rows` images of `k` pixels feeding `width` units; returns the view the
   * caller writes the raw pixels into (row-major bytes), valid until the next call.
   */
  pixels(rows: number, k: number, width: number): Uint8Array {
    const l = this.layout(rows, k, width);
    reserveBytes(this.kernel.memory, l.end);
    this.current = l;
    return new Uint8Array(this.kernel.memory.buffer, l.px, rows * k);
  }

  protected layoutOrThrow(): L {
    // A programming error, never a user's: every caller writes a batch before computing on it.
    if (!this.current) throw new Error('input kernel: call pixels() first');
    return this.current;
  }
}
