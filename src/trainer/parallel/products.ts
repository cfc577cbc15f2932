// The first layer's products split across threads that share the whole-step engine's memory
// (src/trainer/wasm-mlp.ts): each thread runs the same kernel on its own rows of the output, so
// the result has the same bits as one call. The main thread posts a part to each helper through
// a small control block in that memory, runs its own part, then waits for theirs: a step takes
// two or three such rounds, each ~0.1 ms of waking a thread, which pays from batch 512 on.
import { weightGradient, type DenseInputExports } from '../kernels/dense-input';
import type { SparseInputExports } from '../kernels/sparse-input';

/** The products a helper runs; a part names one by its index here. */
export const PRODUCTS = ['gatherSum', 'forward', 'weightGradient', 'load'] as const;
export type Product = (typeof PRODUCTS)[number];

export interface ProductPart {
  product: Product;
  args: readonly number[];
}

/**
 * Bytes of one helper's control block: i32 seq, done, failed (the length of the error text);
 * f64 product and arguments from byte 16; from byte 128 the error text, UTF-8, written by a
 * helper whose part threw (the main thread reads it while blocked on the helper, where no
 * message could reach it).
 */
export const CONTROL_BYTES = 512;
export const SEQ = 0;
export const DONE = 1;
export const FAILED = 2;
const TEXT_AT = 128;
/** First f64 slot (byte 16): the product's index, then up to 13 arguments. */
export const PRODUCT_SLOT = 2;
const MAX_ARGS = 13;
/** What a helper posts once its kernels are instantiated. */
export const READY = 'ready';
/** A product index that tells the helper to stop. */
export const STOP = -1;

/** What a helper thread is started with. */
export interface ProductThreadData {
  memory: WebAssembly.Memory;
  sparse: WebAssembly.Module;
  dense: WebAssembly.Module;
  /** Byte offset of this helper's control block. */
  control: number;
}

/** Writes what went wrong into a helper's control block (FAILED holds its length). */
export function reportFailure(memory: WebAssembly.Memory, control: number, message: string): void {
  const text = new Uint8Array(memory.buffer, control + TEXT_AT, CONTROL_BYTES - TEXT_AT);
  const { written } = new TextEncoder().encodeInto(message, text);
  Atomics.store(new Int32Array(memory.buffer, control, 4), FAILED, Math.max(1, written));
}

/** Each product as a call on kernels instantiated on the shared memory (the same table on every thread). */
export function productTable(
  sparse: Pick<SparseInputExports, 'gatherSum'>,
  dense: Pick<DenseInputExports, 'forward' | 'backward' | 'load'>,
): Record<Product, (...args: number[]) => void> {
  return {
    gatherSum: (start, idx, val, rows, src, width, out) => sparse.gatherSum(start, idx, val, rows, src, width, out),
    forward: (x, np, k, kp, w, width, bias, relu, z) => dense.forward(x, np, k, kp, w, width, bias, relu, z),
    weightGradient: (x, n, kp, count, dz, width, dw) => weightGradient(dense, x, n, kp, count, dz, width, dw),
    load: (px, n, k, kp, np, scale, offset, x) => dense.load(px, n, k, kp, np, scale, offset, x),
  };
}

/** How long a part may take before its helper counts as lost (a part takes milliseconds). */
const ANSWER_MS = 120_000;

/** The main thread's side: a helper per control block, a part each per round. */
export class ProductRounds {
  private seq = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly controls: readonly number[],
    private readonly table: Record<Product, (...args: number[]) => void>,
  ) {}

  get helpers(): number {
    return this.controls.length;
  }

  /** Runs parts[0] here and parts[1…] on the helpers; returns when all are done. */
  run(parts: readonly ProductPart[]): void {
    if (parts.length > this.controls.length + 1)
      throw new Error(`${parts.length} parts for ${this.controls.length} helpers`);
    const seq = ++this.seq;
    parts.slice(1).forEach((part, i) => {
      const at = this.controls[i];
      const f64 = new Float64Array(this.memory.buffer, at + 8 * PRODUCT_SLOT, 1 + MAX_ARGS);
      f64[0] = PRODUCTS.indexOf(part.product);
      part.args.forEach((a, j) => (f64[1 + j] = a));
      const i32 = new Int32Array(this.memory.buffer, at, 4);
      Atomics.store(i32, SEQ, seq);
      Atomics.notify(i32, SEQ);
    });
    this.table[parts[0].product](...parts[0].args);
    parts.slice(1).forEach((_, i) => this.await(i, seq));
  }

  private await(helper: number, seq: number): void {
    const i32 = new Int32Array(this.memory.buffer, this.controls[helper], 4);
    const deadline = Date.now() + ANSWER_MS;
    for (;;) {
      const done = Atomics.load(i32, DONE);
      if (done === seq) break;
      if (Date.now() > deadline) throw new Error(`a product thread did not answer in ${ANSWER_MS / 1000} s`);
      Atomics.wait(i32, DONE, done, 1000);
    }
    const failed = Atomics.load(i32, FAILED);
    if (failed !== 0) {
      Atomics.store(i32, FAILED, 0);
      // Copied out first: TextDecoder does not read shared memory.
      const text = new Uint8Array(this.memory.buffer, this.controls[helper] + TEXT_AT, failed).slice();
      throw new Error(`a product thread failed: ${new TextDecoder().decode(text)}`);
    }
  }

  /** Tells every helper to stop (it ends its loop and its thread). */
  stop(): void {
    for (const at of this.controls) {
      new Float64Array(this.memory.buffer, at + 8 * PRODUCT_SLOT, 1)[0] = STOP;
      const i32 = new Int32Array(this.memory.buffer, at, 4);
      Atomics.store(i32, SEQ, ++this.seq);
      Atomics.notify(i32, SEQ);
    }
  }
}

/**
 * [from, to) cut into `parts` consecutive ranges whose cut points are multiples of `multiple`
 * (the last range takes the remainder), each as near to an equal share of `weight` as the
 * cuts allow; `weight(i)` is the work before index i (default: i itself).
 */
export function splitRange(
  from: number,
  to: number,
  parts: number,
  multiple = 1,
  weight: (i: number) => number = (i) => i,
): [number, number][] {
  const ranges: [number, number][] = [];
  let start = from;
  const total = weight(to) - weight(from);
  for (let p = 1; p < parts; p++) {
    const target = weight(from) + (total * p) / parts;
    let cut = start;
    while (cut + multiple <= to && weight(cut + multiple) <= target) cut += multiple;
    ranges.push([start, cut]);
    start = cut;
  }
  ranges.push([start, to]);
  return ranges;
}
