// The whole training step of a small Dense MLP in WebAssembly, on one memory shared by the
// kernels: the first layer on the sparse-pixel or dense-input kernel, every other product on the
// dense kernel's register-blocked GEMM, the bias, ReLU and its mask, and Adam over all
// parameters in one pass. The weights and Adam's moments live in that memory for the whole
// trial; tfjs' variables are brought up to date at the end of each epoch (settle), so
// evaluation, early stopping, the dynamics probe and saving see the trained weights.
//
// Why: the tapeless tfjs step still spent ~5 ms of an 11 ms batch-1000 step and ~1.4 ms of a
// 2.3 ms batch-128 step around its products (kernel dispatch, tensors made and freed, weights
// copied between tfjs' heap and the kernels' memories each step), bench/README.md.
//
// Layout: every layer's width is padded to a multiple of 8 (the GEMM's column tile) and every
// batch to a multiple of 4 rows, with zeros; padding weights get zero gradients and so stay zero
// under Adam, and padding activations are zeroed, so the padded net computes the same numbers
// as the unpadded one. Every sum runs in a fixed order: a batch gives the same bits every time.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { ResolvedTrial } from '../core/experiment';
import type { Dataset } from './data/dataset';
import { imageRow, type Scaling } from './data/splits';
import type { StepMeasure } from './dynamics/measure';
import type { LayerOutputs } from './dynamics/recorder';
import { adamModule, type AdamExports } from './kernels/adam';
import { denseInputModule, weightGradient, type DenseInputExports } from './kernels/dense-input';
import { mlpModule, type MlpExports } from './kernels/mlp';
import { countsBytes, sparseInputModule, type SparseInputExports } from './kernels/sparse-input';
import { instantiateKernel, regions, reserveBytes } from './kernels/wasm-memory';
import type { PlainActivation } from './net/activation';
import { predictedClass } from './net/batches';
import { SPARSE_MAX_DENSITY, SPARSE_MAX_PIXELS } from './net/gradients';
import { sampleLoss } from './net/model';
import { outputGradient, tapelessFits } from './net/tapeless';
import { MIN_PARALLEL_BATCH } from './parallel/pool';
import {
  CONTROL_BYTES,
  ProductRounds,
  productTable,
  splitRange,
  type Product,
  type ProductPart,
  type ProductThreadData,
  READY,
} from './parallel/products';
import { threadEntry } from './parallel/thread-entry';

/**
 * Larger batches keep the tfjs step: the engine holds a float copy of a whole batch, which at
 * this size is already 12 MiB for 784 inputs.
 */
const MAX_BATCH = 4096;
/**
 * Datasets up to this size are copied into the engine's memory, so a batch's rows are gathered
 * there (mlp.wat's gatherRows) instead of one JS copy a row: on a batch of 1000 shuffled rows
 * that copy took 1.6 ms of an 11 ms step. MNIST's 70,000 images are 55 MB.
 */
const MAX_HELD_IMAGES = 64 * 1024 * 1024;
/** Prediction and the dynamics probe run this many rows at a time at least. */
const MIN_ROWS = 512;

const roundUp4 = (n: number) => Math.ceil(n / 4) * 4;
const roundUp8 = (n: number) => Math.ceil(n / 8) * 8;

/** Whether a trial's step can run here: Adam on a plain MLP, on the wasm backend. */
export function wholeStepFits(trial: ResolvedTrial, backend: string): boolean {
  return (
    backend === 'wasm' &&
    trial.training.optimizer === 'adam' &&
    trial.training.batchSize <= MAX_BATCH &&
    tapelessFits(trial)
  );
}

interface Layer {
  /** Real inputs and units, and the padded ones (W is inPad × wp, row-major). */
  inputs: number;
  inPad: number;
  units: number;
  wp: number;
  act: PlainActivation | null;
  /** Float offsets of W and b inside the parameter vector (and so in grads and moments). */
  w: number;
  b: number;
  /** Byte offset of the layer's activations, rows × wp. */
  h: number;
}

