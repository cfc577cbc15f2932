// The optimizers of the data-parallel path, on one flat range of the parameter vector. Each
// replica thread updates its own range of every step, so the update must be plain arithmetic
// on typed arrays, identical on whichever thread runs it. The formulas are tfjs' (and Keras'
// defaults: Adam ε 1e-7, RMSprop ρ 0.9 ε 1e-7), computed in float64 and stored as float32.
import type { ResolvedTraining } from '../../core/experiment';

export interface FlatOptimizer {
  /** Updates weights[from, to) in place from gradient[from, to); call once per step. */
  step(weights: Float32Array, gradient: Float64Array, from: number, to: number): void;
}

export function makeFlatOptimizer(
  training: Pick<ResolvedTraining, 'optimizer' | 'learningRate'>,
  rangeSize: number,
): FlatOptimizer {
  const lr = training.learningRate;
  switch (training.optimizer) {
    case 'sgd':
      return {
        step(w, g, from, to) {
          for (let i = from; i < to; i++) w[i] = w[i] - lr * g[i];
        },
      };
    case 'rmsprop': {
      const rho = 0.9;
      const eps = 1e-7;
      const ms = new Float64Array(rangeSize);
      return {
        step(w, g, from, to) {
          for (let i = from, k = 0; i < to; i++, k++) {
            const gi = g[i];
            const s = rho * ms[k] + (1 - rho) * gi * gi;
            ms[k] = s;
            w[i] = w[i] - (lr * gi) / Math.sqrt(s + eps);
          }
        },
      };
    }
    case 'adam': {
      const beta1 = 0.9;
      const beta2 = 0.999;
      const eps = 1e-7;
      const m = new Float64Array(rangeSize);
      const v = new Float64Array(rangeSize);
      let accBeta1 = beta1;
      let accBeta2 = beta2;
      return {
        step(w, g, from, to) {
          // lr·(m/c1)/(√(v/c2)+ε), with the two bias corrections hoisted out of the loop.
          const stepSize = lr / (1 - accBeta1);
          const inverseC2 = 1 / (1 - accBeta2);
          for (let i = from, k = 0; i < to; i++, k++) {
            const gi = g[i];
            const mi = beta1 * m[k] + (1 - beta1) * gi;
            const vi = beta2 * v[k] + (1 - beta2) * gi * gi;
            m[k] = mi;
            v[k] = vi;
            w[i] -= (stepSize * mi) / (Math.sqrt(vi * inverseC2) + eps);
          }
          accBeta1 *= beta1;
          accBeta2 *= beta2;
        },
      };
    }
  }
}
