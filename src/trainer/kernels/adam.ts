// Adam's per-tensor update in WebAssembly (adam.wat), with the moments kept in the module's
// memory between steps. tfjs' Adam runs ~10 kernels per tensor, each a pass over the whole
// tensor plus a dispatch; this is one SIMD pass (bench/README.md).
import { WASM_BASE64, WASM_SHARED_BASE64 } from './adam.wasm';
import { instantiateKernel, kernelModule, reserveBytes } from './wasm-memory';

export interface AdamExports {
  memory: WebAssembly.Memory;
  adam(
    w: number,
    g: number,
    m: number,
    v: number,
    n: number,
    stepSize: number,
    beta1: number,
    beta2: number,
    eps: number,
    invC2: number,
  ): void;
  /** adam, then out[0..3) = Σ g², Σ (w_new − w_old)², Σ w_new² (f64). */
  adamObserved(...args: [...Parameters<AdamExports['adam']>, out: number]): void;
}

/** One update's sums of squares (dynamics/measure.ts's StepMeasure, for one variable). */
export interface UpdateSums {
  grad: number;
  delta: number;
  weight: number;
}

export const adamModule = kernelModule(WASM_BASE64, WASM_SHARED_BASE64);

const padded = (n: number) => Math.ceil(n / 4) * 4;

export class WasmAdam {
  private readonly kernel: AdamExports;
  /** Byte offsets of each tensor's first and second moments. */
  private readonly moments = new Map<string, { m: number; v: number; size: number }>();
  /** End of the moments; the scratch copies of weights and gradient go after it. */
  private top = 0;

  constructor(
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
  ) {
    this.kernel = instantiateKernel<AdamExports>(adamModule());
  }

  /**
   * One Adam step of the tensor `name`; `stepSize` is lr / (1 − β1^t) and `invC2` 1 / (1 − β2^t).
   * Returns the new weights in a fresh array. With `sums`, also fills it with the update's sums
   * of squares, computed here while the arrays are in this memory (reading them back in JS
   * cost more than the whole recording's budget on the large-batch nets, bench/README.md).
   */
  step(
    name: string,
    weights: Float32Array,
    gradient: Float32Array,
    stepSize: number,
    invC2: number,
    sums?: UpdateSums,
  ): Float32Array {
    const size = weights.length;
    const bytes = padded(size) * 4;
    let slot = this.moments.get(name);
    if (!slot) {
      slot = { m: this.top, v: this.top + bytes, size };
      this.top += 2 * bytes;
      this.reserve(this.top);
      // The new moments may sit where an earlier step's scratch copies were.
      new Float32Array(this.kernel.memory.buffer, slot.m, (2 * bytes) / 4).fill(0);
      this.moments.set(name, slot);
    }
    if (slot.size !== size) throw new Error(`Adam: ${name} changed size from ${slot.size} to ${size}`);
    const w = this.top;
    const g = this.top + bytes;
    const out = this.top + 2 * bytes;
    this.reserve(this.top + 2 * bytes + 24);
    const heap = new Float32Array(this.kernel.memory.buffer);
    heap.set(weights, w / 4);
    heap.set(gradient, g / 4);
    // The padding lanes would hold whatever an earlier step left there. Zero gradients keep
    // their moments zero (as created) and so their updates, and with zero weights they add
    // nothing to the sums.
    heap.fill(0, w / 4 + size, (w + bytes) / 4);
    heap.fill(0, g / 4 + size, (g + bytes) / 4);
    const [m, v, n] = [slot.m, slot.v, padded(size)];
    if (sums) {
      this.kernel.adamObserved(w, g, m, v, n, stepSize, this.beta1, this.beta2, this.epsilon, invC2, out);
      [sums.grad, sums.delta, sums.weight] = new Float64Array(this.kernel.memory.buffer, out, 3);
    } else this.kernel.adam(w, g, m, v, n, stepSize, this.beta1, this.beta2, this.epsilon, invC2);
    return heap.slice(w / 4, w / 4 + size);
  }

  private reserve(bytes: number): void {
    reserveBytes(this.kernel.memory, bytes);
  }
}
