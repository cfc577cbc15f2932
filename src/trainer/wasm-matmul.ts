// Work-around for a tfjs-backend-wasm 4.x performance trap in training.
//
// The wasm backend only routes a matmul to XNNPACK's fully-connected operator when neither
// transposeA nor transposeB is set and the batch dimension is 1; every other call falls into
// a scalar triple loop (`slow_batch_matmul` in batch_mat_mul_impl.cc) that is 5–7x slower.
// The forward pass of a Dense layer is plain, but its gradient is x^T·dy and dy·W^T, so
// backprop spends most of the step in the slow loop. Copying the transposed operand first
// (an O(m·k) pass) and then calling the plain kernel lets the whole backward pass use XNNPACK.
//
// We re-register the backend's own kernels rather than patching tfjs-core ops so that every
// caller (tfjs-layers' fit, our custom loops, tf.grad) benefits without knowing about it.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

type Tf = typeof tfjs;

// Both BatchMatMul and _FusedMatMul take inputs {a, b, ...} and attrs {transposeA, transposeB, ...}.
const WRAPPED_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

const MARK = Symbol.for('mnist-lab.wasmMatMulFix');
type MarkedKernelFunc = KernelFunc & { [MARK]?: true };
// Lets tests and the benchmark compare with and without the fix in one process.
const ORIGINALS = new WeakMap<KernelFunc, KernelConfig>();

interface BackendLike {
  disposeData(dataId: object, force?: boolean): boolean;
}

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return perm;
}

function isMarked(config: KernelConfig | undefined): boolean {
  return config !== undefined && (config.kernelFunc as MarkedKernelFunc)[MARK] === true;
}

function wrap(original: KernelConfig, transposeFunc: KernelFunc): KernelFunc {
  const inner = original.kernelFunc;
  const wrapped: MarkedKernelFunc = (args) => {
    const attrs = args.attrs as NamedAttrMap & { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return inner(args);
    const backend = args.backend as unknown as BackendLike;
    const inputs = args.inputs as Record<string, TensorInfo>;
    const temps: TensorInfo[] = [];
    const materialise = (t: TensorInfo, viewAllowed: boolean): TensorInfo => {
      const r = t.shape.length;
      if (viewAllowed && (t.shape[r - 1] === 1 || t.shape[r - 2] === 1)) {
        // Swapping a size-1 axis does not move any element, so a view with the swapped
        // shape over the same buffer is exact; saves a copy for e.g. a 1000x1 sigmoid dy.
        // Only for `a`: the backend caches its XNNPACK operator under b's tensor id without
        // the shape, so a reshaped view of b would later be served an operator built for
        // the other shape.
        const shape = [...t.shape];
        [shape[r - 2], shape[r - 1]] = [shape[r - 1]!, shape[r - 2]!];
        return { dataId: t.dataId, dtype: t.dtype, shape };
      }
      const out = transposeFunc({
        inputs: { x: t },
        backend: args.backend,
        attrs: { perm: swapLastTwo(t.shape.length) },
      }) as TensorInfo;
      temps.push(out);
      return out;
    };
    try {
      const a = attrs.transposeA ? materialise(inputs.a, true) : inputs.a;
      const b = attrs.transposeB ? materialise(inputs.b, false) : inputs.b;
      return inner({
        inputs: { ...inputs, a, b },
        backend: args.backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      // Temporaries were made by the kernel, not the engine, so the engine will never
      // dispose them; disposing also drops any XNNPACK operator cached on their ids.
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  wrapped[MARK] = true;
  return wrapped;
}

/**
 * Makes transposed matmuls on the wasm backend take the XNNPACK path. Call after
 * `tf.setBackend('wasm')` resolved true. Safe to call more than once and on any backend.
 * Returns a one-line description for logs.
 */
export function installWasmMatMulFix(tf: Tf): string {
  if (tf.getBackend() !== 'wasm') return `wasm matmul fix: not applied (backend is ${tf.getBackend()})`;
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return 'wasm matmul fix: not applied (no wasm Transpose kernel)';
  const done: string[] = [];
  const already: string[] = [];
  for (const name of WRAPPED_KERNELS) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) continue;
    if (isMarked(original)) {
      already.push(name);
      continue;
    }
    const replacement: KernelConfig = {
      kernelName: original.kernelName,
      backendName: original.backendName,
      kernelFunc: wrap(original, transpose.kernelFunc),
      // setupFunc already ran for this backend instance; keep it so a re-initialised
      // backend (tf.removeBackend + setBackend) still binds the wasm function.
      setupFunc: original.setupFunc,
      disposeFunc: original.disposeFunc,
    };
    ORIGINALS.set(replacement.kernelFunc, original);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(replacement);
    done.push(name);
  }
  if (done.length === 0 && already.length > 0) return `wasm matmul fix: already installed (${already.join(', ')})`;
  return `wasm matmul fix: explicit transpose before ${done.join(', ')} so backprop uses XNNPACK`;
}

/** For tests and benchmarks: whether the fix is active for a kernel. */
export function isWasmMatMulFixInstalled(tf: Tf, kernelName: (typeof WRAPPED_KERNELS)[number] = 'BatchMatMul'): boolean {
  return isMarked(tf.getKernel(kernelName, 'wasm'));
}

/** For tests and benchmarks: puts the backend's original kernels back. Returns whether anything changed. */
export function uninstallWasmMatMulFix(tf: Tf): boolean {
  let changed = false;
  for (const name of WRAPPED_KERNELS) {
    const current = tf.getKernel(name, 'wasm');
    if (!current || !isMarked(current)) continue;
    const original = ORIGINALS.get(current.kernelFunc);
    if (!original) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(original);
    changed = true;
  }
  return changed;
}
