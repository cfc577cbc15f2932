// The single source of the experiment format: TypeScript types are derived from these TypeBox
// schemas (Static<>), and schemas/mnistexp.schema.json is generated from them
// (`npm run schema`; a unit test fails when the committed file drifts).
import { Type, type Static } from '@sinclair/typebox';
import {
  BACKPROP_DEFAULTS,
  DATA_DEFAULTS,
  DYNAMICS_DEFAULTS,
  EARLY_STOPPING_DEFAULTS,
  EVALUATION_DEFAULTS,
  QUICK_DEFAULTS,
  RANDOM_NORMAL_DEFAULTS,
  RANDOM_UNIFORM_DEFAULTS,
  SEARCH_DEFAULTS,
  TRAINING_DEFAULTS,
} from './defaults';
import {
  ACTIVATIONS,
  EXPERIMENT_KINDS,
  INITIALIZER_NAMES,
  LOSSES,
  MONITORS,
  NORMALIZATIONS,
  OPTIMIZERS,
  OUTPUT_ACTIVATIONS,
  PARAMETER_NAMES,
  HALVING_METRICS,
  SEARCH_STRATEGIES,
  WEIGHT_NAMES,
} from './names';

// The value lists are defined in names.ts, apart from this module: building the TypeBox schema
// runs code at load, so runtime code imports the lists from there and its bundle stays free of
// TypeBox.

type Doc = { description: string; markdownDescription?: string; examples?: unknown[]; default?: unknown };
const doc = (description: string, extra: Omit<Doc, 'description'> = {}): Doc => ({
  description,
  markdownDescription: extra.markdownDescription ?? description,
  ...extra,
});

// Enums are emitted as {"enum": [...]} rather than anyOf-of-consts: ajv then reports one
// "must be equal to one of the allowed values" and VS Code offers the values as completions.
// `valueDocs` gives each value its own hover text (VS Code reads markdownEnumDescriptions).
const Enum = <T extends readonly string[]>(values: T, d: Doc, valueDocs?: { [K in T[number]]: string }) =>
  Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...d,
    ...(valueDocs ? { markdownEnumDescriptions: values.map((v: T[number]) => valueDocs[v]) } : {}),
  });

export const Activation = Enum(ACTIVATIONS, doc('Activation function of a hidden layer.'), {
  relu: "`max(0, x)`: fast to train, gradient 1 for positive inputs; the study's choice (occasionally unstable).",
  sigmoid: '`1 / (1 + e^−x)`, output in (0, 1): smooth and steady, but saturates, so deep nets learn slowly.',
  tanh: '`tanh(x)`, output in (−1, 1): zero-centred sigmoid; saturates at both ends.',
  elu: '`x` for positive inputs, `e^x − 1` below zero: like ReLU without dead units.',
  selu: 'Scaled ELU: keeps activations normalised in deep nets (pair with `leCunNormal`).',
  softplus: '`ln(1 + e^x)`: a smooth ReLU.',
  linear: '`x`: no non-linearity; stacked linear layers collapse to one.',
});

export const InitializerName = Enum(
  INITIALIZER_NAMES,
  doc(
    'Kernel initializer. `randomNormal` draws N(mean, stddev²) (Keras default stddev 0.05); `heNormal` suits ReLU; `glorotUniform` (Xavier) is the Keras default.',
    {
      examples: ['heNormal'],
    },
  ),
);

export const InitializerObject = Type.Object(
  {
    name: InitializerName,
    mean: Type.Optional(Type.Number(doc('Mean of `randomNormal`.', { default: RANDOM_NORMAL_DEFAULTS.mean }))),
    stddev: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        ...doc('Standard deviation of `randomNormal` (Keras default 0.05).', {
          default: RANDOM_NORMAL_DEFAULTS.stddev,
        }),
      }),
    ),
    minval: Type.Optional(
      Type.Number(doc('Lower bound of `randomUniform`.', { default: RANDOM_UNIFORM_DEFAULTS.minval })),
    ),
    maxval: Type.Optional(
      Type.Number(doc('Upper bound of `randomUniform`.', { default: RANDOM_UNIFORM_DEFAULTS.maxval })),
    ),
  },
  { additionalProperties: false, ...doc('A kernel initializer with its parameters.') },
);

