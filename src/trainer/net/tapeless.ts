// The loss and gradients of a Dense MLP computed layer by layer, without tfjs' gradient tape.
// tf.variableGrads over model.apply issued ~100 kernel calls per step for the study's
// 784-128-64-32-10 net (the loss alone ~25: clip, log, mul, sum, mean and their gradients; the
// softmax's backward; the tape's own adds), and on wasm each call costs a fixed dispatch plus
// the tape's bookkeeping. Here each layer is one fused matmul + bias + activation forward and
// four to six kernels backward; the loss and the output layer's gradient are computed in JS from
// the predictions the step reads back anyway (for hits).
// A unit test holds every gradient to tf.variableGrads' within 1e-5.
import * as tf from '@tensorflow/tfjs';
import type { ResolvedTrial } from '../../core/experiment';
import type { DenseInputKernel } from '../kernels/dense-input';
import type { SparseInputKernel } from '../kernels/sparse-input';
import { activate, PLAIN_ACTIVATIONS, type PlainActivation } from './activation';
import { sampleLoss } from './model';

const EPSILON = 1e-7;

/** Whether every layer's activation has a hand-written gradient here; others keep the tape. */
export function tapelessFits(trial: ResolvedTrial): boolean {
  return trial.model.hidden.length > 0 && trial.model.hidden.every((l) => PLAIN_ACTIVATIONS.has(l.activation));
}

export interface TapelessResult {
  loss: number;
  hits: number;
  /** Predicted probabilities, rows × output units. */
  probs: Float32Array;
  /** Per variable, in the order given: kernel₁, bias₁, kernel₂, … */
  grads: tf.Tensor[];
}

/**
 * The first layer's input: a dense batch tensor, the batch indexed in the sparse kernel, or the
 * batch loaded (scaled, offset included) into the dense kernel.
 */
export type FirstInput =
  { dense: tf.Tensor2D } | { sparse: SparseInputKernel; offset: number } | { denseKernel: DenseInputKernel };

function fusedActivation(name: PlainActivation): 'relu' | 'sigmoid' | 'linear' | null {
  return name === 'tanh' ? null : name;
}

/** dL/dz from dL/dh for h = act(z), written in terms of h as tfjs' own gradients are. */
function activationGrad(name: PlainActivation, dh: tf.Tensor, h: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'relu':
      return tf.mul(dh, tf.step(h));
    case 'sigmoid':
      return tf.mul(dh, tf.mul(h, tf.sub(1, h)));
    case 'tanh':
      return tf.mul(tf.sub(1, tf.square(h)), dh);
    case 'linear':
      return dh;
  }
}

/**
 * dL/dz of the output layer for the mean loss over the batch, from its predictions: the loss's
 * gradient through the clip to [ε, 1 − ε] (zero outside it, as tf.clipByValue's), then through
 * the output activation.
 */
export function outputGradient(
  loss: ResolvedTrial['training']['loss'],
  activation: ResolvedTrial['model']['outputActivation'],
  probs: Float32Array,
  classes: ArrayLike<number>,
  start: number,
  rows: number,
  units: number,
): Float32Array {
  const dz = new Float32Array(rows * units);
  const dp = new Float64Array(units);
  const inClip = (p: number) => p >= EPSILON && p <= 1 - EPSILON;
  for (let i = 0; i < rows; i++) {
    const base = i * units;
    const cls = classes[start + i];
    for (let j = 0; j < units; j++) {
      const p = probs[base + j];
      const y = units === 1 ? cls : j === cls ? 1 : 0;
      const c = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
      switch (loss) {
        case 'categoricalCrossentropy':
          dp[j] = y && inClip(p) ? -y / (c * rows) : 0;
          break;
        case 'binaryCrossentropy':
          dp[j] = inClip(p) ? -(y / c - (1 - y) / (1 - c)) / (rows * units) : 0;
          break;
        case 'meanSquaredError':
          dp[j] = (2 * (p - y)) / (rows * units);
          break;
      }
    }
    switch (activation) {
      case 'softmax': {
        let dot = 0;
        for (let j = 0; j < units; j++) dot += dp[j] * probs[base + j];
        for (let j = 0; j < units; j++) dz[base + j] = probs[base + j] * (dp[j] - dot);
        break;
      }
      case 'sigmoid':
        for (let j = 0; j < units; j++) dz[base + j] = dp[j] * probs[base + j] * (1 - probs[base + j]);
        break;
      case 'linear':
        for (let j = 0; j < units; j++) dz[base + j] = dp[j];
        break;
    }
  }
  return dz;
}

/** Column sums of a rows × width array. */
function columnSums(a: Float32Array, rows: number, width: number): Float32Array {
  const out = new Float64Array(width);
  for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) out[j] += a[i * width + j];
  return Float32Array.from(out);
}

/**
 * One batch's mean loss, hits and gradients. `variables` are the model's kernel and bias of
 * each layer in order; `predictedClass` counts hits as the rest of the trainer does.
 */
