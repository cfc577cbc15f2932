// The training step of one trial, whichever way it is computed. makeStep picks the
// acceleration paths once per trial (the sparse-pixel kernel for the first layer, the fused
// WebAssembly Adam, replica threads for large batches) so the epoch loop in train.ts only
// calls step() and never asks which path runs.
import * as tf from '@tensorflow/tfjs';
import type { ResolvedTrial } from '../core/experiment';
import type { FastForward } from './net/batches';
import type { FirstPreActivation, ProbeForward } from './dynamics/recorder';
import type { Dataset } from './data/dataset';
import type { Scaling } from './data/splits';
import { isObservable, makeFusedAdam } from './fused-adam';
import { GradientComputer, sparseInputHelps } from './net/gradients';
import { buildModel } from './net/model';
import { WasmMlp, wholeStepFits } from './wasm-mlp';
import { sumOfSquaredDifferences, sumOfSquares, type StepMeasure } from './dynamics/measure';
import { MIN_PARALLEL_BATCH, ReplicaFailure, type ParallelTrial, type ReplicaPool } from './parallel/pool';

export interface StepResult {
  /** Mean loss over the batch. */
  loss: number;
  /** Samples of the batch classified correctly. */
  hits: number;
}

export interface TrainingStep {
  /** The model that is evaluated, early-stopped and saved (on threads: the main thread's copy). */
  readonly model: tf.Sequential;
  /** Threads each batch is split over (1 on the serial path). */
  readonly threads: number;
  /**
   * Trains on rows [start, end) of refs (dataset references) and their classes. With
   * `measure`, also fills it with the step's gradient, update and weight sums of squares.
   */
  step(refs: Uint32Array, classes: Uint32Array, start: number, end: number, measure?: StepMeasure): StepResult;
  /** Validation and test predictions by the same route as training, or null for model.predict. */
  readonly predict: FastForward;
  /** The first layer's x·W + b by the same route as training, or null for the dense matmul. */
  readonly firstPreActivation: FirstPreActivation;
  /** The dynamics probe's whole forward pass by the same route as training, or null for tfjs. */
  readonly probeForward: ProbeForward;
  /**
   * Brings the model's variables up to date after an epoch's steps (the whole-step engine keeps
   * its own weights during the epoch); a no-op where the step trains the model's variables.
   */
  settle(): void;
  /** One line for the log on how the step ran, or null when there is nothing to say. */
  summary(): string | null;
  /**
   * Releases the model, the optimizer and any threads. `failure` is what ended training, if
   * anything: a helper thread's own error replaces a ReplicaFailure; otherwise the first error
   * wins. Resolves to the tensors each helper thread still held (empty on one thread).
   */
  finish(failure: unknown): Promise<number[]>;
}

export interface StepOptions {
  /** Replica threads for data-parallel steps; used when the batch is large enough to gain from them. */
  pool?: ReplicaPool | null;
  /** The first layer's matmul on the sparse-pixel kernel (default: on the wasm and cpu backends). */
  sparseInput?: boolean;
  /** false: gradients by tf.variableGrads instead of net/tapeless.ts (for the bench's comparison). */
  tapeless?: boolean;
  /**
   * The first layer of batches too dense for the sparse kernel on the dense-input kernel
   * (default: as sparseInput; false: tfjs' matmul, for the bench's comparison). Replica threads
   * follow sparseInput.
   */
  denseInput?: boolean;
  /**
   * false: the tapeless tfjs step even where the whole step could run in WebAssembly
   * (src/trainer/wasm-mlp.ts), for the bench's comparison. Off as well when tapeless is false
   * or denseInput is set to false.
   */
  wholeStep?: boolean;
  log?(message: string): void;
}

export async function makeStep(
  dataset: Dataset,
  trial: ResolvedTrial,
  scaling: Scaling,
  options: StepOptions = {},
): Promise<TrainingStep> {
  const { pool = null, sparseInput = sparseInputHelps(tf.getBackend()), tapeless = true, log } = options;
  const { denseInput = sparseInput, wholeStep = true } = options;
  const { batchSize } = trial.training;
  const threads = pool && batchSize >= MIN_PARALLEL_BATCH ? pool.size : 1;
  // The engine has its own dense kernel: sparseInput: false alone sends every batch there.
  if (wholeStep && tapeless && options.denseInput !== false && wholeStepFits(trial, tf.getBackend())) {
    // The engine's own product threads take the place of the pool's replicas for this trial.
    if (threads > 1) log?.(`the first layer's products split over ${threads} threads`);
    return await engineStep(dataset, trial, scaling, sparseInput, threads);
  }
  if (threads > 1 && pool) {
    const parallel = await pool.beginTrial(dataset, trial, scaling, sparseInput);
    log?.(`data-parallel: each batch of ${batchSize} split over ${parallel.replicas} threads`);
    return threadedStep(parallel, sparseInput);
  }
  return serialStep(dataset, trial, scaling, sparseInput, tapeless, denseInput);
}

