// Adam with each variable's whole update in one WebAssembly SIMD pass (kernels/adam.wat)
// instead of ~12 tfjs kernels per variable. On wasm each kernel call costs a few microseconds
// of dispatch however small the tensor, and every one of tfjs' element-wise kernels is a pass
// over the tensor: for the small nets of the case study tfjs' Adam issued ~100 of the ~200
// kernel calls of a training step, and ~0.4 ms of a 2.3 ms batch-128 step went to the
// 784×128 weights alone (bench/README.md).
import type * as tfjs from '@tensorflow/tfjs';
import { WasmAdam, type UpdateSums } from './kernels/adam';

type Tf = typeof tfjs;

/** Sees one variable's update: Σ g², Σ (W_after − W_before)² and Σ W_after². */
export type UpdateObserver = (name: string, sums: UpdateSums) => void;

/**
 * An optimizer that has each variable's weights and gradient in its own memory during the
 * update, and so can measure it for a measured step (dynamics/measure.ts) without the step
 * reading every variable back before and after.
 */
export interface ObservableOptimizer extends tfjs.Optimizer {
  applyObserved(variableGradients: tfjs.NamedTensorMap, observe: UpdateObserver): void;
}

export function isObservable(optimizer: tfjs.Optimizer): optimizer is ObservableOptimizer {
  return typeof (optimizer as Partial<ObservableOptimizer>).applyObserved === 'function';
}

export function makeFusedAdam(
  tf: Tf,
  learningRate: number,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-7,
): ObservableOptimizer {
  class FusedAdam extends tf.Optimizer implements ObservableOptimizer {
    private readonly kernel = new WasmAdam(beta1, beta2, epsilon);
    private accBeta1 = beta1;
    private accBeta2 = beta2;

    override applyGradients(variableGradients: tfjs.NamedTensorMap | { name: string; tensor: tfjs.Tensor }[]): void {
      this.apply(variableGradients, null);
    }

    applyObserved(variableGradients: tfjs.NamedTensorMap, observe: UpdateObserver): void {
      this.apply(variableGradients, observe);
    }

    private apply(
      variableGradients: tfjs.NamedTensorMap | { name: string; tensor: tfjs.Tensor }[],
      observe: UpdateObserver | null,
    ): void {
      const pairs: [string, tfjs.Tensor][] = Array.isArray(variableGradients)
        ? variableGradients.map((g) => [g.name, g.tensor])
        : Object.entries(variableGradients);
      const stepSize = learningRate / (1 - this.accBeta1);
      const invC2 = 1 / (1 - this.accBeta2);
      for (const [name, gradient] of pairs) {
        const variable = tf.engine().registeredVariables[name];
        if (!variable || !gradient) continue;
        // dataSync copies out of the wasm heap and tf.tensor back in: far cheaper than 12 dispatches.
        const sums = observe ? { grad: 0, delta: 0, weight: 0 } : undefined;
        const weights = this.kernel.step(
          name,
          variable.dataSync() as Float32Array,
          gradient.dataSync() as Float32Array,
          stepSize,
          invC2,
          sums,
        );
        if (sums) observe?.(name, sums);
        tf.tidy(() => variable.assign(tf.tensor(weights, variable.shape, 'float32')));
      }
      this.accBeta1 *= beta1;
      this.accBeta2 *= beta2;
      this.incrementIterations();
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