export function tapelessGradients(
  trial: ResolvedTrial,
  variables: readonly tf.Variable[],
  input: FirstInput,
  classes: ArrayLike<number>,
  start: number,
  end: number,
  countHits: (probs: Float32Array, rows: number) => number,
): TapelessResult {
  const rows = end - start;
  const acts: PlainActivation[] = trial.model.hidden.map((l) => l.activation as PlainActivation);
  const layers = variables.length / 2;
  const units = trial.model.outputUnits;
  const { loss: lossName, outputActivation } = { ...trial.training, ...trial.model };
  let lossSum = 0;
  let hits = 0;
  let probs: Float32Array = new Float32Array(0);
  // Only the gradients leave the tidy; every intermediate tensor is released with it.
  const grads = tf.tidy(() => {
    // Forward. hs[l] is layer l's output (after its activation); hs[-1] is the input.
    const hs: tf.Tensor2D[] = [];
    let sparseFirst = false;
    const kernelOf = (l: number) => variables[2 * l] as unknown as tf.Tensor2D;
    const biasOf = (l: number) => variables[2 * l + 1] as unknown as tf.Tensor1D;
    for (let l = 0; l < layers; l++) {
      const isOutput = l === layers - 1;
      const act = isOutput ? null : acts[l];
      if (l === 0 && 'sparse' in input && act) {
        const w = kernelOf(0);
        const width = w.shape[1];
        const weights = w.dataSync() as Float32Array;
        const z = input.sparse.forward(weights);
        if (input.offset !== 0) {
          const shift = columnSums(weights, w.shape[0], width);
          for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) z[i * width + j] += input.offset * shift[j];
        }
        // Bias and activation as tfjs kernels: at batch 1000 they beat JS loops over 128k values.
        hs.push(activate(act, tf.add(tf.tensor2d(z, [rows, width]), biasOf(0))) as tf.Tensor2D);
        sparseFirst = true;
        continue;
      }
      if (l === 0 && 'denseKernel' in input && act) {
        const w = kernelOf(0);
        const width = w.shape[1];
        // ReLU is fused into the kernel; the other activations are one tfjs kernel each.
        const z = input.denseKernel.forward(
          w.dataSync() as Float32Array,
          biasOf(0).dataSync() as Float32Array,
          act === 'relu',
        );
        const zt = tf.tensor2d(z, [rows, width]);
        hs.push((act === 'relu' ? zt : activate(act, zt)) as tf.Tensor2D);
        continue;
      }
      const x = l === 0 ? (input as { dense: tf.Tensor2D }).dense : hs[l - 1];
      const fused = act ? fusedActivation(act) : outputActivation === 'linear' ? 'linear' : null;
      let h = tf.fused.matMul({
        a: x,
        b: kernelOf(l),
        bias: biasOf(l),
        ...(fused ? { activation: fused } : {}),
      }) as tf.Tensor2D;
      if (act === 'tanh') h = tf.tanh(h);
      else if (isOutput && outputActivation === 'softmax') h = tf.softmax(h);
      else if (isOutput && outputActivation === 'sigmoid') h = tf.sigmoid(h);
      hs.push(h);
    }
    probs = hs[layers - 1].dataSync() as Float32Array;
    for (let i = 0; i < rows; i++) lossSum += sampleLoss(lossName, probs, i * units, units, classes[start + i]);
    hits = countHits(probs, rows);

    // Backward.
    const grads: tf.Tensor[] = new Array<tf.Tensor>(variables.length);
    let reluInKernel = false;
    let dz: tf.Tensor2D = tf.tensor2d(outputGradient(lossName, outputActivation, probs, classes, start, rows, units), [
      rows,
      units,
    ]);
    for (let l = layers - 1; l >= 0; l--) {
      if (l === 0 && sparseFirst && 'sparse' in input) {
        const width = kernelOf(0).shape[1];
        const dzFirst = dz.dataSync() as Float32Array;
        grads[1] = tf.sum(dz, 0);
        const dw = input.sparse.backward(dzFirst);
        if (input.offset !== 0) {
          const db = grads[1].dataSync();
          for (let r = 0; r < dw.length; r += width) for (let j = 0; j < width; j++) dw[r + j] += input.offset * db[j];
        }
        grads[0] = tf.tensor2d(dw, kernelOf(0).shape);
        break;
      }
      if (l === 0 && 'denseKernel' in input) {
        const { dw, db } = input.denseKernel.backward(dz.dataSync() as Float32Array, reluInKernel);
        grads[0] = tf.tensor2d(dw, kernelOf(0).shape);
        grads[1] = tf.tensor1d(db);
        break;
      }
      const x = l === 0 ? (input as { dense: tf.Tensor2D }).dense : hs[l - 1];
      grads[2 * l] = tf.matMul(x, dz, true, false);
      grads[2 * l + 1] = tf.sum(dz, 0);
      if (l === 0) break;
      const dh = tf.matMul(dz, kernelOf(l), false, true) as tf.Tensor2D;
      // The dense kernel masks the first layer's dL/dh by its own ReLU output.
      reluInKernel = l === 1 && 'denseKernel' in input && acts[0] === 'relu';
      dz = reluInKernel ? dh : (activationGrad(acts[l - 1], dh, hs[l - 1]) as tf.Tensor2D);
    }
    return grads;
  });
  return { loss: lossSum / rows, hits, probs, grads };
}