export const Initializer = Type.Union([InitializerName, InitializerObject], {
  ...doc(
    'Kernel initializer: a name (`"heNormal"`) or an object with parameters (`{"name": "randomNormal", "stddev": 0.05}`).',
    {
      examples: ['glorotUniform', { name: 'randomNormal', stddev: 0.05 }],
    },
  ),
});

export const HiddenLayer = Type.Object(
  {
    units: Type.Integer({
      minimum: 1,
      maximum: 4096,
      ...doc('Number of neurons in this dense layer.', { examples: [128] }),
    }),
    activation: Type.Optional(Activation),
    initializer: Type.Optional(Initializer),
  },
  {
    additionalProperties: false,
    ...doc('One fully connected hidden layer. `activation` and `initializer` default to the model-wide values.'),
  },
);

export const DataConfig = Type.Object(
  {
    dir: Type.Optional(
      Type.String({
        minLength: 1,
        ...doc(
          'Folder with IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; plain or .gz), relative to this file. Leave out to use the embedded MNIST.',
          { examples: ['./fashion-mnist'] },
        ),
      }),
    ),
    classes: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 255 }), {
        minItems: 2,
        uniqueItems: true,
        ...doc(
          'Original labels to keep, in order; the i-th listed label becomes class i. `[5, 8]` keeps fives and eights and relabels 5→0, 8→1. Default: all ten digits.',
          {
            examples: [[5, 8]],
          },
        ),
      }),
    ),
    classNames: Type.Optional(
      Type.Array(Type.String(), {
        ...doc('Display names for the classes (same order as `classes`).', { examples: [['five', 'eight']] }),
      }),
    ),
    normalization: Type.Optional(
      Enum(
        NORMALIZATIONS,
        doc(
          'Pixel scaling: `minmax` maps the training min..max to 0..1, `divide255` divides by 255, `standardize` subtracts the training mean and divides by its standard deviation.',
          { default: DATA_DEFAULTS.normalization },
        ),
      ),
    ),
    split: Type.Optional(
      Enum(
        ['official', 'pooled'] as const,
        doc(
          "`official`: the dataset's own train/test files. `pooled`: pool both files and re-split with `testFraction`.",
          { default: DATA_DEFAULTS.split },
        ),
      ),
    ),
    testFraction: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        exclusiveMaximum: 1,
        ...doc('Share of the pooled data held out for test (only with `split: "pooled"`).', {
          default: DATA_DEFAULTS.testFraction,
        }),
      }),
    ),
    validationFraction: Type.Optional(
      Type.Number({
        minimum: 0,
        exclusiveMaximum: 1,
        ...doc('Share of the training data held out for validation.', { default: DATA_DEFAULTS.validationFraction }),
      }),
    ),
    stratify: Type.Optional(
      Type.Boolean(doc('Keep class proportions equal across the splits.', { default: DATA_DEFAULTS.stratify })),
    ),
    limit: Type.Optional(
      Type.Object(
        {
          train: Type.Optional(
            Type.Integer({
              minimum: 1,
              ...doc('At most this many training+validation samples (a stratified subset).'),
            }),
          ),
          test: Type.Optional(
            Type.Integer({ minimum: 1, ...doc('At most this many test samples (a stratified subset).') }),
          ),
        },
        { additionalProperties: false, ...doc('Use a stratified subset for quick runs.') },
      ),
    ),
  },
  { additionalProperties: false, ...doc('Which data, which classes, how it is scaled and split.') },
);

export const ModelConfig = Type.Object(
  {
    hidden: Type.Array(HiddenLayer, {
      minItems: 0,
      ...doc('Hidden dense layers, input side first. The input layer (784 pixels) and the output layer are implied.', {
        examples: [[{ units: 128 }, { units: 64 }]],
      }),
    }),
    activation: Type.Optional(Activation),
    initializer: Type.Optional(Initializer),
    outputActivation: Type.Optional(
      Enum(
        OUTPUT_ACTIVATIONS,
        doc(
          'Output activation. Default: `sigmoid` with one unit for `binary`, `softmax` with one unit per class for `multiclass`.',
        ),
      ),
    ),
  },
  { additionalProperties: false, ...doc('The network: 784 inputs → hidden layers → output.') },
);

