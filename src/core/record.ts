// The run record (run.json): a finished run is a file a person can read, diff and share, and
// every panel is rebuilt from it. Bump RUN_FORMAT when a field changes meaning.
import type { ResolvedSearch, ResolvedTrial } from './experiment';
import type { ExperimentKind } from './names';
import type { BackpropRecord } from './backprop-walkthrough';

// The walkthrough defines its record; run.json holds it under `backprop`.
export type { BackpropRecord } from './backprop-walkthrough';
import type { EpochDynamics } from './dynamics';
import type { InputScaling } from './forward-pass';

export const RUN_FORMAT = 1;

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  seconds: number;
  samplesPerSecond: number;
  /** Inside the network this epoch (src/core/dynamics.ts); absent when not recorded. */
  dynamics?: EpochDynamics;
}

export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  classes: ClassReport[];
  accuracy: number;
  macro: Omit<ClassReport, 'label'>;
  weighted: Omit<ClassReport, 'label'>;
}

export interface PredictionSample {
  /** Index into the test split. */
  index: number;
  label: number;
  predicted: number;
  /** Probability the model gave its predicted class. */
  probability: number;
  /** 28×28 grey pixels, row-major, base64 of the raw bytes. */
  pixels: string;
  /** Why it was kept: one of the random draws, or an example of its confusion-matrix cell. */
  reason: 'random' | 'cell';
}

export interface TrialResult {
  testLoss: number;
  testAccuracy: number;
  epochsRun: number;
  /**
   * 1-based epoch with the best monitored value (val_loss unless early stopping monitors
   * something else). With early stopping's restoreBestWeights the model holds this epoch's
   * weights; otherwise it holds the last epoch's.
   */
  bestEpoch: number;
  stoppedEarly: boolean;
  confusionMatrix: number[][];
  report: ClassificationReport;
  samples: PredictionSample[];
  trainSeconds: number;
  /** Training, validation and test sample counts actually used. */
  sizes: { train: number; validation: number; test: number };
  modelPath: string | null;
  /**
   * Threads that computed the gradients (data-parallel, src/trainer/parallel). The same
   * config, seed, backend and thread count give the same numbers; absent in older runs (1).
   */
  threads?: number;
  /**
   * How raw 0–255 pixels became the net's inputs (input = pixel × scale + offset): what a
   * forward pass outside the trainer needs (draw a digit). Absent in older runs.
   */
  inputScaling?: InputScaling;
}

export interface TrialRecord {
  index: number;
  label: string;
  params: Record<string, unknown>;
  status: RunStatus;
  config: ResolvedTrial;
  history: EpochRecord[];
  result: TrialResult | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Where successive halving has this trial: absent when the sweep does not halve. */
  rung?: TrialRung;
}

/**
 * A trial's place in successive halving. `stopped` is an outcome, not a failure: the trial
 * trained `epochs` epochs, its rung ranked it below the top 1/η, and it went no further.
 */
export interface TrialRung {
  /** 0-based rung reached (or being trained), -1 before it started. */
  rung: number;
  /** Epoch budget of that rung. */
  epochs: number;
  state: 'waiting' | 'running' | 'paused' | 'stopped' | 'completed' | 'failed';
  /** Rungs it was promoted from, in order. */
  promotions: number[];
  /** The rung's value (mean over the configuration's seeds) of the halving metric. */
  value: number | null;
}

/** How the sweep was searched and, as it goes, what successive halving decided. */
export interface SearchRecord extends ResolvedSearch {
  /** Epochs trained by all trials together (a promoted trial's replayed epochs count again). */
  epochsSpent: number;
  /** Promotions in the order they were decided. */
  promotions: Array<{ configuration: number; from: number; to: number }>;
  /** Configuration the search picks by its validation metric; null until one completed. */
  pick: number | null;
}

export interface DatasetInfo {
  name: string;
  dir: string;
  /** sha256 over the four IDX files' bytes (decompressed). */
  fingerprint: string;
  trainCount: number;
  testCount: number;
}

export interface EnvironmentInfo {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  totalMemoryGiB: number;
}

export interface RunRecord {
  format: typeof RUN_FORMAT;
  id: string;
  experiment: { name: string; file: string | null; kind: ExperimentKind; description: string };
  status: RunStatus;
  quick: boolean;
  createdAt: string;
  finishedAt: string | null;
  /** Backend actually used ("wasm", "tensorflow", "cpu"), and why it was chosen. */
  backend: string | null;
  backendNote: string | null;
  tfjsVersion: string | null;
  dataset: DatasetInfo | null;
  environment: EnvironmentInfo;
  /** The experiment file as written, for the record. */
  source: unknown;
  sweepParameters: string[];
  trials: TrialRecord[];
  backprop: BackpropRecord | null;
  error: string | null;
  wallSeconds: number | null;
  /**
   * The process that writes this record while it runs, and when it last did: how a reader
   * tells a run still training from one whose process died (src/core/liveness.ts). Absent in
   * records written before they existed.
   */
  owner?: RunOwner;
  heartbeatAt?: string;
  /** Only on a trial record (`mnist-lab run --trial`): the part of a sweep it holds. */
  sweepPart?: SweepPart;
  /** The sweep's search (strategy, repeats, halving); absent for single runs and older records. */
  search?: SearchRecord;
}

export interface RunOwner {
  pid: number;
  host: string;
}

/**
 * A cluster task's run holds some trials of a sweep under their own indices; `mnist-lab merge`
 * assembles the parts that share a key into one run of the whole sweep (without this field).
 */
export interface SweepPart {
  /** Trials in the whole sweep. */
  of: number;
  /** Same experiment source, quick flag and seed override ⇔ same key (src/cluster/sweep-key.ts). */
  key: string;
  /** The options that shaped the trials, so a missing one can be rerun the same way. */
  quick: boolean;
  seed: number | null;
  /** Where the index came from: "SLURM_ARRAY_TASK_ID=3", "--trial 3". */
  indexFrom: string;
}

/** "wasm", or "wasm × 2 threads" when trials split their batches over threads (numbers depend on it). */
export function backendLabel(record: Pick<RunRecord, 'backend' | 'trials'>): string | null {
  const threads = Math.max(1, ...record.trials.map((t) => t.result?.threads ?? 1));
  return record.backend && threads > 1 ? `${record.backend} × ${threads} threads` : record.backend;
}
