// The glue kernels of the whole-step engine (mlp.wat): the bias and ReLU after the sparse first
// layer, and the transpose that lets dz·Wᵀ run on dense-input.wat's forward product.
import { WASM_BASE64, WASM_SHARED_BASE64 } from './mlp.wasm';
import { kernelModule } from './wasm-memory';

export const mlpModule = kernelModule(WASM_BASE64, WASM_SHARED_BASE64);

export interface MlpExports {
  biasAct(z: number, n: number, width: number, bias: number, relu: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  gatherRows(src: number, refs: number, n: number, k: number, dst: number): void;
}
