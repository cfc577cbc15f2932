// Fully defaulted experiment settings: what the trainer actually runs. Derived from the
// schema types so the two cannot drift.
import type { ActivationName, BackpropSection } from './schema';
import {
  HALVING_METRICS,
  INITIALIZER_NAMES,
  LOSSES,
  MONITORS,
  NORMALIZATIONS,
  OPTIMIZERS,
  OUTPUT_ACTIVATIONS,
  type ExperimentKind,
  type SearchStrategy,
  type TrialKind,
} from './names';

export interface ResolvedInitializer {
  name: (typeof INITIALIZER_NAMES)[number];
  mean?: number;
  stddev?: number;
  minval?: number;
  maxval?: number;
}

export interface ResolvedLayer {
  units: number;
  activation: ActivationName;
  initializer: ResolvedInitializer;
}

export interface ResolvedData {
  /** Absolute folder of IDX files, or null for the embedded MNIST. */
  dir: string | null;
  classes: number[];
  classNames: string[];
  normalization: (typeof NORMALIZATIONS)[number];
  split: 'official' | 'pooled';
  testFraction: number;
  validationFraction: number;
  stratify: boolean;
  limit: { train?: number; test?: number };
}

export interface ResolvedModel {
  hidden: ResolvedLayer[];
  outputUnits: number;
  outputActivation: (typeof OUTPUT_ACTIVATIONS)[number];
}

export interface ResolvedEarlyStopping {
  monitor: (typeof MONITORS)[number];
  patience: number;
  minDelta: number;
  restoreBestWeights: boolean;
}

export interface ResolvedTraining {
  optimizer: (typeof OPTIMIZERS)[number];
  learningRate: number;
  loss: (typeof LOSSES)[number];
  batchSize: number;
  epochs: number;
  earlyStopping: ResolvedEarlyStopping | null;
  seed: number;
}

export interface ResolvedDynamics {
  probeSize: number;
  everyBatches: number;
}

/** One trainable configuration: the experiment itself, or one cell of its sweep. */
export interface ResolvedTrial {
  index: number;
  /** "activation=relu · initializer=heNormal"; the experiment name when there is no sweep. */
  label: string;
  /** The swept values of this trial, keyed by sweep parameter ("model.activation"). */
  params: Record<string, unknown>;
  kind: TrialKind;
  data: ResolvedData;
  model: ResolvedModel;
  training: ResolvedTraining;
  evaluation: { samples: number };
  /** What is recorded of the training dynamics; null (or absent, in older runs) records none. */
  dynamics?: ResolvedDynamics | null;
  /**
   * Which configuration of the search this trial trains and which of its repeats (seeds) it
   * is: trial index = configuration × repeats + repeat. Absent in older runs (one each).
   */
  configuration?: number;
  repeat?: number;
}

export interface HalvingSettings {
  minEpochs: number;
  maxEpochs: number;
  /** Reduction factor η: 1/η of a rung goes on, with η times the epochs. */
  eta: number;
  /** The validation quantity promotions are decided by. */
  metric: (typeof HALVING_METRICS)[number];
  /**
   * true (ASHA): promote as soon as a configuration is in the top 1/η of the results its rung
   * has so far, so no worker waits for a rung to fill. false: wait until a rung is complete and
   * promote its top 1/η, which gives the same promotions for any number of workers.
   */
  asynchronous: boolean;
}

/** How the sweep is searched (core/search-space.ts, core/halving.ts). */
export interface ResolvedSearch {
  strategy: SearchStrategy;
  /** Seed of the random draws; null for a grid. */
  seed: number | null;
  configurations: number;
  repeats: number;
  halving: (HalvingSettings & { budgets: number[] }) | null;
}

export interface ResolvedBackprop {
  inputs: [number, number];
  target: number;
  weights: Record<'w1' | 'w2' | 'w3' | 'w4' | 'w5' | 'w6' | 'w7' | 'w8' | 'w9', number>;
  biases: Record<'b1' | 'b2' | 'b3' | 'bOut', number>;
  learningRate: number;
  steps: number;
  hiddenActivation: 'relu' | 'sigmoid' | 'tanh' | 'linear';
  outputActivation: 'sigmoid' | 'linear';
  loss: 'mse' | 'bce';
  /** The parameters gradient descent changes, after applying the parity rule. */
  update: string[];
  /** How `update` was chosen, for display ("parity: last digit 7 is odd"). */
  updateReason: string;
  source: BackpropSection;
}

export interface ResolvedExperiment {
  name: string;
  description: string;
  kind: ExperimentKind;
  /** Absolute path of the .mnistexp.json, or null when built in memory. */
  file: string | null;
  quick: boolean;
  trials: ResolvedTrial[];
  sweepParameters: string[];
  backprop: ResolvedBackprop | null;
  /** Null for a single run and for a backprop walkthrough. */
  search: ResolvedSearch | null;
}
