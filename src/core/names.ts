// Names the whole project agrees on. package.json repeats the backend list in the
// `mnistLab.backend` setting's enum (a manifest cannot import code); a unit test keeps the two equal.

/** The trainer backends a user can ask for; `auto` picks the fastest one that loads. */
export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKENDS)[number];

export function isBackendPreference(value: unknown): value is BackendPreference {
  return typeof value === 'string' && (BACKENDS as readonly string[]).includes(value);
}

/** What an experiment file is: a classifier (two or more classes) or the 2-3-1 walkthrough. */
export const EXPERIMENT_KINDS = ['binary', 'multiclass', 'backprop'] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];
/** The kinds that train a network on images, one trial per sweep cell. */
export type TrialKind = Exclude<ExperimentKind, 'backprop'>;

// The values the experiment schema's enums allow (core/schema.ts builds them into the schema).
export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'linear'] as const;
export const OUTPUT_ACTIVATIONS = ['sigmoid', 'softmax', 'linear'] as const;
export const INITIALIZER_NAMES = [
  'randomNormal',
  'randomUniform',
  'heNormal',
  'heUniform',
  'glorotNormal',
  'glorotUniform',
  'leCunNormal',
  'zeros',
] as const;
export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export const LOSSES = ['binaryCrossentropy', 'categoricalCrossentropy', 'meanSquaredError'] as const;
export const NORMALIZATIONS = ['minmax', 'divide255', 'standardize'] as const;
export const MONITORS = ['val_loss', 'val_accuracy', 'loss', 'accuracy'] as const;
export const WEIGHT_NAMES = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9'] as const;
export const BIAS_NAMES = ['b1', 'b2', 'b3', 'bOut'] as const;
export const PARAMETER_NAMES = [...WEIGHT_NAMES, ...BIAS_NAMES] as const;

/** How a sweep chooses its configurations (src/core/search-space.ts). */
export const SEARCH_STRATEGIES = ['grid', 'random'] as const;
export type SearchStrategy = (typeof SEARCH_STRATEGIES)[number];
/** What successive halving may promote by: validation quantities only, never test. */
export const HALVING_METRICS = ['val_loss', 'val_accuracy'] as const;