export const EarlyStopping = Type.Object(
  {
    monitor: Type.Optional(
      Enum(MONITORS, doc('Quantity watched for improvement.', { default: EARLY_STOPPING_DEFAULTS.monitor })),
    ),
    patience: Type.Optional(
      Type.Integer({
        minimum: 0,
        ...doc('Epochs without improvement before stopping.', { default: EARLY_STOPPING_DEFAULTS.patience }),
      }),
    ),
    minDelta: Type.Optional(
      Type.Number({
        minimum: 0,
        ...doc('Smallest change that counts as an improvement.', { default: EARLY_STOPPING_DEFAULTS.minDelta }),
      }),
    ),
    restoreBestWeights: Type.Optional(
      Type.Boolean(
        doc('Put back the weights of the best epoch when training stops.', {
          default: EARLY_STOPPING_DEFAULTS.restoreBestWeights,
        }),
      ),
    ),
  },
  { additionalProperties: false, ...doc('Stop when the monitored quantity stops improving.') },
);

/** Value bounds shared by a plain setting and its sweep list, so a sweep cannot reach what a plain value may not. */
export const BOUNDS = {
  learningRate: { exclusiveMinimum: 0, maximum: 10 },
  batchSize: { minimum: 1, maximum: 65536 },
  seed: { minimum: 0, maximum: 4294967295 },
} as const;

export const TrainingConfig = Type.Object(
  {
    optimizer: Type.Optional(Enum(OPTIMIZERS, doc('Optimizer.', { default: TRAINING_DEFAULTS.optimizer }))),
    learningRate: Type.Optional(
      Type.Number({
        ...BOUNDS.learningRate,
        ...doc('Learning rate of the optimizer.', { default: TRAINING_DEFAULTS.learningRate }),
      }),
    ),
    loss: Type.Optional(
      Enum(LOSSES, doc('Loss. Default: `binaryCrossentropy` for binary, `categoricalCrossentropy` for multiclass.')),
    ),
    batchSize: Type.Optional(
      Type.Integer({
        ...BOUNDS.batchSize,
        ...doc('Samples per gradient step.', { default: TRAINING_DEFAULTS.batchSize }),
      }),
    ),
    epochs: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10000,
        ...doc('Maximum number of epochs.', { default: TRAINING_DEFAULTS.epochs }),
      }),
    ),
    earlyStopping: Type.Optional(
      Type.Union([EarlyStopping, Type.Literal(false)], doc('Early stopping settings, or `false` to train all epochs.')),
    ),
    seed: Type.Optional(
      Type.Integer({
        ...BOUNDS.seed,
        ...doc('Seed for weights, shuffling and splits: same seed and backend, same numbers.', {
          default: TRAINING_DEFAULTS.seed,
        }),
      }),
    ),
  },
  { additionalProperties: false, ...doc('Optimizer, loss, batches, epochs, early stopping, seed.') },
);

