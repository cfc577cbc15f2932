// One replica of a data-parallel trial: a copy of the model on one thread that, every step,
// computes the gradient of its share of the batch and then, together with the other replicas
// through shared memory, sums the gradients (each replica its own range of the parameters),
// applies the optimizer to that range and loads the new weights. The main thread and every
// helper thread run this same code, so all copies of the model hold bit-identical weights.
//
// Why: tfjs disables multi-threaded wasm under Node, so one trainer process computes on one
// core. Splitting each batch over threads is the one way to put the second core to work on a
// single run (bench/README.md).
import * as tf from '@tensorflow/tfjs';
import type { ResolvedTrial } from '../../core/experiment';
import type { Dataset } from '../data/dataset';
import type { Scaling } from '../data/splits';
import { GradientComputer } from '../net/gradients';
import { buildModel } from '../net/model';
import { sumOfSquaredDifferences, sumOfSquares, type StepMeasure } from '../dynamics/measure';
import { makeFlatOptimizer, type FlatOptimizer } from './flat-optimizer';

/** Indices into the control words. */
const GO = 0; // step number posted by the main thread; END ends the trial
const ARRIVED = 1; // replicas that reached a barrier, counted up over the whole trial
const BATCH_SIZE = 2; // rows in the current batch
const ABORTED = 3; // set by a replica that failed, so the others stop waiting for it
const CONTROL_WORDS = 4;
export const END = -1;

/** Everything the replicas of one trial share; plain SharedArrayBuffers so it can be posted. */
export interface SharedStep {
  replicas: number;
  parameters: number;
  control: SharedArrayBuffer; // Int32 × CONTROL_WORDS
  gradients: SharedArrayBuffer; // Float32 × replicas × parameters
  /** Per replica: rows used, summed loss, hits. */
  stats: SharedArrayBuffer; // Float64 × replicas × 3
  weights: SharedArrayBuffer; // Float32 × parameters
  /** The current batch's dataset references and classes, written by the main thread. */
  refs: SharedArrayBuffer; // Uint32 × batchSize
  classes: SharedArrayBuffer; // Uint32 × batchSize
}

export function allocateSharedStep(replicas: number, parameters: number, batchSize: number): SharedStep {
  return {
    replicas,
    parameters,
    control: new SharedArrayBuffer(CONTROL_WORDS * 4),
    gradients: new SharedArrayBuffer(replicas * parameters * 4),
    stats: new SharedArrayBuffer(replicas * 3 * 8),
    weights: new SharedArrayBuffer(parameters * 4),
    refs: new SharedArrayBuffer(batchSize * 4),
    classes: new SharedArrayBuffer(batchSize * 4),
  };
}

/** Any thread: a replica failed; wakes every waiting replica, whose wait then throws. */
export function abortShared(shared: SharedStep): void {
  const control = new Int32Array(shared.control);
  Atomics.store(control, ABORTED, 1);
  Atomics.notify(control, GO);
  Atomics.notify(control, ARRIVED);
}

/** Rows [lo, hi) of an n-row batch that replica r computes. */
export function shardOf(n: number, replicas: number, r: number): [lo: number, hi: number] {
  return [Math.floor((r * n) / replicas), Math.floor(((r + 1) * n) / replicas)];
}

/** What a replica needs to rebuild the trial's model and batches on its own thread. */
export interface ReplicaTrial {
  trial: ResolvedTrial;
  scaling: Scaling;
  sparseInput: boolean;
  shared: SharedStep;
}

export class ReplicaAborted extends Error {
  constructor() {
    super('another replica thread failed');
  }
}

export class Replica {
  private readonly control: Int32Array;
  private readonly sharedGradients: Float32Array;
  private readonly computer: GradientComputer;
  private readonly stats: Float64Array;
  private readonly weights: Float32Array;
  private readonly refs: Uint32Array;
  private readonly classes: Uint32Array;
  private readonly model: tf.Sequential;
  private readonly variables: tf.Variable[];
  private readonly offsets: number[];
  private readonly optimizer: FlatOptimizer;
  private readonly summed: Float64Array;
  private readonly range: [from: number, to: number];
  private barriers = 0;

