// Work-around for a tfjs-backend-wasm 4.x performance trap in training.
//
// The wasm backend only routes a matmul to XNNPACK's fully-connected operator when neither
// transposeA nor transposeB is set and the batch dimension is 1; every other call falls into
// a scalar triple loop (`slow_batch_matmul` in batch_mat_mul_impl.cc), 8–10x slower here.
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
  return wrapped;
}

function replaceKernels(
  tf: Tf,
  names: readonly string[],
  makeFunc: (original: KernelConfig) => KernelFunc,
): { done: string[]; already: string[] } {
  const done: string[] = [];
  const already: string[] = [];
  for (const name of names) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) continue;
    if (isMarked(original)) {
      already.push(name);
      continue;
    }
    const kernelFunc = makeFunc(original) as MarkedKernelFunc;
    kernelFunc[MARK] = true;
    const replacement: KernelConfig = {
      kernelName: original.kernelName,
      backendName: original.backendName,
      kernelFunc,
      // setupFunc already ran for this backend instance; keep it so a re-initialised
      // backend (tf.removeBackend + setBackend) still binds the wasm function.
      setupFunc: original.setupFunc,
      disposeFunc: original.disposeFunc,
    };
    ORIGINALS.set(kernelFunc, original);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(replacement);
    done.push(name);
  }
  return { done, already };
}

function restoreKernels(tf: Tf, names: readonly string[]): boolean {
  let changed = false;
  for (const name of names) {
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

/**
 * Makes transposed matmuls on the wasm backend take the XNNPACK path. Call after
 * `tf.setBackend('wasm')` resolved true. Safe to call more than once and on any backend.
 * Returns a one-line description for logs.
 */
export function installWasmMatMulFix(tf: Tf): string {
  if (tf.getBackend() !== 'wasm') return `wasm matmul fix: not applied (backend is ${tf.getBackend()})`;
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return 'wasm matmul fix: not applied (no wasm Transpose kernel)';
  const { done, already } = replaceKernels(tf, WRAPPED_KERNELS, (original) => wrap(original, transpose.kernelFunc));
  if (done.length === 0 && already.length > 0) return `wasm matmul fix: already installed (${already.join(', ')})`;
  return `wasm matmul fix: explicit transpose before ${done.join(', ')} so backprop uses XNNPACK`;
}

/** For tests and benchmarks: whether a fix is active for a kernel. */
export function isWasmMatMulFixInstalled(tf: Tf, kernelName: string = 'BatchMatMul'): boolean {
  return isMarked(tf.getKernel(kernelName, 'wasm'));
}

/** For tests and benchmarks: puts the backend's original matmul kernels back. */
export function uninstallWasmMatMulFix(tf: Tf): boolean {
  return restoreKernels(tf, WRAPPED_KERNELS);
}

// ---- Slice and GatherV2: cutting mini-batches out of the training set ------------------
//
// tfjs-backend-wasm 4.22's Slice starts with backend.readSync(x), which copies the WHOLE
// source tensor out of the wasm heap on every call: slicing a 128-row batch out of the
// 60000x784 training images copies 188 MB. Its GatherV2 (what model.fit uses with shuffle)
// runs a generic per-element loop. Both are plain row copies for the shapes a trainer uses,
// which the replacements below do directly between views of the heap.

const ROW_COPY_KERNELS = ['Slice', 'GatherV2'] as const;

interface HeapBackend extends BackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function sliceFunc(original: KernelConfig): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const rank = x.shape.length;
    if (x.dtype === 'string' || rank === 0) return original.kernelFunc(args);
    const b = Array.isArray(begin) ? [...begin] : [begin];
    const sz = size === undefined ? [] : Array.isArray(size) ? [...size] : [size];
    for (let i = 0; i < rank; i++) {
      b[i] = b[i] ?? 0;
      const want = sz[i];
      sz[i] = want === undefined || want === -1 ? x.shape[i]! - b[i]! : want;
      if (b[i]! < 0 || sz[i]! < 0 || b[i]! + sz[i]! > x.shape[i]!) return original.kernelFunc(args); // let tfjs report it
    }
    // Row-major: the copy is a series of runs of `run` contiguous elements, one per index
    // of the leading axes; only leading (rank-1) dims may be partial for a single loop level
    // here, so anything fancier goes to the original kernel.
    let inner = 1;
    for (let i = 2; i < rank; i++) {
      if (b[i] !== 0 || sz[i] !== x.shape[i]) return original.kernelFunc(args);
      inner *= x.shape[i]!;
    }
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(sz, x.dtype);
    // Views only after makeOutput: allocating may grow (and so detach) the heap buffer.
    const xs = backend.typedArrayFromHeap(x);
    const os = backend.typedArrayFromHeap(out);
    if (rank === 1) {
      os.set(xs.subarray(b[0]!, b[0]! + sz[0]!));
      return out;
    }
    const xRow = x.shape[1]! * inner;
    const run = sz[1]! * inner;
    for (let r = 0; r < sz[0]!; r++) {
      const from = (b[0]! + r) * xRow + b[1]! * inner;
      os.set(xs.subarray(from, from + run), r * run);
    }
    return out;
  };
}

function gatherFunc(original: KernelConfig): KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    const parsedAxis = axis < 0 ? axis + x.shape.length : axis;
    if (
      parsedAxis !== 0 ||
      (batchDims ?? 0) !== 0 ||
      x.dtype === 'string' ||
      indices.dtype !== 'int32' ||
      x.shape.length === 0
    ) {
      return original.kernelFunc(args);
    }
    const backend = args.backend as unknown as HeapBackend;
    const rows = x.shape[0]!;
    const row = x.shape.slice(1).reduce((a, d) => a * d, 1);
    const outShape = [...indices.shape, ...x.shape.slice(1)];
    const out = backend.makeOutput(outShape, x.dtype);
    const xs = backend.typedArrayFromHeap(x);
    const idx = backend.typedArrayFromHeap(indices) as Int32Array;
    const os = backend.typedArrayFromHeap(out);
    for (let i = 0; i < idx.length; i++) {
      const r = idx[i]!;
      if (r < 0 || r >= rows) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
      }
      os.set(xs.subarray(r * row, (r + 1) * row), i * row);
    }
    return out;
  };
}

/**
 * Replaces the wasm Slice and GatherV2 kernels with row copies that do not copy the source
 * tensor out of the heap. Same contract as installWasmMatMulFix.
 */
export function installWasmRowCopyFix(tf: Tf): string {
  if (tf.getBackend() !== 'wasm') return `wasm slice/gather fix: not applied (backend is ${tf.getBackend()})`;
  const { done, already } = replaceKernels(tf, ROW_COPY_KERNELS, (original) =>
    original.kernelName === 'Slice' ? sliceFunc(original) : gatherFunc(original),
  );
  if (done.length === 0 && already.length > 0)
    return `wasm slice/gather fix: already installed (${already.join(', ')})`;
  return `wasm slice/gather fix: row copies in ${done.join(', ')} instead of copying the source out of the heap`;
}

export function uninstallWasmRowCopyFix(tf: Tf): boolean {
  return restoreKernels(tf, ROW_COPY_KERNELS);
}

/** Both fixes; what a trainer on the wasm backend should call. */
export function installWasmKernelFixes(tf: Tf): string {
  return `${installWasmMatMulFix(tf)}; ${installWasmRowCopyFix(tf)}`;
}
