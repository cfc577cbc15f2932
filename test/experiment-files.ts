// The experiment files tests write into a workspace, built in one place so that each test states
// only what it varies (a name, a seed, how much data its quick run takes). Typed as the schema's
// ExperimentFile, so a fixture the validator would refuse does not compile. Pure: the extension
// host's suite and the benches import it too.
import type { ExperimentFile } from '../src/core/schema';

/** What a `--quick` run of the experiment trains on, and for how many epochs. */
export interface QuickSize {
  train: number;
  test: number;
  epochs: number;
}

type Sweep = NonNullable<ExperimentFile['sweep']>;

const EARLY_STOPPING = { monitor: 'val_loss', patience: 3, restoreBestWeights: true } as const;

/**
 * A ten-digit MLP with one hidden layer, Adam on the official split: trains in seconds on a
 * quick subset and gives every panel a confusion matrix, a report and curves.
 */
export function tenDigitExperiment(o: {
  quick: QuickSize;
  name?: string;
  description?: string;
  units?: number;
  initializer?: 'glorotUniform' | 'heNormal';
  epochs?: number;
  seed?: number;
  earlyStopping?: boolean;
  sweep?: Sweep;
}): ExperimentFile {
  return {
    name: o.name ?? 'Tiny ten digits',
    ...(o.description === undefined ? {} : { description: o.description }),
    kind: 'multiclass',
    data: { normalization: 'divide255', split: 'official', validationFraction: 0.2, stratify: true },
    model: {
      hidden: [{ units: o.units ?? 32 }],
      activation: 'relu',
      initializer: o.initializer ?? 'glorotUniform',
      outputActivation: 'softmax',
    },
    training: {
      optimizer: 'adam',
      learningRate: 0.003,
      loss: 'categoricalCrossentropy',
      batchSize: 64,
      epochs: o.epochs ?? 100,
      seed: o.seed ?? 7,
      earlyStopping: o.earlyStopping === false ? false : EARLY_STOPPING,
    },
    quick: o.quick,
    ...(o.sweep === undefined ? {} : { sweep: o.sweep }),
  };
}

/**
 * A ten-digit run still training minutes after it started (30,000 samples an epoch, 300
 * epochs, whatever the trainer's speed here): for tests that must catch a run live and stop it.
 */
export const slowLiveRun: ExperimentFile = tenDigitExperiment({
  name: 'Slow live run',
  epochs: 300,
  earlyStopping: false,
  quick: { train: 30000, test: 200, epochs: 300 },
});

/** A small ten-digit sweep (3 epochs on 600 images a trial) without training dynamics. */
export function tenDigitSweep(o: {
  name: string;
  seed: number;
  sweep: Sweep;
  search?: ExperimentFile['search'];
}): ExperimentFile {
  return {
    name: o.name,
    kind: 'multiclass',
    data: { normalization: 'divide255', split: 'official', validationFraction: 0.2, stratify: true },
    model: { hidden: [{ units: 16 }], activation: 'relu', outputActivation: 'softmax' },
    training: { optimizer: 'adam', batchSize: 32, epochs: 3, seed: o.seed, earlyStopping: false },
    quick: { train: 600, test: 200, epochs: 3 },
    sweep: o.sweep,
    ...(o.search === undefined ? {} : { search: o.search }),
    dynamics: false,
  };
}

/** The case study's 5-vs-8 net scaled down (two small ReLU layers, the pooled split). */
export function binaryExperiment(o: {
  name: string;
  quick: QuickSize;
  activation?: 'relu' | 'tanh' | 'sigmoid';
  initializer?: 'heNormal' | 'randomNormal';
  earlyStopping?: boolean;
  sweep?: Sweep;
  /** The full run's epochs (default 100); a quick run takes the smaller of this and quick.epochs. */
  epochs?: number;
}): ExperimentFile {
  return {
    name: o.name,
    kind: 'binary',
    data: {
      classes: [5, 8],
      normalization: 'minmax',
      split: 'pooled',
      testFraction: 0.2,
      validationFraction: 0.2,
      stratify: true,
    },
    model: {
      hidden: [{ units: 32 }, { units: 16 }],
      activation: o.activation ?? 'relu',
      initializer: o.initializer ?? 'heNormal',
    },
    training: {
      optimizer: 'adam',
      learningRate: 0.003,
      batchSize: 64,
      epochs: o.epochs ?? 100,
      seed: 5,
      earlyStopping: o.earlyStopping === false ? false : EARLY_STOPPING,
    },
    quick: o.quick,
    ...(o.sweep === undefined ? {} : { sweep: o.sweep }),
  };
}

/**
 * 5 vs 8 on the first `train` training images, every setting but these at its default; without
 * a name, which the test gives it. The default (600 images, 16 units, 2 epochs) trains in
 * seconds on two shared cores and still learns something.
 */
export function limitedBinary(
  o: { train?: number; hidden?: number[]; epochs?: number; batchSize?: number } = {},
): Omit<ExperimentFile, 'name'> {
  return {
    kind: 'binary',
    data: { classes: [5, 8], limit: { train: o.train ?? 600, test: 200 } },
    model: { hidden: (o.hidden ?? [16]).map((units) => ({ units })) },
    training: { epochs: o.epochs ?? 2, batchSize: o.batchSize ?? 64, earlyStopping: false },
  };
}

/** Still training when a test stops it: 4,000 images an epoch, 200 epochs of batch 16 on a wide net. */
export const longBinary = limitedBinary({ train: 4000, hidden: [256, 128], epochs: 200, batchSize: 16 });
