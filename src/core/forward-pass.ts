// The forward pass of a saved Dense net in plain TypeScript, so a webview can classify a digit
// drawn by hand without the trainer process or tfjs. Sums are accumulated in float64, which
// keeps the probabilities within 1e-5 of tfjs's float32 ones (test/integration/forward-pass).
import type { LayerActivation } from './dynamics';
import type { DenseWeights } from './saved-model';

/** How the trainer turned raw 0–255 pixels into inputs: input = pixel × scale + offset. */
export interface InputScaling {
  scale: number;
  offset: number;
}

/** divide255 is fixed; minmax and standardize depend on the training split, so runs record theirs. */
export const DIVIDE_255: InputScaling = { scale: 1 / 255, offset: 0 };

export function scaleInput(pixels: ArrayLike<number>, scaling: InputScaling): Float64Array {
  const x = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i] * scaling.scale + scaling.offset;
  return x;
}

function activate(z: Float64Array, activation: LayerActivation): Float64Array {
  const a = new Float64Array(z.length);
  switch (activation) {
    case 'relu':
      for (let i = 0; i < z.length; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return a;
    case 'sigmoid':
      for (let i = 0; i < z.length; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
      return a;
    case 'tanh':
      for (let i = 0; i < z.length; i++) a[i] = Math.tanh(z[i]);
      return a;
    case 'elu':
      for (let i = 0; i < z.length; i++) a[i] = z[i] > 0 ? z[i] : Math.expm1(z[i]);
      return a;
    case 'selu': {
      // The constants tfjs and Keras use.
      const alpha = 1.6732632423543772;
      const scale = 1.0507009873554805;
      for (let i = 0; i < z.length; i++) a[i] = scale * (z[i] > 0 ? z[i] : alpha * Math.expm1(z[i]));
      return a;
    }
    case 'softplus':
      for (let i = 0; i < z.length; i++)
        a[i] = z[i] > 0 ? z[i] + Math.log1p(Math.exp(-z[i])) : Math.log1p(Math.exp(z[i]));
      return a;
    case 'softmax': {
      let max = -Infinity;
      for (const v of z) if (v > max) max = v;
      let sum = 0;
      for (let i = 0; i < z.length; i++) sum += a[i] = Math.exp(z[i] - max);
      for (let i = 0; i < z.length; i++) a[i] /= sum;
      return a;
    }
    case 'linear':
      a.set(z);
      return a;
  }
}

export interface ForwardResult {
  /** Each layer's outputs, input side first; the last is the output layer's. */
  activations: Float64Array[];
  /** One probability per class: a single sigmoid unit p gives [1 − p, p]. */
  probabilities: number[];
}

/** Runs one input (already scaled) through the layers. */
export function forwardPass(layers: readonly DenseWeights[], input: ArrayLike<number>): ForwardResult {
  if (layers.length === 0) throw new Error('forwardPass: the model has no layers');
  if (input.length !== layers[0].inputs)
    throw new Error(`forwardPass: expected ${layers[0].inputs} inputs, got ${input.length}`);
  let x: ArrayLike<number> = input;
  const activations: Float64Array[] = [];
  for (const layer of layers) {
    const { units, kernel, bias } = layer;
    const z = new Float64Array(units);
    for (let u = 0; u < units; u++) z[u] = bias[u];
    for (let i = 0; i < layer.inputs; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const row = i * units;
      for (let u = 0; u < units; u++) z[u] += xi * kernel[row + u];
    }
    const a = activate(z, layer.activation);
    activations.push(a);
    x = a;
  }
  const out = activations[activations.length - 1];
  return { activations, probabilities: classProbabilities(out) };
}

export function classProbabilities(output: ArrayLike<number>): number[] {
  return output.length === 1 ? [1 - output[0], output[0]] : Array.from(output);
}

/**
 * The class a net predicts from its output row i (units per row), and the probability it gives
 * it: a single sigmoid unit says class 1 from 0.5 up. The trainer's metrics and the panels use
 * this one rule.
 */
export function predictedClass(
  probs: ArrayLike<number>,
  i: number,
  units: number,
): { cls: number; probability: number } {
  if (units === 1) {
    const p = probs[i];
    return p >= 0.5 ? { cls: 1, probability: p } : { cls: 0, probability: 1 - p };
  }
  let best = 0;
  for (let j = 1; j < units; j++) if (probs[i * units + j] > probs[i * units + best]) best = j;
  return { cls: best, probability: probs[i * units + best] };
}
