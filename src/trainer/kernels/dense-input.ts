// The first layer's products on a dense batch with a WebAssembly SIMD kernel (dense-input.wat),
// for batches too dense for the sparse-pixel kernel. Used like SparseInputKernel: the caller
// writes the batch's raw pixels into pixels(), load() scales them once inside the module, then
// forward() and backward() read them there, with no float copy of the batch in JS or in tfjs and
// no transposed copy for xᵀ·dz.
import { WASM_BASE64, WASM_SHARED_BASE64 } from './dense-input.wasm';
import { kernelModule, PixelKernel, regions } from './wasm-memory';

export const denseInputModule = kernelModule(WASM_BASE64, WASM_SHARED_BASE64);

export interface DenseInputExports {
  memory: WebAssembly.Memory;
  countNonZero(px: number, len: number): number;
  load(px: number, n: number, k: number, kp: number, np: number, scale: number, offset: number, x: number): void;
  forward(
    x: number,
    np: number,
    k: number,
    kp: number,
    w: number,
    width: number,
    bias: number,
    relu: number,
    z: number,
  ): void;
  prepare(dz: number, h: number, n: number, width: number, relu: number, db: number): void;
  backward(
    x: number,
    n: number,
    kp: number,
    count: number,
    dz: number,
    width: number,
    dw: number,
    accumulate: number,
  ): void;
}

/** Rows of x and dz per backward call (dense-input.wat says why). */
const BACKWARD_CHUNK = 64;

/**
 * dW = xᵀ·dz over n rows of x (rows of kp floats) and dz (rows of width floats), for `count`
 * rows of dW starting where x and dw point, 64 batch rows at a time.
 */
export function weightGradient(
  kernel: Pick<DenseInputExports, 'backward'>,
  x: number,
  n: number,
  kp: number,
  count: number,
  dz: number,
  width: number,
  dw: number,
): void {
  for (let r = 0; r < n; r += BACKWARD_CHUNK)
    kernel.backward(
      x + r * kp * 4,
      Math.min(BACKWARD_CHUNK, n - r),
      kp,
      count,
      dz + r * width * 4,
      width,
      dw,
      r > 0 ? 1 : 0,
    );
}
const roundUp4 = (n: number) => Math.ceil(n / 4) * 4;
const roundUp8 = (n: number) => Math.ceil(n / 8) * 8;

/** Copies `rows` rows of `width` values from `src` into `dst` rows of `stride` (≥ width), zeroing the rest. */
function toStride(src: Float32Array, dst: Float32Array, rows: number, width: number, stride: number): void {
  if (stride === width) {
    dst.set(src.subarray(0, rows * width));
    return;
  }
  dst.fill(0);
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * width, (r + 1) * width), r * stride);
}

/** The first `width` values of each of `rows` rows of `stride` in `src`, as a fresh array. */
function fromStride(src: Float32Array, rows: number, width: number, stride: number): Float32Array {
  if (stride === width) return src.slice(0, rows * width);
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(src.subarray(r * stride, r * stride + width), r * width);
  return out;
}

/** Byte offsets of one batch's regions in the kernel's memory. */
interface Layout {
  rows: number;
  /** rows rounded up to the kernel's 4-row tiles. */
  np: number;
  k: number;
  /** k rounded up to 4, the row stride of x. */
  kp: number;
  width: number;
  /**
   * width rounded up to the kernel's 8-column tiles: the row stride of W, bias, z, dz and dW,
   * whose extra columns are 0 (so are their products), dropped on the way out.
   */
  wp: number;
  px: number;
  x: number;
  w: number;
  bias: number;
  z: number;
  dz: number;
  dw: number;
  db: number;
  end: number;
}

function layout(rows: number, k: number, width: number): Layout {
  const { take, end } = regions();
  const np = roundUp4(rows);
  const kp = roundUp4(k);
  const wp = roundUp8(width);
  return {
    rows,
    np,
    k,
    kp,
    width,
    wp,
    // 16 bytes of slack: countNonZero and load read whole v128s.
    px: take(rows * k + 16),
    x: take(np * kp * 4),
    w: take(k * wp * 4),
    bias: take(wp * 4),
    z: take(np * wp * 4),
    dz: take(rows * wp * 4),
    dw: take(kp * wp * 4),
    db: take(wp * 4),
    end: end(),
  };
}

export class DenseInputKernel extends PixelKernel<DenseInputExports, Layout> {
  /** Whether the last forward() applied ReLU, so z holds the mask backward() may apply. */
  private reluApplied = false;

  constructor() {
    super(denseInputModule());
  }

  protected layout(rows: number, k: number, width: number): Layout {
    return layout(rows, k, width);
  }

  /** Fraction of the pixels written into pixels() that are not 0. */
  density(): number {
    const l = this.layoutOrThrow();
    return this.kernel.countNonZero(l.px, l.rows * l.k) / (l.rows * l.k);
  }

  /** Scales the pixels written into pixels() to the layer's input, scale·pixel + offset. */
  load(scale: number, offset: number): void {
    const l = this.layoutOrThrow();
    this.kernel.load(l.px, l.rows, l.k, l.kp, l.np, scale, offset, l.x);
  }

  /** x·W + bias (then ReLU when `relu`) for W (k × width, row-major); rows × width, a fresh array. */
  forward(w: Float32Array, bias: Float32Array, relu: boolean): Float32Array {
    const l = this.layoutOrThrow();
    const buffer = this.kernel.memory.buffer;
    toStride(w, new Float32Array(buffer, l.w, l.k * l.wp), l.k, l.width, l.wp);
    toStride(bias, new Float32Array(buffer, l.bias, l.wp), 1, l.width, l.wp);
    this.kernel.forward(l.x, l.np, l.k, l.kp, l.w, l.wp, l.bias, relu ? 1 : 0, l.z);
    this.reluApplied = relu;
    return fromStride(new Float32Array(buffer, l.z, l.rows * l.wp), l.rows, l.width, l.wp);
  }

  /**
   * The layer's weight and bias gradients, xᵀ·dz (k × width) and Σ dz over the rows (width), as
   * fresh arrays. With `reluMask`, `dz` is dL/dh of the last forward(…, relu = true) and is masked
   * by its ReLU here (sparing tfjs two element-wise kernels and the sum over the batch).
   */
  backward(dz: Float32Array, reluMask = false): { dw: Float32Array; db: Float32Array } {
    const l = this.layoutOrThrow();
    if (reluMask && !this.reluApplied) throw new Error('DenseInputKernel: no ReLU forward to take the mask from');
    const buffer = this.kernel.memory.buffer;
    toStride(dz, new Float32Array(buffer, l.dz, l.rows * l.wp), l.rows, l.width, l.wp);
    this.kernel.prepare(l.dz, l.z, l.rows, l.wp, reluMask ? 1 : 0, l.db);
    weightGradient(this.kernel, l.x, l.rows, l.kp, l.kp, l.dz, l.wp, l.dw);
    return {
      dw: fromStride(new Float32Array(buffer, l.dw, l.k * l.wp), l.k, l.width, l.wp),
      db: new Float32Array(buffer, l.db, l.width).slice(),
    };
  }
}