export const DynamicsConfig = Type.Object(
  {
    probeSize: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 4096,
        ...doc(
          'Validation images (a fixed, seeded draw) on which activations, dead and saturated units are measured each epoch.',
          { default: DYNAMICS_DEFAULTS.probeSize },
        ),
      }),
    ),
    everyBatches: Type.Optional(
      Type.Integer({
        minimum: 0,
        ...doc('Also record the gradient norm of each layer every this many batches (0: once per epoch only).', {
          default: DYNAMICS_DEFAULTS.everyBatches,
        }),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...doc(
      'What is recorded of the training dynamics (gradient norms, weight norms, update ratios, activation histograms, dead and saturated units).',
    ),
  },
);

export const QuickConfig = Type.Object(
  {
    train: Type.Optional(
      Type.Integer({
        minimum: 10,
        ...doc('Training+validation samples in a quick run.', { default: QUICK_DEFAULTS.train }),
      }),
    ),
    test: Type.Optional(
      Type.Integer({ minimum: 10, ...doc('Test samples in a quick run.', { default: QUICK_DEFAULTS.test }) }),
    ),
    epochs: Type.Optional(
      Type.Integer({ minimum: 1, ...doc('Epoch cap in a quick run.', { default: QUICK_DEFAULTS.epochs }) }),
    ),
  },
  { additionalProperties: false, ...doc('What "Run quick" (CLI `--quick`) shrinks the experiment to.') },
);

/** A range a random search draws from (`search.strategy: "random"` only). */
const Range = (
  bounds: { minimum?: number; exclusiveMinimum?: number; maximum: number },
  integer: boolean,
  what: string,
) =>
  Type.Object(
    {
      min: integer
        ? Type.Integer({ ...bounds, ...doc('Smallest value drawn.') })
        : Type.Number({ ...bounds, ...doc('Smallest value drawn.') }),
      max: integer
        ? Type.Integer({ ...bounds, ...doc('Largest value drawn.') })
        : Type.Number({ ...bounds, ...doc('Largest value drawn.') }),
      scale: Type.Optional(
        Enum(
          ['linear', 'log'] as const,
          doc(
            '`log` draws uniformly in log space (each decade equally often), the usual choice for learning rates; `linear` draws uniformly.',
            { default: 'linear' },
          ),
        ),
      ),
    },
    {
      additionalProperties: false,
      ...doc(
        `A range of ${what} a random search draws from${integer ? ' (whole numbers, both ends included)' : ''}. Only with \`search.strategy: "random"\`.`,
        {
          examples: [integer ? { min: 4, max: 256, scale: 'log' } : { min: 0.00001, max: 0.01, scale: 'log' }],
        },
      ),
    },
  );

export const Sweep = Type.Object(
  {
    'model.initializer': Type.Optional(
      Type.Array(Initializer, {
        minItems: 1,
        ...doc('Kernel initializers to try.', { examples: [['randomNormal', 'heNormal', 'glorotUniform']] }),
      }),
    ),
    'model.activation': Type.Optional(
      Type.Array(Activation, {
        minItems: 1,
        uniqueItems: true,
        ...doc('Hidden activations to try.', { examples: [['relu', 'sigmoid', 'tanh']] }),
      }),
    ),
    'training.batchSize': Type.Optional(
      Type.Union(
        [
          Type.Array(Type.Integer(BOUNDS.batchSize), { minItems: 1, uniqueItems: true }),
          Range(BOUNDS.batchSize, true, 'batch sizes'),
        ],
        {
          ...doc(
            'Batch sizes to try: a list, or for a random search a range `{ "min": 4, "max": 256, "scale": "log" }`.',
            { examples: [[4, 16, 32, 64]] },
          ),
        },
      ),
    ),
    'training.learningRate': Type.Optional(
      Type.Union(
        [
          Type.Array(Type.Number(BOUNDS.learningRate), { minItems: 1, uniqueItems: true }),
          Range(BOUNDS.learningRate, false, 'learning rates'),
        ],
        {
          ...doc(
            'Learning rates to try: a list, or for a random search a range `{ "min": 1e-5, "max": 1e-2, "scale": "log" }`.',
            { examples: [[0.01, 0.001, 0.0001, 0.00001]] },
          ),
        },
      ),
    ),
    'training.optimizer': Type.Optional(
      Type.Array(Enum(OPTIMIZERS, doc('Optimizer.')), { minItems: 1, uniqueItems: true, ...doc('Optimizers to try.') }),
    ),
    'training.seed': Type.Optional(
      Type.Array(Type.Integer(BOUNDS.seed), {
        minItems: 1,
        uniqueItems: true,
        ...doc('Seeds to try (repeats of the same configuration; `search.repeats` does this for every configuration).'),
      }),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    ...doc(
      'The values to search over. With the default grid search every combination of the listed values becomes one trial (cartesian product, in the order written); `search` chooses random search, successive halving and repeats.',
      {
        examples: [
          {
            'model.initializer': ['randomNormal', 'heNormal', 'glorotUniform'],
            'model.activation': ['relu', 'sigmoid', 'tanh'],
          },
        ],
      },
    ),
  },
);

export const Halving = Type.Object(
  {
    minEpochs: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10000,
        ...doc('Epochs every configuration gets in the first rung.', { default: SEARCH_DEFAULTS.halving.minEpochs }),
      }),
    ),
    maxEpochs: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10000,
        ...doc('Epochs of the last rung, what the survivors are trained to. Default: `training.epochs`.'),
      }),
    ),
    eta: Type.Optional(
      Type.Integer({
        minimum: 2,
        maximum: 16,
        ...doc(
          'Reduction factor η: the best 1/η of a rung go on to η times the epochs; the rest are stopped at that rung (recorded as stopped, not failed).',
          { default: SEARCH_DEFAULTS.halving.eta },
        ),
      }),
    ),
    metric: Type.Optional(
      Enum(
        HALVING_METRICS,
        doc('Validation quantity the rungs are ranked by (its best epoch so far).', {
          default: SEARCH_DEFAULTS.halving.metric,
        }),
      ),
    ),
    asynchronous: Type.Optional(
      Type.Boolean(
        doc(
          '`true` (ASHA): promote as soon as a configuration is in the top 1/η of its rung so far, so workers never wait; with several workers the promotions then depend on finishing order. `false`: wait for each rung to complete, the same promotions for any number of workers.',
          {
            default: SEARCH_DEFAULTS.halving.asynchronous,
          },
        ),
      ),
    ),
  },
  {
    additionalProperties: false,
    ...doc(
      'Successive halving (ASHA-style): train every configuration briefly, continue only the most promising. Rungs at minEpochs·η^k epochs, the last at maxEpochs.',
      { examples: [{ minEpochs: 2, maxEpochs: 18, eta: 3 }] },
    ),
  },
);