  constructor(
    private readonly index: number,
    private readonly setup: ReplicaTrial,
    dataset: Dataset,
  ) {
    const { shared } = setup;
    this.control = new Int32Array(shared.control);
    this.sharedGradients = new Float32Array(shared.gradients);
    this.stats = new Float64Array(shared.stats);
    this.weights = new Float32Array(shared.weights);
    this.refs = new Uint32Array(shared.refs);
    this.classes = new Uint32Array(shared.classes);
    this.model = buildModel(setup.trial, dataset.rows * dataset.cols);
    this.variables = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.offsets = [0];
    for (const v of this.variables) this.offsets.push(this.offsets.at(-1)! + v.size);
    if (this.offsets.at(-1) !== shared.parameters)
      throw new Error(
        `replica ${index}: model has ${this.offsets.at(-1)} parameters, the shared buffers ${shared.parameters}`,
      );
    this.range = shardOf(shared.parameters, shared.replicas, index);
    this.optimizer = makeFlatOptimizer(setup.trial.training, this.range[1] - this.range[0]);
    this.summed = new Float64Array(shared.parameters);
    this.computer = new GradientComputer(this.model, setup.trial, dataset, setup.scaling, setup.sparseInput);
  }

  /** Batches of this replica's shares that ran on the sparse and the dense input kernel, and in all. */
  get sparseUse(): { sparse: number; dense: number; all: number } {
    return { sparse: this.computer.sparseBatches, dense: this.computer.denseKernelBatches, all: this.computer.batches };
  }

  /** Predictions on the input kernels (see GradientComputer.predict). */
  predict(refs: ArrayLike<number>, start: number, end: number): Float32Array | null {
    return this.computer.predict(refs, start, end);
  }

  /** The first layer's x·W + b on the sparse kernel (see GradientComputer.firstPreActivation). */
  firstPreActivation(refs: ArrayLike<number>, start: number, end: number): tf.Tensor2D | null {
    return this.computer.firstPreActivation(refs, start, end);
  }

  /** The main thread's model, whose weights are the ones evaluated and saved. */
  get keras(): tf.Sequential {
    return this.model;
  }

  /** Copies this replica's current weights into the shared buffer (main thread, before step 1). */
  publishWeights(): void {
    this.variables.forEach((v, i) => this.weights.set(v.dataSync() as Float32Array, this.offsets[i]));
  }

  /** Loads the shared weights into this replica's variables. */
  loadWeights(): void {
    tf.tidy(() => {
      // slice(): the cpu backend keeps the array it is given, and the shared one keeps changing.
      this.variables.forEach((v, i) =>
        v.assign(tf.tensor(this.weights.slice(this.offsets[i], this.offsets[i + 1]), v.shape, 'float32')),
      );
    });
  }

  /** Main thread: publishes batch rows [start, end) and starts step `step` (≥ 1) everywhere. */
  post(step: number, refs: Uint32Array, classes: Uint32Array, start: number, end: number): void {
    this.refs.set(refs.subarray(start, end));
    this.classes.set(classes.subarray(start, end));
    Atomics.store(this.control, BATCH_SIZE, end - start);
    Atomics.store(this.control, GO, step);
    Atomics.notify(this.control, GO);
  }

  /** Main thread: tells the helpers this trial is over. */
  end(): void {
    Atomics.store(this.control, GO, END);
    Atomics.notify(this.control, GO);
  }

  abort(): void {
    abortShared(this.setup.shared);
  }

  private checkAborted(): void {
    if (Atomics.load(this.control, ABORTED) !== 0) throw new ReplicaAborted();
  }

