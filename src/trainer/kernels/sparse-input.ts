// The first layer's matmul on raw pixels with a sparse WebAssembly kernel (sparse-input.wat).
// A Dense layer on 784 pixels spends most of a training step in two products, x·W forward and
// xᵀ·dz for W's gradient (bench/README.md: ~10 of 16.6 ms at batch 1000). About 80 % of MNIST
// pixels are 0, so the kernel skips them: it turns the batch into a list of non-zero pixels
// once, then does both products from that list.
//
// Normalisation x = scale·pixel + offset is folded in: x·W = scale·(pixels·W) + offset·(1ᵀW),
// and tfjs differentiates the offset term itself.
import * as tf from '@tensorflow/tfjs';
import { kernelModule, PixelKernel, regions } from './wasm-memory';
import { WASM_BASE64, WASM_SHARED_BASE64 } from './sparse-input.wasm';

export const sparseInputModule = kernelModule(WASM_BASE64, WASM_SHARED_BASE64);

export interface SparseInputExports {
  memory: WebAssembly.Memory;
  countColumns(px: number, n: number, k: number, counts: number): number;
  index(
    px: number,
    n: number,
    k: number,
    scale: number,
    counts: number,
    rowStart: number,
    idx: number,
    val: number,
    colStart: number,
    cursor: number,
    tIdx: number,
    tVal: number,
  ): number;
  gatherSum(start: number, idx: number, val: number, rows: number, src: number, width: number, out: number): void;
}

/** Byte offsets of one batch's regions in the kernel's memory. */
interface Layout {
  rows: number;
  k: number;
  width: number;
  px: number;
  counts: number;
  rowStart: number;
  idx: number;
  val: number;
  colStart: number;
  cursor: number;
  tIdx: number;
  tVal: number;
  w: number;
  z: number;
  dz: number;
  dw: number;
  end: number;
}

function layout(rows: number, k: number, width: number): Layout {
  const { take, end } = regions();
  const most = rows * k;
  return {
    rows,
    k,
    width,
    // 16 bytes of slack: countColumns and index read whole v128s.
    px: take(rows * k + 16),
    counts: take(countsBytes(k)),
    rowStart: take((rows + 1) * 4),
    idx: take(most * 4),
    val: take(most * 4),
    colStart: take((k + 1) * 4),
    cursor: take(k * 4),
    tIdx: take(most * 4),
    tVal: take(most * 4),
    w: take(k * width * 4),
    z: take(rows * width * 4),
    dz: take(rows * width * 4),
    dw: take(k * width * 4),
    end: end(),
  };
}

export class SparseInputKernel extends PixelKernel<SparseInputExports, Layout> {
  /** Non-zero pixels of the current batch. */
  nonZero = 0;

  constructor() {
    super(sparseInputModule());
  }

  protected layout(rows: number, k: number, width: number): Layout {
    return layout(rows, k, width);
  }

  /** Indexes the pixels written into pixels(); returns the fraction that is not 0. */
  index(scale: number): number {
    const l = this.layoutOrThrow();
    this.kernel.countColumns(l.px, l.rows, l.k, l.counts);
    this.nonZero = this.kernel.index(
      l.px,
      l.rows,
      l.k,
      scale,
      l.counts,
      l.rowStart,
      l.idx,
      l.val,
      l.colStart,
      l.cursor,
      l.tIdx,
      l.tVal,
    );
    return this.nonZero / (l.rows * l.k);
  }

  /** scale·pixels · W for W (k × width, row-major); returns rows × width, a fresh array. */
  forward(w: Float32Array): Float32Array {
    const l = this.layoutOrThrow();
    const buffer = this.kernel.memory.buffer;
    new Float32Array(buffer, l.w, l.k * l.width).set(w);
    this.kernel.gatherSum(l.rowStart, l.idx, l.val, l.rows, l.w, l.width, l.z);
    return new Float32Array(buffer, l.z, l.rows * l.width).slice();
  }

  /** (scale·pixels)ᵀ · dz for dz (rows × width); returns k × width, a fresh array. */
  backward(dz: Float32Array): Float32Array {
    const l = this.layoutOrThrow();
    const buffer = this.kernel.memory.buffer;
    new Float32Array(buffer, l.dz, l.rows * l.width).set(dz);
    this.kernel.gatherSum(l.colStart, l.tIdx, l.tVal, l.k, l.dz, l.width, l.dw);
    return new Float32Array(buffer, l.dw, l.k * l.width).slice();
  }
}

/** Bytes of countColumns' counters for k pixels a row. */
export function countsBytes(k: number): number {
  return Math.ceil(k / 16) * 32;
}

/** The kernel needs whole SIMD lanes of output columns. */
export function sparseInputFits(units: number): boolean {
  return units % 4 === 0;
}

/**
 * pixels·scale + offset, times W, as a differentiable tfjs op on `w`, for the batch indexed in
 * `kernel`. Its gradient with respect to w is computed by the kernel as well.
 */
export function sparseInputMatMul(
  kernel: SparseInputKernel,
  w: tf.Tensor2D,
  rows: number,
  offset: number,
): tf.Tensor2D {
  const [k, width] = w.shape;
  const product = tf.customGrad(((weights: tf.Tensor) => ({
    value: tf.tensor2d(kernel.forward(weights.dataSync() as Float32Array), [rows, width]),
    gradFunc: (dz: tf.Tensor) => tf.tensor2d(kernel.backward(dz.dataSync() as Float32Array), [k, width]),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  const z = product(w) as tf.Tensor2D;
  return offset === 0 ? z : tf.add(z, tf.mul(tf.sum(w, 0), offset));
}