export const Search = Type.Object(
  {
    strategy: Type.Optional(
      Enum(
        SEARCH_STRATEGIES,
        doc(
          '`grid`: every combination of the `sweep` lists. `random`: `trials` seeded draws, from lists (uniformly) and ranges (`{ "min", "max", "scale": "log" }`).',
          { default: SEARCH_DEFAULTS.strategy },
        ),
      ),
    ),
    trials: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 256,
        ...doc('Configurations a random search draws (no two alike).', { examples: [12] }),
      }),
    ),
    seed: Type.Optional(
      Type.Integer({
        ...BOUNDS.seed,
        ...doc('Seed of the random draws; the same seed draws the same configurations. Default: `training.seed`.'),
      }),
    ),
    repeats: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 20,
        ...doc(
          'Train each configuration with this many seeds (training.seed, +1, +2, …): tables and charts then show mean ± standard deviation.',
          { default: SEARCH_DEFAULTS.repeats },
        ),
      }),
    ),
    halving: Type.Optional(Halving),
  },
  {
    additionalProperties: false,
    ...doc('How the `sweep` is searched: grid or random, successive halving, repeats per configuration.', {
      examples: [{ strategy: 'random', trials: 12, halving: { minEpochs: 1, maxEpochs: 9, eta: 3 } }],
    }),
  },
);

const num = (description: string) => Type.Number(doc(description));
export const BackpropConfig = Type.Object(
  {
    inputs: Type.Tuple([num('x1'), num('x2')], doc('The two inputs [x1, x2].', { examples: [[0.5, 0.8]] })),
    target: Type.Number(doc('The target output y.', { examples: [1] })),
    weights: Type.Object(
      Object.fromEntries(
        WEIGHT_NAMES.map((w, i) => [
          w,
          Type.Number(
            doc(
              i < 6
                ? `Weight ${w}: input x${(i % 2) + 1} → hidden neuron h${Math.floor(i / 2) + 1} (w1,w2 feed h1; w3,w4 feed h2; w5,w6 feed h3).`
                : `Weight ${w}: hidden neuron h${i - 5} → output.`,
            ),
          ),
        ]),
      ) as Record<(typeof WEIGHT_NAMES)[number], ReturnType<typeof Type.Number>>,
      {
        additionalProperties: false,
        ...doc(
          'All nine weights w1…w9. w1–w6 join inputs to hidden neurons (w1: x1→h1, w2: x2→h1, w3: x1→h2, w4: x2→h2, w5: x1→h3, w6: x2→h3); w7–w9 join h1–h3 to the output.',
        ),
      },
    ),
    biases: Type.Optional(
      Type.Object(
        {
          b1: Type.Optional(num('Bias of hidden neuron h1.')),
          b2: Type.Optional(num('Bias of hidden neuron h2.')),
          b3: Type.Optional(num('Bias of hidden neuron h3.')),
          bOut: Type.Optional(num('Bias of the output neuron.')),
        },
        { additionalProperties: false, ...doc(`Biases (default ${BACKPROP_DEFAULTS.bias}).`) },
      ),
    ),
    learningRate: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        ...doc('Gradient-descent step size.', { default: BACKPROP_DEFAULTS.learningRate }),
      }),
    ),
    steps: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10000,
        ...doc('Number of gradient-descent steps.', { default: BACKPROP_DEFAULTS.steps }),
      }),
    ),
    hiddenActivation: Type.Optional(
      Enum(
        ['relu', 'sigmoid', 'tanh', 'linear'] as const,
        doc('Hidden activation.', { default: BACKPROP_DEFAULTS.hiddenActivation }),
      ),
    ),
    outputActivation: Type.Optional(
      Enum(['sigmoid', 'linear'] as const, doc('Output activation.', { default: BACKPROP_DEFAULTS.outputActivation })),
    ),
    loss: Type.Optional(
      Enum(
        ['mse', 'bce'] as const,
        doc(
          'Loss: `mse` is (ŷ − y)² (Keras MSE: the mean over the one output, no ½); `bce` is binary cross-entropy (needs a sigmoid output and 0 ≤ y ≤ 1).',
          { default: BACKPROP_DEFAULTS.loss },
        ),
      ),
    ),
    update: Type.Optional(
      Type.Union(
        [
          Type.Literal('all'),
          Type.Array(Enum(PARAMETER_NAMES, doc('A weight or bias name.')), { minItems: 1, uniqueItems: true }),
          Type.Object(
            {
              studentId: Type.String({
                pattern: '[0-9]$',
                ...doc('Student ID; its last digit decides which list applies.', { examples: ['20231457'] }),
              }),
              even: Type.Array(Enum(PARAMETER_NAMES, doc('A weight or bias name.')), {
                minItems: 1,
                uniqueItems: true,
                ...doc('Weights updated when the last digit is even.'),
              }),
              odd: Type.Array(Enum(PARAMETER_NAMES, doc('A weight or bias name.')), {
                minItems: 1,
                uniqueItems: true,
                ...doc('Weights updated when the last digit is odd.'),
              }),
            },
            { additionalProperties: false, ...doc("The study's parity rule.") },
          ),
        ],
        doc(
          'Which parameters gradient descent changes: `"all"`, a list such as `["w7", "w8", "w9"]`, or the parity rule `{ "studentId": "…", "even": […], "odd": […] }`.',
          { default: BACKPROP_DEFAULTS.update },
        ),
      ),
    ),
  },
  { additionalProperties: false, ...doc('The hand-checkable 2-3-1 network of the backprop walkthrough.') },
);

