// The value each optional experiment setting takes when the file leaves it out. The JSON Schema
// shows these defaults in IntelliSense, resolve.ts applies them and semantic.ts checks with them,
// so all three read them from here.

/** Every MNIST digit, in label order: the classes when `data.classes` is left out. */
export const ALL_DIGITS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export const DATA_DEFAULTS = {
  normalization: 'divide255',
  split: 'official',
  testFraction: 0.2,
  validationFraction: 0.2,
  stratify: true,
} as const;

export const MODEL_DEFAULTS = {
  activation: 'relu',
  initializer: 'glorotUniform',
} as const;

/** Keras's defaults for the two parameterised initializers. */
export const RANDOM_NORMAL_DEFAULTS = { mean: 0, stddev: 0.05 } as const;
export const RANDOM_UNIFORM_DEFAULTS = { minval: -0.05, maxval: 0.05 } as const;

export const TRAINING_DEFAULTS = {
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 32,
  epochs: 10,
  seed: 42,
} as const;

export const EARLY_STOPPING_DEFAULTS = {
  monitor: 'val_loss',
  patience: 3,
  minDelta: 0,
  restoreBestWeights: true,
} as const;

/** How a sweep searches when its `search` section leaves something out (src/core/halving.ts). */
export const SEARCH_DEFAULTS = {
  strategy: 'grid',
  repeats: 1,
  halving: { minEpochs: 1, eta: 3, metric: 'val_loss', asynchronous: true },
} as const;

/** What "Run quick" (CLI `--quick`) shrinks an experiment to unless its `quick` section says otherwise. */
export const QUICK_DEFAULTS = { train: 3000, test: 1000, epochs: 2 } as const;

/** What is recorded of the training dynamics (src/core/dynamics.ts) when `dynamics` leaves it out. */
export const DYNAMICS_DEFAULTS = {
  /** Validation images in the fixed, seeded probe batch the activations are measured on. */
  probeSize: 512,
  /** 0: gradient norms per epoch only; n: also a sample every n batches. */
  everyBatches: 0,
} as const;

export const EVALUATION_DEFAULTS = { samples: 9 } as const;

/**
 * Test images a run keeps of every confusion-matrix cell, besides its random samples: enough to
 * see what a cell's mistakes look like, few enough that run.json stays small.
 */
export const CELL_EXAMPLES = 6;

export const BACKPROP_DEFAULTS = {
  learningRate: 0.1,
  steps: 1,
  hiddenActivation: 'relu',
  outputActivation: 'sigmoid',
  loss: 'mse',
  update: 'all',
  bias: 0,
} as const;
