// Loss, gradients and hits of one batch: the part of a training step shared by the one-thread
// loop (train.ts) and every replica of a data-parallel one (parallel/replica.ts).
import * as tf from '@tensorflow/tfjs';
import type { ResolvedTrial } from '../../core/experiment';
import { inputBatch, predictedClass, targetBatch } from './batches';
import type { Dataset } from '../data/dataset';
import { imageRow, type Scaling } from '../data/splits';
import { DenseInputKernel } from '../kernels/dense-input';
import { SparseInputKernel, sparseInputFits, sparseInputMatMul } from '../kernels/sparse-input';
import { lossTensor } from './model';
import { tapelessFits, tapelessGradients, type FirstInput } from './tapeless';

/**
 * Above this fraction of non-zero pixels the dense matmul is as fast as the sparse kernel
 * (bench/README.md); MNIST batches are at ~0.19, Fashion-MNIST at ~0.5.
 */
export const SPARSE_MAX_DENSITY = 0.4;
/** The kernel's index needs 16 bytes per pixel of the batch; larger batches go dense. */
export const SPARSE_MAX_PIXELS = 1 << 21;

export interface BatchGradients {
  /** Mean loss over the batch. */
  loss: number;
  hits: number;
  /** Keyed by variable name; the caller disposes them. */
  grads: tf.NamedTensorMap;
}

interface Activation {
  apply(x: tf.Tensor): tf.Tensor;
}

/** tfjs-node's matmul is multi-threaded native code; the input kernels pay off on wasm and cpu. */
export function sparseInputHelps(backend: string): boolean {
  return backend === 'wasm' || backend === 'cpu';
}

export class GradientComputer {
  private readonly variables: tf.Variable[];
  private readonly sparse: SparseInputKernel | null;
  /** The first layer on batches too dense for `sparse` (tapeless steps only). */
  private readonly dense: DenseInputKernel | null;
  private readonly firstActivation: Activation | null;
  private readonly tapeless: boolean;
  /** Batches computed on the sparse kernel, on the dense kernel and in all, for the log. */
  sparseBatches = 0;
  denseKernelBatches = 0;
  batches = 0;

  constructor(
    private readonly model: tf.Sequential,
    private readonly trial: ResolvedTrial,
    private readonly dataset: Dataset,
    private readonly scaling: Scaling,
    useSparseInput: boolean,
    /** false: tf.variableGrads over model.apply, the reference the tapeless path is tested against. */
    useTapeless = true,
    /** The first layer of dense batches on the dense-input kernel instead of tfjs' matmul. */
    useDenseInput = useSparseInput,
  ) {
    this.variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const inputs = dataset.rows * dataset.cols;
    if (this.variables[0]?.shape[0] !== inputs)
      throw new Error(`the first weight tensor has shape [${this.variables[0]?.shape}], expected [${inputs}, units]`);
    const first = model.layers[0] as unknown as { activation?: Activation; units?: number };
    const fits =
      useSparseInput && first.activation !== undefined && first.units !== undefined && sparseInputFits(first.units);
    this.sparse = fits ? new SparseInputKernel() : null;
    this.tapeless = useTapeless && tapelessFits(trial);
    this.dense = useDenseInput && this.tapeless && first.units !== undefined ? new DenseInputKernel() : null;
    this.firstActivation = first.activation ?? null;
  }

  private get firstUnits(): number {
    return (this.model.layers[0] as unknown as { units: number }).units;
  }

  /** The batch of rows [start, end) of refs (dataset references) and their classes. */
  compute(refs: ArrayLike<number>, classes: ArrayLike<number>, start: number, end: number): BatchGradients {
    const units = this.trial.model.outputUnits;
    const rows = end - start;
    this.batches++;
    if (this.tapeless) return this.computeTapeless(refs, classes, start, end);
    let pred: tf.Tensor2D | null = null;
    const y = targetBatch(classes, start, end, units);
    const sparse = this.sparseBatch(refs, start, end);
    if (sparse) this.sparseBatches++;
    const x = sparse ? null : inputBatch(this.dataset, refs, start, end, this.scaling);
    try {
      const { value, grads } = tf.variableGrads(() => {
        pred = tf.keep(sparse ? this.applySparse(rows) : (this.model.apply(x!, { training: true }) as tf.Tensor2D));
        return lossTensor(this.trial.training.loss, y, pred);
      }, this.variables);
      const loss = value.dataSync()[0];
      value.dispose();
      // Accuracy from the read-back predictions: on wasm each kernel call costs a fixed
      // dispatch, and counting hits in JS saves six of them per step.
      const probs = pred!.dataSync() as Float32Array;
      let hits = 0;
      for (let i = 0; i < rows; i++) if (predictedClass(probs, i, units).cls === classes[start + i]) hits++;
      return { loss, hits, grads };
    } finally {
      tf.dispose(x ? [x, y] : [y]);
      if (pred) tf.dispose(pred);
    }
  }