/**
 * The one-thread engines of a process take turns with one memory: a sweep's worker trains trial
 * after trial, and each engine's memory (the dataset's images included, ~75 MB at batch 1000)
 * stayed until the garbage collector found it, so two or three were alive at once (a trainer
 * of the 3 × 3 grid peaked at 316 MiB). A memory handed back is zeroed for the next engine, as
 * a new one would be.
 */
let spareMemory: WebAssembly.Memory | null = null;

function takeMemory(bytes: number): WebAssembly.Memory {
  const memory = spareMemory ?? new WebAssembly.Memory({ initial: 1 });
  spareMemory = null;
  reserveBytes(memory, bytes);
  new Uint8Array(memory.buffer, 0, bytes).fill(0);
  return memory;
}

function giveBackMemory(memory: WebAssembly.Memory): void {
  spareMemory = memory;
}

/** A layer's W (inputs × units) and b out of a padded vector (parameters or gradients), as fresh arrays. */
function unpad(vector: Float32Array, layer: Layer): [Float32Array, Float32Array] {
  const w = new Float32Array(layer.inputs * layer.units);
  for (let r = 0; r < layer.inputs; r++)
    w.set(vector.subarray(layer.w + r * layer.wp, layer.w + r * layer.wp + layer.units), r * layer.units);
  return [w, vector.slice(layer.b, layer.b + layer.units)];
}

/** n rows of a layer's padded activations into `to` from `at`, each row's real units only. */
function unpadRows(h: Float32Array, to: Float32Array, at: number, n: number, layer: Layer): void {
  if (layer.wp === layer.units) to.set(h.subarray(0, n * layer.units), at);
  else for (let r = 0; r < n; r++) to.set(h.subarray(r * layer.wp, r * layer.wp + layer.units), at + r * layer.units);
}

/** The batch's route through the first layer. */
type Route = 'sparse' | 'dense';

export interface WholeStepResult {
  loss: number;
  hits: number;
}

export class WasmMlp {
  private readonly memory: WebAssembly.Memory;
  private readonly k: MlpExports & Pick<AdamExports, 'adam' | 'adamObserved'>;
  private readonly sparse: SparseInputExports;
  private readonly dense: DenseInputExports;
  private readonly layers: Layer[];
  private readonly units: number;
  /** Floats in the parameter vector (every layer's padded W and b, in model order). */
  private readonly size: number;
  /** Rows the buffers hold. */
  private readonly capacity: number;
  private readonly inputs: number;
  private readonly kp: number;
  private readonly at: Record<
    | 'params'
    | 'grads'
    | 'm'
    | 'v'
    | 'zeros'
    | 'firstBias'
    | 'px'
    | 'counts'
    | 'rowStart'
    | 'idx'
    | 'val'
    | 'colStart'
    | 'cursor'
    | 'tIdx'
    | 'tVal'
    | 'x'
    | 'dzA'
    | 'dzB'
    | 'wt'
    | 'sums'
    | 'control'
    | 'refs'
    | 'images',
    number
  >;
  private readonly sparseOk: boolean;
  /** Whether the dataset's images are in this memory (train rows, then test rows: ref · k). */
  private readonly holdsImages: boolean;
  /** The first layer's products as parts for product threads (run in place without threads). */
  private readonly table: Record<Product, (...args: number[]) => void>;
  private readonly rounds: ProductRounds | null = null;
  private readonly workers: Worker[] = [];
  private readonly started: Promise<void>[] = [];
  private probeOut: LayerOutputs[] | null = null;
  private disposed = false;
  private readonly probs: Float32Array;
  private accBeta1: number;
  private accBeta2: number;
  /** Whether the weights here are newer than tfjs' variables (a step ran since the last settle). */
  private dirty = false;
  /**
   * The variables' data as of the last settle or pull: tfjs gives a variable new data on every
   * assign (setWeights included), so the same objects mean nothing replaced the weights there.
   */
  private seen: readonly object[] = [];
  /** Batches on each route, for the log. */
  sparseBatches = 0;
  denseBatches = 0;
  batches = 0;

