// Adam with the whole
// per-variable update in one JavaScript loop instead of ~12 tfjs kernels per variable.
// On wasm each kernel call costs a few microseconds of dispatch however small the tensor,
// and the small nets of the case study have 6-8 weight tensors, so tfjs' Adam alone issues
// ~100 of the ~200 kernel calls of a training step.
import type * as tfjs from '@tensorflow/tfjs';

type Tf = typeof tfjs;

// Above this many elements the copies in and out of the heap plus a scalar JS loop cost
// more than the ~12 vectorised wasm kernels they replace (measured: 784x128 kernel slower,
// biases and the small layers faster).
export const FUSED_ADAM_MAX_ELEMENTS = 8192;

export function makeFusedAdam(tf: Tf, learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, maxFused = FUSED_ADAM_MAX_ELEMENTS): tfjs.Optimizer {
  class FusedAdam extends tf.Optimizer {
    private readonly m = new Map<string, Float32Array>();
    private readonly v = new Map<string, Float32Array>();
    private readonly mT = new Map<string, tfjs.Variable>();
    private readonly vT = new Map<string, tfjs.Variable>();
    private accBeta1 = beta1;
    private accBeta2 = beta2;

    override applyGradients(variableGradients: tfjs.NamedTensorMap | { name: string; tensor: tfjs.Tensor }[]): void {
      const pairs: [string, tfjs.Tensor][] = Array.isArray(variableGradients)
        ? variableGradients.map((g) => [g.name, g.tensor])
        : Object.entries(variableGradients);
      const c1 = 1 - this.accBeta1;
      const c2 = 1 - this.accBeta2;
      tf.tidy(() => {
        for (const [name, gradient] of pairs) {
          const variable = tf.engine().registeredVariables[name];
          if (!variable || !gradient) continue;
          if (gradient.size > maxFused) {
            this.tensorUpdate(name, variable, gradient, c1, c2);
            continue;
          }
          // dataSync copies out of the wasm heap; still far cheaper than 12 dispatches.
          const g = gradient.dataSync() as Float32Array;
          const w = variable.dataSync() as Float32Array;
          let m = this.m.get(name);
          let v = this.v.get(name);
          if (!m || !v) {
            m = new Float32Array(g.length);
            v = new Float32Array(g.length);
            this.m.set(name, m);
            this.v.set(name, v);
          }
          const out = new Float32Array(g.length);
          for (let i = 0; i < g.length; i++) {
            const gi = g[i]!;
            const mi = beta1 * m[i]! + (1 - beta1) * gi;
            const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            out[i] = w[i]! - (learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
          }
          variable.assign(tf.tensor(out, variable.shape, 'float32'));
        }
      });
      this.accBeta1 *= beta1;
      this.accBeta2 *= beta2;
      this.incrementIterations();
    }

    /** tfjs' own AdamOptimizer arithmetic, for the large variables. */
    private tensorUpdate(name: string, variable: tfjs.Variable, g: tfjs.Tensor, c1: number, c2: number): void {
      let m = this.mT.get(name);
      let v = this.vT.get(name);
      if (!m || !v) {
        m = tf.variable(tf.zerosLike(variable), false);
        v = tf.variable(tf.zerosLike(variable), false);
        this.mT.set(name, m);
        this.vT.set(name, v);
      }
      const newM = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
      const newV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
      m.assign(newM);
      v.assign(newV);
      const step = tf.div(tf.div(newM, c1), tf.add(tf.sqrt(tf.div(newV, c2)), epsilon));
      variable.assign(tf.add(tf.mul(step, -learningRate), variable));
    }

    override dispose(): void {
      tf.dispose([...this.mT.values(), ...this.vT.values()]);
      super.dispose();
    }

    override getConfig(): tfjs.serialization.ConfigDict {
      return { learningRate, beta1, beta2, epsilon };
    }

    static get className(): string {
      return 'MnistLabFusedAdam';
    }
  }
  return new FusedAdam();
}
