// Turns a schema-valid experiment file into fully defaulted trials (sweep expanded).
import * as path from 'node:path';
import type { ExperimentFile, InitializerSpec, SweepSection } from '../core/schema';
import type {
  ResolvedData,
  ResolvedEarlyStopping,
  ResolvedExperiment,
  ResolvedInitializer,
  ResolvedModel,
  ResolvedTraining,
  ResolvedTrial,
} from '../core/experiment';
import {
  ALL_DIGITS,
  DATA_DEFAULTS,
  DYNAMICS_DEFAULTS,
  EARLY_STOPPING_DEFAULTS,
  EVALUATION_DEFAULTS,
  MODEL_DEFAULTS,
  QUICK_DEFAULTS,
  RANDOM_NORMAL_DEFAULTS,
  RANDOM_UNIFORM_DEFAULTS,
  TRAINING_DEFAULTS,
} from '../core/defaults';
import type { TrialKind } from '../core/names';
import { resolveBackprop } from './backprop-resolve';
import { MAX_TRIALS, sweepSize } from './sweep-size';
import { planSearch } from './search-plan';
import { initializerLabel } from '../core/model-summary';

export function resolveInitializer(spec: InitializerSpec | undefined): ResolvedInitializer {
  if (spec === undefined) return { name: MODEL_DEFAULTS.initializer };
  if (typeof spec === 'string')
    return spec === 'randomNormal' ? { name: spec, ...RANDOM_NORMAL_DEFAULTS } : { name: spec };
  const out: ResolvedInitializer = { ...spec };
  if (spec.name === 'randomNormal') {
    out.mean = spec.mean ?? RANDOM_NORMAL_DEFAULTS.mean;
    out.stddev = spec.stddev ?? RANDOM_NORMAL_DEFAULTS.stddev;
  }
  if (spec.name === 'randomUniform') {
    out.minval = spec.minval ?? RANDOM_UNIFORM_DEFAULTS.minval;
    out.maxval = spec.maxval ?? RANDOM_UNIFORM_DEFAULTS.maxval;
  }
  return out;
}

export { initializerLabel };

function resolveData(file: ExperimentFile, filePath: string | null): ResolvedData {
  const d = file.data ?? {};
  const classes = d.classes ?? [...ALL_DIGITS];
  const base = filePath ? path.dirname(filePath) : process.cwd();
  return {
    dir: d.dir ? path.resolve(base, d.dir) : null,
    classes,
    classNames: d.classNames ?? classes.map(String),
    normalization: d.normalization ?? DATA_DEFAULTS.normalization,
    split: d.split ?? DATA_DEFAULTS.split,
    testFraction: d.testFraction ?? DATA_DEFAULTS.testFraction,
    validationFraction: d.validationFraction ?? DATA_DEFAULTS.validationFraction,
    stratify: d.stratify ?? DATA_DEFAULTS.stratify,
    limit: { ...(d.limit ?? {}) },
  };
}

function resolveModel(file: ExperimentFile, classes: number): ResolvedModel {
  const m = file.model ?? { hidden: [] };
  const activation = m.activation ?? MODEL_DEFAULTS.activation;
  const initializer = resolveInitializer(m.initializer);
  const binary = file.kind === 'binary';
  return {
    hidden: m.hidden.map((l) => ({
      units: l.units,
      activation: l.activation ?? activation,
      initializer: l.initializer !== undefined ? resolveInitializer(l.initializer) : initializer,
    })),
    outputActivation: m.outputActivation ?? (binary ? 'sigmoid' : 'softmax'),
    outputUnits: binary ? 1 : classes,
  };
}

function resolveTraining(file: ExperimentFile): ResolvedTraining {
  const t = file.training ?? {};
  const es = t.earlyStopping;
  const earlyStopping: ResolvedEarlyStopping | null =
    es === false || es === undefined
      ? null
      : {
          monitor: es.monitor ?? EARLY_STOPPING_DEFAULTS.monitor,
          patience: es.patience ?? EARLY_STOPPING_DEFAULTS.patience,
          minDelta: es.minDelta ?? EARLY_STOPPING_DEFAULTS.minDelta,
          restoreBestWeights: es.restoreBestWeights ?? EARLY_STOPPING_DEFAULTS.restoreBestWeights,
        };
  return {
    optimizer: t.optimizer ?? TRAINING_DEFAULTS.optimizer,
    learningRate: t.learningRate ?? TRAINING_DEFAULTS.learningRate,
    loss: t.loss ?? (file.kind === 'binary' ? 'binaryCrossentropy' : 'categoricalCrossentropy'),
    batchSize: t.batchSize ?? TRAINING_DEFAULTS.batchSize,
    epochs: t.epochs ?? TRAINING_DEFAULTS.epochs,
    earlyStopping,
    seed: t.seed ?? TRAINING_DEFAULTS.seed,
  };
}

