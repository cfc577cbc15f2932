// Adam with each variable's whole update in one WebAssembly SIMD pass (kernels/adam.wat)
// instead of ~12 tfjs kernels per variable. On wasm each kernel call costs a few microseconds
// of dispatch however small the tensor, and every one of tfjs' element-wise kernels is a pass
// over the tensor: for the small nets of the case study tfjs' Adam issued ~100 of the ~200
// kernel calls of a training step, and ~0.4 ms of a 2.3 ms batch-128 step went to the
// 784×128 weights alone (bench/README.md).
import type * as tfjs from '@tensorflow/tfjs';
import { WasmAdam } from './kernels/adam';

type Tf = typeof tfjs;

export function makeFusedAdam(
  tf: Tf,
  learningRate: number,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-7,
): tfjs.Optimizer {
  class FusedAdam extends tf.Optimizer {
    private readonly kernel = new WasmAdam(beta1, beta2, epsilon);
    private accBeta1 = beta1;
    private accBeta2 = beta2;

    override applyGradients(variableGradients: tfjs.NamedTensorMap | { name: string; tensor: tfjs.Tensor }[]): void {
      const pairs: [string, tfjs.Tensor][] = Array.isArray(variableGradients)
        ? variableGradients.map((g) => [g.name, g.tensor])
        : Object.entries(variableGradients);
      const stepSize = learningRate / (1 - this.accBeta1);
      const invC2 = 1 / (1 - this.accBeta2);
      for (const [name, gradient] of pairs) {
        const variable = tf.engine().registeredVariables[name];
        if (!variable || !gradient) continue;
        // dataSync copies out of the wasm heap and tf.tensor back in: far cheaper than 12 dispatches.
        const weights = this.kernel.step(
          name,
          variable.dataSync() as Float32Array,
          gradient.dataSync() as Float32Array,
          stepSize,
          invC2,
        );
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
