// The sparse-pixel kernel (src/trainer/kernels) against tfjs' dense products on wasm, by the
// fraction of non-zero pixels: where the break-even lies that SPARSE_MAX_DENSITY encodes.
// node --import tsx bench/sparse-density.ts
import '../src/trainer/backend/quiet-tfjs-banner';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/trainer/backend/backend';
import { SparseInputKernel } from '../src/trainer/kernels/sparse-input';

const K = 784;
const WIDTH = 128;

let seed = 1;
const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

/** Mean ms of `reps` calls after two warm-up calls. */
function time(f: () => void, reps = 30): number {
  f();
  f();
  const t = performance.now();
  for (let r = 0; r < reps; r++) f();
  return (performance.now() - t) / reps;
}

async function main(): Promise<void> {
  await initBackend('wasm');
  for (const rows of [128, 1000]) {
    for (const density of [0.2, 0.3, 0.4, 0.5, 0.6]) {
      const pixels = Uint8Array.from({ length: rows * K }, () => (next() < density ? 1 + Math.floor(next() * 255) : 0));
      const kernel = new SparseInputKernel();
      const w = tf.randomNormal([K, WIDTH]);
      const dz = tf.randomNormal([rows, WIDTH]);
      const x = tf.tensor2d(
        Float32Array.from(pixels, (v) => v / 255),
        [rows, K],
      );
      const wValues = w.dataSync() as Float32Array;
      const dzValues = dz.dataSync() as Float32Array;
      // The kernel's cost includes loading and indexing the batch; the dense one starts from floats.
      const sparse = time(() => {
        kernel.pixels(rows, K, WIDTH).set(pixels);
        kernel.index(1 / 255);
        kernel.forward(wValues);
        kernel.backward(dzValues);
      });
      const dense = time(() =>
        tf.tidy(() => {
          tf.matMul(x, w).dataSync();
          tf.matMul(x, dz, true, false).dataSync();
        }),
      );
      console.log(
        `batch ${rows}, ${(density * 100).toFixed(0)} % non-zero: sparse ${sparse.toFixed(2)} ms, dense ${dense.toFixed(2)} ms`,
      );
      tf.dispose([w, dz, x]);
    }
  }
}

void main();