  constructor(
    private readonly trial: ResolvedTrial,
    private readonly variables: readonly tf.Variable[],
    private readonly dataset: Dataset,
    private readonly scaling: Scaling,
    useSparse: boolean,
    /** Threads for the first layer's products (this one and helpers), from MIN_PARALLEL_BATCH rows on. */
    threads = 1,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.inputs = dataset.rows * dataset.cols;
    this.kp = roundUp4(this.inputs);
    this.units = trial.model.outputUnits;
    this.capacity = Math.max(trial.training.batchSize, MIN_ROWS);
    this.accBeta1 = beta1;
    this.accBeta2 = beta2;
    const widths = [...trial.model.hidden.map((l) => l.units), this.units];
    if (variables.length !== 2 * widths.length) throw new Error('WasmMlp: expected a kernel and a bias per layer');
    const { take, end } = regions();
    const np = roundUp4(this.capacity);
    let floats = 0;
    this.layers = widths.map((units, l) => {
      const inputs = l === 0 ? this.inputs : widths[l - 1];
      const inPad = l === 0 ? this.kp : roundUp8(inputs);
      const wp = roundUp8(units);
      const w = floats;
      floats += inPad * wp;
      const b = floats;
      floats += wp;
      const act = l < widths.length - 1 ? (trial.model.hidden[l].activation as PlainActivation) : null;
      return { inputs, inPad, units, wp, act, w, b, h: 0 };
    });
    this.size = floats;
    const maxWp = Math.max(...this.layers.map((l) => l.wp));
    const maxWt = Math.max(0, ...this.layers.slice(1).map((l) => l.inPad * l.wp));
    const rows = this.capacity;
    const imagesBytes = (dataset.train.count + dataset.test.count) * this.inputs;
    this.holdsImages = imagesBytes <= MAX_HELD_IMAGES;
    this.sparseOk = useSparse && rows * this.inputs <= SPARSE_MAX_PIXELS;
    const most = this.sparseOk ? rows * this.inputs : 0;
    this.at = {
      params: take(floats * 4),
      grads: take(floats * 4),
      m: take(floats * 4),
      v: take(floats * 4),
      zeros: take(maxWp * 4),
      firstBias: take(this.layers[0].wp * 4),
      // 16 bytes of slack: the density count and load read whole v128s.
      px: take(rows * this.inputs + 16),
      counts: take(countsBytes(this.inputs)),
      rowStart: take((rows + 1) * 4),
      idx: take(most * 4),
      val: take(most * 4),
      colStart: take((this.inputs + 1) * 4),
      cursor: take(this.inputs * 4),
      tIdx: take(most * 4),
      tVal: take(most * 4),
      x: take(np * this.kp * 4),
      dzA: take(np * maxWp * 4),
      dzB: take(np * maxWp * 4),
      wt: take(maxWt * 4),
      sums: take(3 * 8),
      control: take(CONTROL_BYTES * Math.max(0, threads - 1)),
      refs: take(rows * 4),
      images: take(this.holdsImages ? imagesBytes : 0),
    };
    for (const layer of this.layers) layer.h = take(np * layer.wp * 4);
    const shared = threads > 1;
    // A shared memory cannot grow past its maximum, so it is made at its final size.
    const memory = shared
      ? new WebAssembly.Memory({ initial: Math.ceil(end() / 65536), maximum: Math.ceil(end() / 65536), shared: true })
      : takeMemory(end());
    this.memory = memory;
    this.sparse = instantiateKernel<SparseInputExports>(sparseInputModule(shared), memory);
    this.dense = instantiateKernel<DenseInputExports>(denseInputModule(shared), memory);
    const adam = instantiateKernel<AdamExports>(adamModule(shared), memory);
    const mlp = instantiateKernel<MlpExports>(mlpModule(shared), memory);
    this.table = productTable(this.sparse, this.dense);
    if (this.holdsImages) {
      const images = new Uint8Array(memory.buffer, this.at.images, imagesBytes);
      images.set(dataset.train.images.subarray(0, dataset.train.count * this.inputs));
      images.set(dataset.test.images.subarray(0, dataset.test.count * this.inputs), dataset.train.count * this.inputs);
    }
    if (shared) this.rounds = this.startHelpers(threads - 1);
    this.k = {
      biasAct: mlp.biasAct,
      transpose: mlp.transpose,
      gatherRows: mlp.gatherRows,
      adam: adam.adam,
      adamObserved: adam.adamObserved,
    };
    this.probs = new Float32Array(this.capacity * this.units);
    this.pull();
  }