export const Experiment = Type.Object(
  {
    $schema: Type.Optional(Type.String(doc('Path or URL of this JSON Schema.'))),
    name: Type.String({
      minLength: 1,
      ...doc('Short name, shown in the tree and in run folders.', { examples: ['Binary 5 vs 8'] }),
    }),
    description: Type.Optional(Type.String(doc('What this experiment shows; free text.'))),
    kind: Enum(
      EXPERIMENT_KINDS,
      doc(
        '`binary`: two classes, one sigmoid output. `multiclass`: one softmax output per class. `backprop`: the 2-3-1 walkthrough.',
      ),
    ),
    data: Type.Optional(DataConfig),
    model: Type.Optional(ModelConfig),
    training: Type.Optional(TrainingConfig),
    sweep: Type.Optional(Sweep),
    search: Type.Optional(Search),
    evaluation: Type.Optional(
      Type.Object(
        {
          samples: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 1000,
              ...doc('Random test images kept with their predictions.', { default: EVALUATION_DEFAULTS.samples }),
            }),
          ),
        },
        { additionalProperties: false, ...doc('What the evaluation keeps.') },
      ),
    ),
    quick: Type.Optional(QuickConfig),
    dynamics: Type.Optional(
      Type.Union(
        [DynamicsConfig, Type.Literal(false)],
        doc('Training dynamics recorded per layer and epoch (on by default), or `false` not to record them.'),
      ),
    ),
    backprop: Type.Optional(BackpropConfig),
  },
  {
    $id: 'https://mnist-lab.invalid/mnistexp.schema.json',
    title: 'MNIST Lab experiment',
    additionalProperties: false,
    ...doc('An MNIST Lab experiment (`*.mnistexp.json`).'),
  },
);

export type ExperimentFile = Static<typeof Experiment>;
export type InitializerSpec = Static<typeof Initializer>;
export type SweepSection = Static<typeof Sweep>;
export type SearchSection = Static<typeof Search>;
export type DynamicsSection = Static<typeof DynamicsConfig>;
export type BackpropSection = Static<typeof BackpropConfig>;
export type ActivationName = (typeof ACTIVATIONS)[number];
export type ParameterName = (typeof PARAMETER_NAMES)[number];
export type SweepParameter = keyof SweepSection;
