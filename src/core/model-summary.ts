// The model summary (Keras's model.summary()): each Dense layer with units, activation,
// initializer, output shape and parameters. Used by the CLI and the results panel, so both
// count the same way Keras does (kernel + bias per Dense layer).
import { MODEL_DEFAULTS, RANDOM_NORMAL_DEFAULTS } from './defaults';
import type { ResolvedInitializer, ResolvedModel } from './experiment';

export interface LayerSummary {
  /** "dense_1" … as Keras names them; the output layer is the last. */
  name: string;
  units: number;
  activation: string;
  initializer: string;
  /** "(None, 128)", as Keras prints it. */
  outputShape: string;
  /** inputs × units + units. */
  params: number;
}

export interface ModelSummary {
  inputs: number;
  layers: LayerSummary[];
  total: number;
}

/** The output layer's kernel initializer: the last hidden layer's, or Keras's default with no hidden layer. */
export function outputInitializer(model: Pick<ResolvedModel, 'hidden'>): ResolvedInitializer {
  return model.hidden.at(-1)?.initializer ?? { name: MODEL_DEFAULTS.initializer };
}

/** "heNormal", or "randomNormal(μ=0.1, σ=0.2)" when the parameters differ from Keras's defaults. */
export function initializerLabel(init: ResolvedInitializer): string {
  if (
    init.name === 'randomNormal' &&
    (init.stddev !== RANDOM_NORMAL_DEFAULTS.stddev || init.mean !== RANDOM_NORMAL_DEFAULTS.mean)
  )
    return `randomNormal(μ=${init.mean}, σ=${init.stddev})`;
  return init.name;
}

export function modelSummary(model: ResolvedModel, inputs = 784): ModelSummary {
  const specs = [
    ...model.hidden.map((l) => ({ units: l.units, activation: l.activation as string, initializer: l.initializer })),
    { units: model.outputUnits, activation: model.outputActivation as string, initializer: outputInitializer(model) },
  ];
  let previous = inputs;
  const layers = specs.map((s, i): LayerSummary => {
    const params = previous * s.units + s.units;
    previous = s.units;
    return {
      name: `dense_${i + 1}`,
      units: s.units,
      activation: s.activation,
      initializer: initializerLabel(s.initializer),
      outputShape: `(None, ${s.units})`,
      params,
    };
  });
  return { inputs, layers, total: layers.reduce((a, l) => a + l.params, 0) };
}

/** "784-128-64-32-10". */
export function architectureLabel(summary: ModelSummary): string {
  return [summary.inputs, ...summary.layers.map((l) => l.units)].join('-');
}