async function engineStep(
  dataset: Dataset,
  trial: ResolvedTrial,
  scaling: Scaling,
  sparseInput: boolean,
  threads: number,
): Promise<TrainingStep> {
  const model = buildModel(trial, dataset.rows * dataset.cols);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const engine = new WasmMlp(trial, variables, dataset, scaling, sparseInput, threads);
  try {
    await engine.ready();
  } catch (e) {
    model.dispose();
    throw e;
  }
  return {
    model,
    threads: engine.threads,
    step: (refs, classes, start, end, measure) => engine.step(refs, classes, start, end, measure),
    settle: () => engine.settle(),
    predict: (refs, start, end) => engine.predict(refs, start, end),
    firstPreActivation: () => null,
    probeForward: (refs, start, end) => engine.layerOutputs(refs, start, end),
    summary: () =>
      `whole step in WebAssembly; ${inputSummary(engine.sparseBatches, engine.denseBatches, engine.batches)}`,
    finish() {
      engine.dispose();
      model.dispose();
      return Promise.resolve([]);
    },
  };
}

function serialStep(
  dataset: Dataset,
  trial: ResolvedTrial,
  scaling: Scaling,
  sparseInput: boolean,
  tapeless: boolean,
  denseInput: boolean,
): TrainingStep {
  const model = buildModel(trial, dataset.rows * dataset.cols);
  const optimizer = makeOptimizer(trial);
  const gradients = new GradientComputer(model, trial, dataset, scaling, sparseInput, tapeless, denseInput);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    model,
    threads: 1,
    step(refs, classes, start, end, measure) {
      const { loss, hits, grads } = gradients.compute(refs, classes, start, end);
      if (measure) applyMeasured(optimizer, grads, variables, measure);
      else optimizer.applyGradients(grads);
      tf.dispose(Object.values(grads));
      return { loss, hits };
    },
    settle() {},
    predict: (refs, start, end) => gradients.predict(refs, start, end),
    firstPreActivation: (refs, start, end) => gradients.firstPreActivation(refs, start, end),
    probeForward: () => null,
    summary: () =>
      sparseInput || denseInput
        ? inputSummary(gradients.sparseBatches, gradients.denseKernelBatches, gradients.batches)
        : null,
    finish() {
      optimizer.dispose();
      model.dispose();
      return Promise.resolve([]);
    },
  };
}

/**
 * Applies the update and fills `measure`. The fused Adam measures the update in its own
 * memory, where the weights and gradient are anyway; with other optimizers every gradient and
 * variable is read back before and after the update, which on the large-batch nets cost more
 * than recording's whole budget (bench/README.md, "What recording the training dynamics costs").
 */
function applyMeasured(
  optimizer: tf.Optimizer,
  grads: tf.NamedTensorMap,
  variables: readonly tf.Variable[],
  measure: StepMeasure,
): void {
  if (isObservable(optimizer)) {
    const index = new Map(variables.map((v, i) => [v.name, i]));
    const seen = new Set<number>();
    optimizer.applyObserved(grads, (name, sums) => {
      const i = index.get(name);
      if (i === undefined) return;
      seen.add(i);
      measure.grad[i] = sums.grad;
      measure.delta[i] = sums.delta;
      measure.weight[i] = sums.weight;
    });
    if (seen.size !== variables.length)
      throw new Error(`the optimizer updated ${seen.size} of ${variables.length} variables of a measured step`);
    return;
  }
  // slice(): on the cpu backend dataSync hands out the variable's own array, which the update replaces.
  const before = variables.map((v) => (v.dataSync() as Float32Array).slice());
  variables.forEach((v, i) => (measure.grad[i] = sumOfSquares(grads[v.name].dataSync() as Float32Array)));
  optimizer.applyGradients(grads);
  variables.forEach((v, i) => {
    const after = v.dataSync() as Float32Array;
    measure.delta[i] = sumOfSquaredDifferences(after, before[i]);
    measure.weight[i] = sumOfSquares(after);
  });
}

function threadedStep(parallel: ParallelTrial, sparseInput: boolean): TrainingStep {
  return {
    model: parallel.model,
    threads: parallel.replicas,
    step(refs, classes, start, end, measure) {
      const [loss, hits] = parallel.step(refs, classes, start, end, measure);
      return { loss, hits };
    },
    settle() {},
    predict: (refs, start, end) => parallel.predict(refs, start, end),
    firstPreActivation: (refs, start, end) => parallel.firstPreActivation(refs, start, end),
    probeForward: () => null,
    summary() {
      if (!sparseInput) return null;
      const use = parallel.sparseUse;
      return inputSummary(use.sparse, use.dense, use.all);
    },
    async finish(failure) {
      try {
        return await parallel.finish();
      } catch (e) {
        if (failure === null || failure instanceof ReplicaFailure) throw e;
        return [];
      }
    },
  };
}

function inputSummary(sparse: number, dense: number, all: number): string {
  const parts = [`on the sparse-pixel kernel in ${sparse} of ${all} batches`];
  if (dense > 0) parts.push(`on the dense-input kernel in ${dense}`);
  const rest = all - sparse - dense;
  const why = rest > 0 ? ` (tfjs' matmul in ${rest})` : '';
  return `first layer ${parts.join(', ')}${why}`;
}

/** The one-thread optimizer; replica threads use the flat optimizers of parallel/flat-optimizer.ts. */
function makeOptimizer(trial: ResolvedTrial): tf.Optimizer {
  const { optimizer, learningRate } = trial.training;
  // Keras defaults (epsilon 1e-7, rho 0.9) so results compare with the study's stack.
  switch (optimizer) {
    case 'adam':
      // On wasm every kernel call has a fixed dispatch cost, and tfjs' Adam spends ~12 of
      // them per variable; the fused update is the same arithmetic in one loop (bench/README.md).
      return tf.getBackend() === 'wasm'
        ? makeFusedAdam(tf, learningRate, 0.9, 0.999, 1e-7)
        : tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9, 0, 1e-7);
  }
}
