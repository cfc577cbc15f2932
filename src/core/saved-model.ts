// Reads a trained model saved in the tfjs layers format (model.json + weights.bin, written by
// src/trainer/save-model.ts) without tfjs: the extension host and the webviews never load it.
// Only what MNIST Lab saves is accepted, a Sequential stack of Dense layers in float32; anything
// else is refused with the file, the JSON pointer and what was expected.
import { ACTIVATIONS, OUTPUT_ACTIVATIONS } from './names';
import type { LayerActivation } from './dynamics';

export interface DenseWeights {
  /** The layer's name in model.json ("dense_Dense1"). */
  name: string;
  inputs: number;
  units: number;
  activation: LayerActivation;
  /** inputs × units, row-major (kernel[i * units + u]), as tfjs stores it. */
  kernel: Float32Array;
  bias: Float32Array;
}

export class SavedModelError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    expected: string,
  ) {
    super(`${file}: ${pointer || '/'}: ${expected}`);
    this.name = 'SavedModelError';
  }
}

/** Weights of a 784-128-64-32-10 net are 445 kB; this bound keeps a hostile file from exhausting memory. */
export const MAX_WEIGHT_BYTES = 64 * 1024 * 1024;

const KNOWN_ACTIVATIONS: ReadonlySet<string> = new Set<string>([...ACTIVATIONS, ...OUTPUT_ACTIVATIONS]);

interface WeightSpec {
  name: string;
  shape: number[];
  offset: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isDim(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 1_000_000;
}

/**
 * The Dense layers of a saved model, input side first. `modelJson` is the parsed model.json,
 * `weights` the bytes of its one weights file; `file` names model.json in errors.
 */
export function parseSavedModel(modelJson: unknown, weights: Uint8Array, file = 'model.json'): DenseWeights[] {
  const fail = (pointer: string, expected: string): never => {
    throw new SavedModelError(file, pointer, expected);
  };
  if (!isObject(modelJson)) return fail('', 'expected a tfjs layers model (a JSON object)');
  if (modelJson.format !== undefined && modelJson.format !== 'layers-model')
    fail('/format', `expected "layers-model", got ${JSON.stringify(modelJson.format)}`);
  const topology = modelJson.modelTopology;
  if (!isObject(topology)) return fail('/modelTopology', 'expected an object');
  // tfjs writes either the model itself or {model_config: …} (from Keras).
  const model = isObject(topology.model_config) ? topology.model_config : topology;
  const base = isObject(topology.model_config) ? '/modelTopology/model_config' : '/modelTopology';
  if (model.class_name !== 'Sequential')
    fail(`${base}/class_name`, `expected "Sequential", got ${JSON.stringify(model.class_name)}`);
  const config = model.config;
  const layersRaw = isObject(config) ? config.layers : Array.isArray(config) ? config : undefined;
  if (!Array.isArray(layersRaw) || layersRaw.length === 0)
    return fail(`${base}/config/layers`, 'expected a non-empty array of layers');

  const manifest = modelJson.weightsManifest;
  if (
    !Array.isArray(manifest) ||
    manifest.length !== 1 ||
    !isObject(manifest[0]) ||
    !Array.isArray(manifest[0].weights)
  )
    return fail('/weightsManifest', 'expected one weights group with a "weights" array');
  const specs = new Map<string, WeightSpec>();
  let offset = 0;
  (manifest[0].weights as unknown[]).forEach((w, i) => {
    const p = `/weightsManifest/0/weights/${i}`;
    if (!isObject(w) || typeof w.name !== 'string') return fail(p, 'expected {name, shape, dtype}');
    if (w.dtype !== 'float32') fail(`${p}/dtype`, `expected "float32", got ${JSON.stringify(w.dtype)}`);
    if (!Array.isArray(w.shape) || !w.shape.every(isDim))
      return fail(`${p}/shape`, 'expected an array of positive integers');
    const shape = w.shape as number[];
    specs.set(w.name, { name: w.name, shape, offset });
    offset += shape.reduce((a, b) => a * b, 1) * 4;
  });
  if (offset > MAX_WEIGHT_BYTES)
    fail('/weightsManifest/0/weights', `the weights add up to ${offset} bytes, more than ${MAX_WEIGHT_BYTES}`);
  if (weights.byteLength !== offset)
    fail('/weightsManifest/0/weights', `the weights need ${offset} bytes, weights.bin has ${weights.byteLength}`);
  // Copied so the Float32Arrays are aligned whatever the Buffer's offset in its pool.
  const bytes = weights.slice();
  const floats = (spec: WeightSpec) =>
    new Float32Array(
      bytes.buffer,
      bytes.byteOffset + spec.offset,
      spec.shape.reduce((a, b) => a * b, 1),
    );

  let inputs: number | null = null;
  return layersRaw.map((raw: unknown, i): DenseWeights => {
    const p = `${base}/config/layers/${i}`;
    if (!isObject(raw) || raw.class_name !== 'Dense')
      return fail(`${p}/class_name`, 'expected "Dense" (MNIST Lab saves Dense layers only)');
    const c = raw.config;
    if (!isObject(c) || typeof c.name !== 'string') return fail(`${p}/config/name`, 'expected the layer name');
    if (!isDim(c.units)) return fail(`${p}/config/units`, 'expected a positive integer');
    const activation = c.activation;
    if (typeof activation !== 'string' || !KNOWN_ACTIVATIONS.has(activation))
      return fail(
        `${p}/config/activation`,
        `expected one of ${[...KNOWN_ACTIVATIONS].join(', ')}, got ${JSON.stringify(activation)}`,
      );
    if (c.use_bias === false) fail(`${p}/config/use_bias`, 'expected a bias (MNIST Lab layers have one)');
    const kernel = specs.get(`${c.name}/kernel`);
    const bias = specs.get(`${c.name}/bias`);
    if (!kernel || !bias) return fail('/weightsManifest/0/weights', `expected "${c.name}/kernel" and "${c.name}/bias"`);
    const [rows, cols] = kernel.shape;
    if (kernel.shape.length !== 2 || cols !== c.units || (inputs !== null && rows !== inputs))
      fail(
        '/weightsManifest/0/weights',
        `expected "${c.name}/kernel" of shape [${inputs ?? 'inputs'}, ${c.units}], got [${kernel.shape.join(', ')}]`,
      );
    if (bias.shape.length !== 1 || bias.shape[0] !== c.units)
      fail(
        '/weightsManifest/0/weights',
        `expected "${c.name}/bias" of shape [${c.units}], got [${bias.shape.join(', ')}]`,
      );
    inputs = c.units;
    return {
      name: c.name,
      inputs: rows,
      units: c.units,
      activation: activation as LayerActivation,
      kernel: floats(kernel),
      bias: floats(bias),
    };
  });
}