  private computeTapeless(
    refs: ArrayLike<number>,
    classes: ArrayLike<number>,
    start: number,
    end: number,
  ): BatchGradients {
    const units = this.trial.model.outputUnits;
    const kernelInput = this.kernelBatch(refs, start, end);
    if (kernelInput && 'sparse' in kernelInput) this.sparseBatches++;
    else if (kernelInput) this.denseKernelBatches++;
    const x = kernelInput ? null : inputBatch(this.dataset, refs, start, end, this.scaling);
    try {
      const out = tapelessGradients(
        this.trial,
        this.variables,
        kernelInput ?? { dense: x! },
        classes,
        start,
        end,
        (probs, rows) => {
          let hits = 0;
          for (let i = 0; i < rows; i++) if (predictedClass(probs, i, units).cls === classes[start + i]) hits++;
          return hits;
        },
      );
      const grads: tf.NamedTensorMap = {};
      this.variables.forEach((v, i) => (grads[v.name] = out.grads[i]));
      return { loss: out.loss, hits: out.hits, grads };
    } finally {
      x?.dispose();
    }
  }

  /**
   * Loads the batch into the sparse kernel when it is sparse enough, else into the dense kernel;
   * null when neither applies (the caller builds a float batch for tfjs). The pixels go into the
   * dense kernel first: its SIMD count of non-zero bytes decides, so a dense batch never pays
   * for the sparse index.
   */
  private kernelBatch(refs: ArrayLike<number>, start: number, end: number): FirstInput | null {
    if (!this.dense) {
      return this.sparseBatch(refs, start, end) ? { sparse: this.sparse!, offset: this.scaling.offset } : null;
    }
    const k = this.dataset.rows * this.dataset.cols;
    const rows = end - start;
    const pixels = this.dense.pixels(rows, k, this.firstUnits);
    for (let i = start; i < end; i++) pixels.set(imageRow(this.dataset, refs[i]), (i - start) * k);
    if (this.sparse && rows * k <= SPARSE_MAX_PIXELS && this.dense.density() <= SPARSE_MAX_DENSITY) {
      this.sparse.pixels(rows, k, this.firstUnits).set(pixels);
      this.sparse.index(this.scaling.scale);
      return { sparse: this.sparse, offset: this.scaling.offset };
    }
    this.dense.load(this.scaling.scale, this.scaling.offset);
    return { denseKernel: this.dense };
  }

  /** Loads the batch's pixels into the sparse kernel; false when it should go dense. */
  private sparseBatch(refs: ArrayLike<number>, start: number, end: number): boolean {
    if (!this.sparse) return false;
    const k = this.dataset.rows * this.dataset.cols;
    const rows = end - start;
    if (rows * k > SPARSE_MAX_PIXELS) return false;
    const pixels = this.sparse.pixels(rows, k, this.firstUnits);
    for (let i = start; i < end; i++) pixels.set(imageRow(this.dataset, refs[i]), (i - start) * k);
    return this.sparse.index(this.scaling.scale) <= SPARSE_MAX_DENSITY;
  }

  /** The model's predictions for rows [start, end) on the input kernels, or null when neither applies. */
  predict(refs: ArrayLike<number>, start: number, end: number): Float32Array | null {
    const input = this.kernelBatch(refs, start, end);
    if (!input) return null;
    if ('sparse' in input) return tf.tidy(() => this.applySparse(end - start, false).dataSync() as Float32Array);
    return tf.tidy(() => this.applyDense(end - start).dataSync() as Float32Array);
  }

  /** The model's forward pass with the first layer's matmul on the dense kernel. */
  private applyDense(rows: number): tf.Tensor2D {
    const [kernel, bias] = this.variables;
    const z = this.dense!.forward(kernel.dataSync() as Float32Array, bias.dataSync() as Float32Array, false);
    let h: tf.Tensor = this.firstActivation!.apply(tf.tensor2d(z, [rows, this.firstUnits]));
    for (const layer of this.model.layers.slice(1)) h = layer.apply(h, { training: false }) as tf.Tensor;
    return h as tf.Tensor2D;
  }

  /**
   * The first layer's pre-activations x·W + b for rows [start, end) on the sparse kernel, or
   * null when it does not apply (then the caller takes the dense matmul).
   */
  firstPreActivation(refs: ArrayLike<number>, start: number, end: number): tf.Tensor2D | null {
    if (!this.sparseBatch(refs, start, end)) return null;
    const [kernel, bias] = this.variables;
    return tf.tidy(() =>
      tf.add<tf.Tensor2D>(
        sparseInputMatMul(this.sparse!, kernel as tf.Tensor2D, end - start, this.scaling.offset),
        bias,
      ),
    );
  }

  /** The model's forward pass with the first layer's matmul on the sparse kernel. */
  private applySparse(rows: number, training = true): tf.Tensor2D {
    const [kernel, bias] = this.variables;
    const z = sparseInputMatMul(this.sparse!, kernel as tf.Tensor2D, rows, this.scaling.offset);
    let h: tf.Tensor = this.firstActivation!.apply(tf.add(z, bias));
    for (const layer of this.model.layers.slice(1)) h = layer.apply(h, { training }) as tf.Tensor;
    return h as tf.Tensor2D;
  }
}