function formatValue(value: unknown): string {
  if (typeof value === 'object' && value !== null)
    return initializerLabel(resolveInitializer(value as InitializerSpec));
  return String(value);
}

/** Cartesian product of the sweep's value lists, in the order written (last varies fastest). */
export function expandSweep(sweep: SweepSection | undefined): Record<string, unknown>[] {
  const size = sweepSize(sweep);
  if (size > MAX_TRIALS) throw new Error(`the sweep expands to ${size} trials; at most ${MAX_TRIALS} are allowed`);
  const entries = Object.entries(sweep ?? {}).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
  let combos: Record<string, unknown>[] = [{}];
  for (const [name, values] of entries) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return combos;
}

function applyParam(file: ExperimentFile, name: string, value: unknown): ExperimentFile {
  const copy = structuredClone(file);
  const [section, key] = name.split('.') as ['model' | 'training', string];
  const target = (copy[section] ?? {}) as Record<string, unknown>;
  target[key] = value;
  (copy as Record<string, unknown>)[section] = target;
  if (section === 'model' && !copy.model!.hidden) copy.model!.hidden = [];
  return copy;
}

export function resolveExperiment(
  file: ExperimentFile,
  filePath: string | null,
  options: { quick?: boolean; seed?: number } = {},
): ResolvedExperiment {
  const quick = options.quick ?? false;
  const base: ResolvedExperiment = {
    name: file.name,
    description: file.description ?? '',
    kind: file.kind,
    file: filePath,
    quick,
    trials: [],
    sweepParameters: Object.keys(file.sweep ?? {}),
    backprop: null,
    search: null,
  };
  if (file.kind === 'backprop') {
    return { ...base, sweepParameters: [], backprop: file.backprop ? resolveBackprop(file.backprop) : null };
  }
  const q = { ...QUICK_DEFAULTS, ...(file.quick ?? {}) };
  const plan = planSearch(file, options);
  const { repeats, halving } = plan.search;
  if (file.sweep || file.search) base.search = plan.search;
  const combos = plan.configurations.flatMap((params, configuration) =>
    Array.from({ length: repeats }, (_, repeat) => ({ params, configuration, repeat })),
  );
  base.trials = combos.map(({ params, configuration, repeat }, index): ResolvedTrial => {
    let variant = file;
    for (const [name, value] of Object.entries(params)) variant = applyParam(variant, name, value);
    const data = resolveData(variant, filePath);
    const training = resolveTraining(variant);
    if (options.seed !== undefined && !('training.seed' in params)) training.seed = options.seed;
    // Repeats are consecutive seeds from the configuration's own, so repeat r of every
    // configuration shares its seed (split, initial weights, shuffles): a paired comparison.
    training.seed += repeat;
    if (quick) {
      data.limit = {
        train: Math.min(data.limit.train ?? Infinity, q.train),
        test: Math.min(data.limit.test ?? Infinity, q.test),
      };
      training.epochs = Math.min(training.epochs, q.epochs);
    }
    if (halving) training.epochs = halving.maxEpochs;
    const paramsLabel =
      Object.keys(params).length === 0
        ? file.name
        : Object.entries(params)
            .map(([k, v]) => `${k.split('.')[1]}=${formatValue(v)}`)
            .join(' · ');
    const label = repeats > 1 ? `${paramsLabel} · seed ${training.seed}` : paramsLabel;
    return {
      index,
      label,
      params,
      configuration,
      repeat,
      kind: file.kind as TrialKind,
      data,
      model: resolveModel(variant, data.classes.length),
      training,
      evaluation: { samples: file.evaluation?.samples ?? EVALUATION_DEFAULTS.samples },
      dynamics:
        file.dynamics === false
          ? null
          : {
              probeSize: file.dynamics?.probeSize ?? DYNAMICS_DEFAULTS.probeSize,
              everyBatches: file.dynamics?.everyBatches ?? DYNAMICS_DEFAULTS.everyBatches,
            },
    };
  });
  return base;
}
