// Turns split references into normalised batch tensors. Pixels stay Uint8Array in the
// dataset; only the batch being used is scaled to float32, so a process holds one copy.
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import { imageRow, type Scaling, type Split } from '../data/splits';

export function inputBatch(
  dataset: Dataset,
  refs: ArrayLike<number>,
  start: number,
  end: number,
  scaling: Scaling,
): tf.Tensor2D {
  const size = dataset.rows * dataset.cols;
  const out = new Float32Array((end - start) * size);
  const { scale, offset } = scaling;
  for (let i = start; i < end; i++) {
    const row = imageRow(dataset, refs[i]);
    const base = (i - start) * size;
    for (let j = 0; j < size; j++) out[base + j] = row[j] * scale + offset;
  }
  return tf.tensor2d(out, [end - start, size]);
}

/** One sigmoid unit for two classes (class 1 is the positive one), else one-hot. */
export function targetBatch(classes: ArrayLike<number>, start: number, end: number, units: number): tf.Tensor2D {
  const n = end - start;
  if (units === 1) {
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = classes[start + i];
    return tf.tensor2d(y, [n, 1]);
  }
  const y = new Float32Array(n * units);
  for (let i = 0; i < n; i++) y[i * units + classes[start + i]] = 1;
  return tf.tensor2d(y, [n, units]);
}

/** Predictions for rows [start, end) of refs by a faster route, or null to use model.predict. */
export type FastForward = (refs: ArrayLike<number>, start: number, end: number) => Float32Array | null;

/** Predicted probabilities of a whole split, computed in large batches. */
export function predictSplit(
  model: tf.LayersModel,
  dataset: Dataset,
  split: Split,
  scaling: Scaling,
  units: number,
  fast?: FastForward,
  batch = 2048,
): Float32Array {
  const probs = new Float32Array(split.refs.length * units);
  for (let start = 0; start < split.refs.length; start += batch) {
    const end = Math.min(start + batch, split.refs.length);
    const values =
      fast?.(split.refs, start, end) ??
      tf.tidy(
        () =>
          (
            model.predict(inputBatch(dataset, split.refs, start, end, scaling), { batchSize: batch }) as tf.Tensor
          ).dataSync() as Float32Array,
      );
    probs.set(values, start * units);
  }
  return probs;
}

// The rule lives in core so the webviews' forward pass predicts the same way.
export { predictedClass } from '../../core/forward-pass';