  /** Helper thread: waits for the step after `previous`; returns it, or END. */
  awaitStep(previous: number): number {
    for (;;) {
      this.checkAborted();
      const go = Atomics.load(this.control, GO);
      if (go !== previous) return go;
      Atomics.wait(this.control, GO, previous);
    }
  }

  /** One training step on this replica; returns the whole batch's [mean loss, hits]. */
  step(): [loss: number, hits: number] {
    const { replicas, parameters } = this.setup.shared;
    const n = Atomics.load(this.control, BATCH_SIZE);
    const [lo, hi] = shardOf(n, replicas, this.index);
    const slot = this.index * parameters;
    if (hi > lo) {
      const [loss, hits] = this.gradientOf(lo, hi, slot);
      this.stats.set([hi - lo, loss * (hi - lo), hits], this.index * 3);
    } else {
      this.stats.set([0, 0, 0], this.index * 3);
    }
    this.barrier();

    // Sum the shares, weighted by their rows, in replica order: every replica gets the same bits.
    const [from, to] = this.range;
    const summed = this.summed;
    const gradients = this.sharedGradients;
    summed.fill(0, from, to);
    for (let r = 0; r < replicas; r++) {
      const rows = this.stats[r * 3];
      if (rows === 0) continue;
      const weight = rows / n;
      const share = gradients.subarray(r * parameters + from, r * parameters + to);
      for (let i = from, k = 0; i < to; i++, k++) summed[i] += weight * share[k];
    }
    this.optimizer.step(this.weights, summed, from, to);
    this.barrier();
    this.loadWeights();

    let lossSum = 0;
    let hits = 0;
    for (let r = 0; r < replicas; r++) {
      lossSum += this.stats[r * 3 + 1];
      hits += this.stats[r * 3 + 2];
    }
    return [lossSum / n, hits];
  }

  /** Main thread, before a step: a copy of the shared weights. */
  weightsSnapshot(): Float32Array {
    return this.weights.slice();
  }

  /**
   * Main thread, right after step() and before the next post (the helpers wait for it, so the
   * shares are still in place): the whole batch's gradient, update and weight sums of squares.
   */
  measureStep(before: Float32Array, out: StepMeasure): void {
    const { replicas, parameters } = this.setup.shared;
    const n = Atomics.load(this.control, BATCH_SIZE);
    const weights = new Float64Array(replicas);
    for (let r = 0; r < replicas; r++) weights[r] = this.stats[r * 3] / n;
    for (let v = 0; v < this.variables.length; v++) {
      const from = this.offsets[v];
      const to = this.offsets[v + 1];
      let g2 = 0;
      for (let i = from; i < to; i++) {
        let g = 0;
        for (let r = 0; r < replicas; r++)
          if (weights[r] !== 0) g += weights[r] * this.sharedGradients[r * parameters + i];
        g2 += g * g;
      }
      out.grad[v] = g2;
      out.delta[v] = sumOfSquaredDifferences(this.weights, before, from, to);
      out.weight[v] = sumOfSquares(this.weights, from, to);
    }
  }

  private gradientOf(lo: number, hi: number, slot: number): [loss: number, hits: number] {
    const { loss, hits, grads } = this.computer.compute(this.refs, this.classes, lo, hi);
    this.variables.forEach((v, i) =>
      this.sharedGradients.set(grads[v.name].dataSync() as Float32Array, slot + this.offsets[i]),
    );
    tf.dispose(Object.values(grads));
    return [loss, hits];
  }

  /** Waits until every replica has reached the same barrier. */
  private barrier(): void {
    const target = ++this.barriers * this.setup.shared.replicas;
    if (Atomics.add(this.control, ARRIVED, 1) + 1 >= target) {
      Atomics.notify(this.control, ARRIVED);
      return;
    }
    for (;;) {
      this.checkAborted();
      const arrived = Atomics.load(this.control, ARRIVED);
      if (arrived >= target) return;
      Atomics.wait(this.control, ARRIVED, arrived);
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}
