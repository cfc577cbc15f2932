// Entry of a product thread (parallel/products.ts): the sparse and dense kernels instantiated on
// the whole-step engine's shared memory, then a loop that waits for a part, runs it and says so.
// No tfjs here: a helper costs a few MiB and starts in milliseconds.
import { parentPort, workerData } from 'node:worker_threads';
import { instantiateKernel } from '../kernels/wasm-memory';
import type { DenseInputExports } from '../kernels/dense-input';
import type { SparseInputExports } from '../kernels/sparse-input';
import {
  DONE,
  PRODUCT_SLOT,
  PRODUCTS,
  productTable,
  READY,
  reportFailure,
  SEQ,
  STOP,
  type ProductThreadData,
} from './products';

const data = workerData as ProductThreadData;
const table = productTable(
  instantiateKernel<SparseInputExports>(data.sparse, data.memory),
  instantiateKernel<DenseInputExports>(data.dense, data.memory),
);
const i32 = new Int32Array(data.memory.buffer, data.control, 4);
const f64 = new Float64Array(data.memory.buffer, data.control + 8 * PRODUCT_SLOT, 14);
// The engine waits for this before its first step, so a script that cannot load is an error at
// the trial's start, not a step blocked on a thread that never came.
parentPort?.postMessage(READY);
let seen = 0;
for (;;) {
  Atomics.wait(i32, SEQ, seen);
  const seq = Atomics.load(i32, SEQ);
  if (seq === seen) continue;
  seen = seq;
  const product = f64[0];
  if (product === STOP) break;
  try {
    table[PRODUCTS[product]](...Array.from(f64.subarray(1)));
  } catch (e) {
    reportFailure(data.memory, data.control, e instanceof Error ? e.message : String(e));
  }
  Atomics.store(i32, DONE, seq);
  Atomics.notify(i32, DONE);
}
