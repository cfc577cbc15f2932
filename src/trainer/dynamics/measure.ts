// What one measured training step reports, whichever path computed it (serial, sparse-pixel
// kernel, replica threads): sums of squares per trainable variable, in the order of
// model.trainableWeights (kernel, bias of each Dense layer, input side first). Sums rather than
// norms so the threaded path can add its replicas' shares before taking the root.

export interface StepMeasure {
  /** Σ g² of the batch-mean gradient. */
  grad: Float64Array;
  /** Σ (W_after − W_before)² of the optimizer's update. */
  delta: Float64Array;
  /** Σ W² after the update. */
  weight: Float64Array;
}

export function newStepMeasure(variables: number): StepMeasure {
  return { grad: new Float64Array(variables), delta: new Float64Array(variables), weight: new Float64Array(variables) };
}

export function sumOfSquares(values: ArrayLike<number>, from = 0, to = values.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i] * values[i];
  return s;
}

export function sumOfSquaredDifferences(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length): number {
  let s = 0;
  for (let i = from; i < to; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return s;
}