  private startHelpers(count: number): ProductRounds {
    const entry = threadEntry('product-thread.ts', 'product-thread.js');
    const controls = Array.from({ length: count }, (_, i) => this.at.control + i * CONTROL_BYTES);
    for (const control of controls) {
      const data: ProductThreadData = {
        memory: this.memory,
        sparse: sparseInputModule(true),
        dense: denseInputModule(true),
        control,
      };
      const worker = new Worker(entry.file, { eval: entry.eval, workerData: data });
      // A helper never keeps the trainer alive: a cancelled or failed run exits as it would alone.
      worker.unref();
      this.workers.push(worker);
      this.started.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', (m) => (m === READY ? resolve() : reject(new Error(`a product thread said ${m}`))));
          worker.once('error', (e) => reject(new Error(`a product thread failed to start: ${e.message}`)));
          worker.once('exit', (code) =>
            reject(new Error(`a product thread exited with code ${code} before it started`)),
          );
        }),
      );
    }
    return new ProductRounds(this.memory, controls, this.table);
  }

  /** Resolves when every product thread is up; rejects with why one is not. */
  async ready(): Promise<void> {
    try {
      await Promise.all(this.started);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** Threads the first layer's products run on (1: this one alone). */
  get threads(): number {
    return (this.rounds?.helpers ?? 0) + 1;
  }

  /** Stops the product threads, if any, and hands a one-thread engine's memory to the next engine. */
  dispose(): void {
    // Twice would hand the memory back while a later engine may already be using it.
    if (this.disposed) return;
    this.disposed = true;
    this.rounds?.stop();
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
    if (!this.rounds) giveBackMemory(this.memory);
  }

  /**
   * Runs a product over rows [0, count): split across the threads when there are any and the
   * rows are many, else in one call. `part(from, to)` gives one range's part; cuts fall on
   * multiples of `multiple`, balanced by `weight` (the work before a row).
   */
  private products(
    count: number,
    part: (from: number, to: number) => ProductPart,
    multiple = 1,
    weight?: (i: number) => number,
  ): void {
    const rounds = this.rounds;
    if (!rounds || count < MIN_PARALLEL_BATCH) {
      const { product, args } = part(0, count);
      this.table[product](...args);
      return;
    }
    const ranges = splitRange(0, count, rounds.helpers + 1, multiple, weight);
    rounds.run(ranges.filter(([from, to]) => to > from).map(([from, to]) => part(from, to)));
  }

  /** The i32 at a byte offset (index lists: where rows or columns start). */
  private i32At(byteOffset: number): number {
    return new Int32Array(this.memory.buffer, byteOffset, 1)[0];
  }

  private f32(byteOffset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, byteOffset, length);
  }

  /** Byte address of a float of the parameter vector in the region `base`. */
  private addr(base: 'params' | 'grads', float: number): number {
    return this.at[base] + float * 4;
  }

  /** tfjs' variables → the parameter vector (padding stays 0). */
  private pull(): void {
    this.seen = this.dataOfVariables();
    const params = this.f32(this.at.params, this.size);
    this.layers.forEach((layer, l) => {
      const w = this.variables[2 * l].dataSync() as Float32Array;
      for (let r = 0; r < layer.inputs; r++)
        params.set(w.subarray(r * layer.units, (r + 1) * layer.units), layer.w + r * layer.wp);
      params.set(this.variables[2 * l + 1].dataSync() as Float32Array, layer.b);
    });
  }

  private dataOfVariables(): object[] {
    return this.variables.map((v) => (v as unknown as { dataId: object }).dataId);
  }

  /** Whether tfjs' variables were given other data since the last settle or pull. */
  private replacedOutside(): boolean {
    const now = this.dataOfVariables();
    return now.some((d, i) => d !== this.seen[i]);
  }

  /** The parameter vector → tfjs' variables, when a step has changed it since the last call. */
  settle(): void {
    if (!this.dirty) return;
    const params = this.f32(this.at.params, this.size);
    this.layers.forEach((layer, l) => {
      const [w, b] = unpad(params, layer);
      tf.tidy(() => {
        this.variables[2 * l].assign(tf.tensor2d(w, [layer.inputs, layer.units]));
        this.variables[2 * l + 1].assign(tf.tensor1d(b));
      });
    });
    this.dirty = false;
    this.seen = this.dataOfVariables();
  }

  /**
   * Makes the weights here and tfjs' the same before anything reads them outside a step: the
   * newer ones win (tfjs' may have been replaced, e.g. by early stopping's restore).
   */
  private sync(): void {
    if (this.dirty) this.settle();
    else if (this.replacedOutside()) this.pull();
  }

  /** Writes rows [start, end) of refs as raw pixels and picks the first layer's route. */
  private load(refs: ArrayLike<number>, start: number, end: number): Route {
    const n = end - start;
    const k = this.inputs;
    if (this.holdsImages) {
      const batch = new Uint32Array(this.memory.buffer, this.at.refs, n);
      for (let i = 0; i < n; i++) batch[i] = refs[start + i];
      this.k.gatherRows(this.at.images, this.at.refs, n, k, this.at.px);
    } else {
      const px = new Uint8Array(this.memory.buffer, this.at.px, n * k);
      for (let i = start; i < end; i++) px.set(imageRow(this.dataset, refs[i]), (i - start) * k);
    }
    const { scale, offset } = this.scaling;
    const a = this.at;
    if (this.sparseOk && this.sparse.countColumns(a.px, n, k, a.counts) <= SPARSE_MAX_DENSITY * n * k) {
      this.sparse.index(a.px, n, k, scale, a.counts, a.rowStart, a.idx, a.val, a.colStart, a.cursor, a.tIdx, a.tVal);
      return 'sparse';
    }
    const np = roundUp4(n);
    // The last part also zeroes the padding rows [n, np).
    this.products(
      n,
      (from, to) => ({
        product: 'load',
        args: [
          a.px + from * k,
          to - from,
          k,
          this.kp,
          (to === n ? np : to) - from,
          scale,
          offset,
          a.x + from * this.kp * 4,
        ],
      }),
      4,
    );
    return 'dense';
  }

  /** The first layer's x·W + b for n loaded rows into its activations' buffer (rows n… zeroed). */
  private firstLayer(route: Route, n: number, relu: boolean): void {
    const first = this.layers[0];
    const np = roundUp4(n);
    const w = this.addr('params', first.w);
    const a = this.at;
    if (route === 'dense') {
      const [b, act] = [this.addr('params', first.b), relu ? 1 : 0];
      const [x, k, kp] = [a.x, this.inputs, this.kp];
      this.products(
        np,
        (from, to) => ({
          product: 'forward',
          args: [x + from * kp * 4, to - from, k, kp, w, first.wp, b, act, first.h + from * first.wp * 4],
        }),
        4,
      );
      return;
    }
    this.products(
      n,
      (from, to) => ({
        product: 'gatherSum',
        args: [a.rowStart + from * 4, a.idx, a.val, to - from, w, first.wp, first.h + from * first.wp * 4],
      }),
      1,
      (i) => this.i32At(a.rowStart + i * 4),
    );
    this.f32(first.h + n * first.wp * 4, (np - n) * first.wp).fill(0);
    this.k.biasAct(first.h, n, first.wp, this.firstBias(), relu ? 1 : 0);
  }

  /**
   * The bias the sparse product needs: x = scale·pixel + offset gives x·W = scale·(pixels·W) +
   * offset·(1ᵀW), so the offset's term joins the bias.
   */
  private firstBias(): number {
    const first = this.layers[0];
    const offset = this.scaling.offset;
    if (offset === 0) return this.addr('params', first.b);
    const params = this.f32(this.at.params, this.size);
    const bias = this.f32(this.at.firstBias, first.wp);
    const sums = new Float64Array(first.wp);
    for (let r = 0; r < first.inputs; r++) {
      const row = first.w + r * first.wp;
      for (let j = 0; j < first.wp; j++) sums[j] += params[row + j];
    }
    for (let j = 0; j < first.wp; j++) bias[j] = params[first.b + j] + offset * sums[j];
    return this.at.firstBias;
  }

  /** Forward pass of n loaded rows; leaves the output's probabilities in this.probs. */
  private forward(route: Route, n: number): void {
    const np = roundUp4(n);
    this.layers.forEach((layer, l) => {
      if (l === 0) this.firstLayer(route, n, layer.act === 'relu');
      else {
        const prev = this.layers[l - 1];
        const relu = layer.act === 'relu' ? 1 : 0;
        this.dense.forward(
          prev.h,
          np,
          prev.wp,
          prev.wp,
          this.addr('params', layer.w),
          layer.wp,
          this.addr('params', layer.b),
          relu,
          layer.h,
        );
      }
      if (layer.act === 'sigmoid' || layer.act === 'tanh') this.activate(layer, n);
    });
    this.outputActivation(n);
  }

  /**
   * Sigmoid or tanh in place on n rows, on the real units only: the padding columns stay at their
   * z = 0 (sigmoid(0) = 0.5 would reach the padding rows of the next W through their gradient).
   */
  private activate(layer: Layer, n: number): void {
    const h = this.f32(layer.h, n * layer.wp);
    const sigmoid = layer.act === 'sigmoid';
    for (let r = 0; r < n; r++) {
      const row = r * layer.wp;
      for (let j = 0; j < layer.units; j++) {
        const z = h[row + j];
        h[row + j] = sigmoid ? 1 / (1 + Math.exp(-z)) : Math.tanh(z);
      }
    }
  }

  private outputActivation(n: number): void {
    const out = this.layers[this.layers.length - 1];
    const z = this.f32(out.h, n * out.wp);
    const units = this.units;
    const probs = this.probs;
    const kind = this.trial.model.outputActivation;
    for (let r = 0; r < n; r++) {
      const row = r * out.wp;
      if (kind === 'softmax') {
        let max = -Infinity;
        for (let j = 0; j < units; j++) max = Math.max(max, z[row + j]);
        let sum = 0;
        for (let j = 0; j < units; j++) sum += Math.exp(z[row + j] - max);
        for (let j = 0; j < units; j++) probs[r * units + j] = Math.exp(z[row + j] - max) / sum;
      } else if (kind === 'sigmoid') {
        for (let j = 0; j < units; j++) probs[r * units + j] = 1 / (1 + Math.exp(-z[row + j]));
      } else {
        for (let j = 0; j < units; j++) probs[r * units + j] = z[row + j];
      }
    }
  }

  /** One training step on rows [start, end) of refs; fills `measure` when given. */
  step(
    refs: ArrayLike<number>,
    classes: ArrayLike<number>,
    start: number,
    end: number,
    measure?: StepMeasure,
  ): WholeStepResult {
    const n = end - start;
    if (n < 1 || n > this.capacity) throw new Error(`WasmMlp: a batch of ${n} rows (room for ${this.capacity})`);
    if (!this.dirty && this.replacedOutside()) this.pull();
    const route = this.load(refs, start, end);
    this.batches++;
    if (route === 'sparse') this.sparseBatches++;
    else this.denseBatches++;
    this.forward(route, n);
    const { loss: lossName } = this.trial.training;
    const units = this.units;
    let lossSum = 0;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      lossSum += sampleLoss(lossName, this.probs, i * units, units, classes[start + i]);
      if (predictedClass(this.probs, i, units).cls === classes[start + i]) hits++;
    }
    this.backward(route, n, classes, start);
    this.update(measure);
    this.dirty = true;
    return { loss: lossSum / n, hits };
  }

  private backward(route: Route, n: number, classes: ArrayLike<number>, start: number): void {
    const np = roundUp4(n);
    const last = this.layers.length - 1;
    const out = this.layers[last];
    const dzOut = outputGradient(
      this.trial.training.loss,
      this.trial.model.outputActivation,
      this.probs,
      classes,
      start,
      n,
      this.units,
    );
    let dz = this.at.dzA;
    let spare = this.at.dzB;
    const view = this.f32(dz, np * out.wp);
    view.fill(0);
    for (let r = 0; r < n; r++) view.set(dzOut.subarray(r * this.units, (r + 1) * this.units), r * out.wp);
    for (let l = last; l >= 0; l--) {
      const layer = this.layers[l];
      // dz holds dL/dh of this layer (its dL/dz for the output): through the activation, then Σ rows → db.
      if (layer.act === 'sigmoid' || layer.act === 'tanh') this.activationGradient(layer, dz, n);
      this.dense.prepare(dz, layer.h, n, layer.wp, layer.act === 'relu' ? 1 : 0, this.addr('grads', layer.b));
      if (l === 0) {
        this.firstGradient(route, n, dz);
        break;
      }
      const prev = this.layers[l - 1];
      this.weightGradient(prev.h, prev.wp, n, dz, layer);
      // dL/dh of the layer below: dz·Wᵀ, as a forward product on the transposed W.
      this.k.transpose(this.addr('params', layer.w), layer.inPad, layer.wp, this.at.wt);
      this.dense.forward(dz, np, layer.wp, layer.wp, this.at.wt, prev.wp, this.at.zeros, 0, spare);
      [dz, spare] = [spare, dz];
    }
  }

  /** dz ← dh · σ'(z), from the layer's outputs h as tfjs' own gradients compute it. */
  private activationGradient(layer: Layer, dz: number, n: number): void {
    const d = this.f32(dz, n * layer.wp);
    const h = this.f32(layer.h, n * layer.wp);
    const sigmoid = layer.act === 'sigmoid';
    for (let r = 0; r < n; r++) {
      const row = r * layer.wp;
      for (let j = 0; j < layer.units; j++) {
        const y = h[row + j];
        d[row + j] = sigmoid ? d[row + j] * (y * (1 - y)) : (1 - y * y) * d[row + j];
      }
    }
  }

  /** dW = xᵀ·dz over n rows, in chunks whose rows stay in cache. */
  private weightGradient(x: number, xStride: number, n: number, dz: number, layer: Layer): void {
    weightGradient(this.dense, x, n, xStride, layer.inPad, dz, layer.wp, this.addr('grads', layer.w));
  }

  private firstGradient(route: Route, n: number, dz: number): void {
    const first = this.layers[0];
    const dw = this.addr('grads', first.w);
    const rowBytes = first.wp * 4;
    const a = this.at;
    if (route === 'dense') {
      // Threads take ranges of dW's rows (of x's columns): the same sums as one call.
      this.products(
        this.kp,
        (from, to) => ({
          product: 'weightGradient',
          args: [a.x + from * 4, n, this.kp, to - from, dz, first.wp, dw + from * rowBytes],
        }),
        4,
      );
      return;
    }
    this.products(
      this.inputs,
      (from, to) => ({
        product: 'gatherSum',
        args: [a.colStart + from * 4, a.tIdx, a.tVal, to - from, dz, first.wp, dw + from * rowBytes],
      }),
      1,
      (j) => this.i32At(a.colStart + j * 4),
    );
    const offset = this.scaling.offset;
    if (offset === 0) return;
    // The offset's term of x·W (firstBias) adds offset·db to every row of dW.
    const grads = this.f32(this.at.grads, this.size);
    for (let r = 0; r < first.inputs; r++) {
      const row = first.w + r * first.wp;
      for (let j = 0; j < first.units; j++) grads[row + j] += offset * grads[first.b + j];
    }
  }

  /**
   * Adam over the whole parameter vector in one call; with `measure`, one call per variable that
   * also sums its update's squares in the same pass.
   */
  private update(measure?: StepMeasure): void {
    const { params, grads, m, v } = this.at;
    const stepSize = this.trial.training.learningRate / (1 - this.accBeta1);
    const invC2 = 1 / (1 - this.accBeta2);
    const [b1, b2, eps] = [this.beta1, this.beta2, this.epsilon];
    if (!measure) this.k.adam(params, grads, m, v, this.size, stepSize, b1, b2, eps, invC2);
    else {
      const sums = new Float64Array(this.memory.buffer, this.at.sums, 3);
      this.layers.forEach((layer, l) => {
        const parts: [number, number][] = [
          [layer.w, layer.inPad * layer.wp],
          [layer.b, layer.wp],
        ];
        parts.forEach(([from, count], p) => {
          const [pw, pg, pm, pv] = [params, grads, m, v].map((base) => base + from * 4);
          this.k.adamObserved(pw, pg, pm, pv, count, stepSize, b1, b2, eps, invC2, this.at.sums);
          const i = 2 * l + p;
          [measure.grad[i], measure.delta[i], measure.weight[i]] = sums;
        });
      });
    }
    this.accBeta1 *= this.beta1;
    this.accBeta2 *= this.beta2;
  }

  /** The last step's gradient of each variable (kernel₁, bias₁, …), unpadded: for tests. */
  gradients(): Float32Array[] {
    const grads = this.f32(this.at.grads, this.size);
    return this.layers.flatMap((layer) => unpad(grads, layer));
  }

  /** The net's predictions for rows [start, end) of refs (rows × output units, a fresh array). */
  predict(refs: ArrayLike<number>, start: number, end: number): Float32Array {
    this.sync();
    const out = new Float32Array((end - start) * this.units);
    for (let from = start; from < end; from += this.capacity) {
      const to = Math.min(from + this.capacity, end);
      this.forward(this.load(refs, from, to), to - from);
      out.set(this.probs.subarray(0, (to - from) * this.units), (from - start) * this.units);
    }
    return out;
  }

  /**
   * Every layer's pre-activations and activations for rows [start, end) of refs (the dynamics
   * probe), computed here like a training step's forward pass; valid until the next call.
   */
  layerOutputs(refs: ArrayLike<number>, start: number, end: number): LayerOutputs[] {
    this.sync();
    const rows = end - start;
    // The probe is the same size every epoch: its arrays are reused rather than made anew.
    if (this.probeOut?.[0].pre.length !== rows * this.layers[0].units)
      this.probeOut = this.layers.map((l) => ({
        pre: new Float32Array(rows * l.units),
        post: new Float32Array(rows * l.units),
        units: l.units,
      }));
    const out = this.probeOut;
    const last = this.layers.length - 1;
    for (let from = start; from < end; from += this.capacity) {
      const n = Math.min(from + this.capacity, end) - from;
      const np = roundUp4(n);
      const route = this.load(refs, from, from + n);
      this.layers.forEach((layer, l) => {
        if (l === 0) this.firstLayer(route, n, false);
        else {
          const prev = this.layers[l - 1];
          const [w, b] = [this.addr('params', layer.w), this.addr('params', layer.b)];
          this.dense.forward(prev.h, np, prev.wp, prev.wp, w, layer.wp, b, 0, layer.h);
        }
        const h = this.f32(layer.h, n * layer.wp);
        const at = (from - start) * layer.units;
        unpadRows(h, out[l].pre, at, n, layer);
        if (l === last) {
          this.outputActivation(n);
          out[l].post.set(this.probs.subarray(0, n * layer.units), at);
          return;
        }
        if (layer.act === 'relu') this.k.biasAct(layer.h, n, layer.wp, this.at.zeros, 1);
        else if (layer.act === 'sigmoid' || layer.act === 'tanh') this.activate(layer, n);
        unpadRows(h, out[l].post, at, n, layer);
      });
    }
    return out;
  }
}
