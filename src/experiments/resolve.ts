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
import { resolveBackprop } from './backprop-resolve';

export const QUICK_DEFAULTS = { train: 3000, test: 1000, epochs: 2 } as const;

export function resolveInitializer(spec: InitializerSpec | undefined): ResolvedInitializer {
  if (spec === undefined) return { name: 'glorotUniform' };
  if (typeof spec === 'string') return spec === 'randomNormal' ? { name: spec, mean: 0, stddev: 0.05 } : { name: spec };
  const out: ResolvedInitializer = { ...spec };
  if (spec.name === 'randomNormal') {
    out.mean = spec.mean ?? 0;
    out.stddev = spec.stddev ?? 0.05;
  }
  if (spec.name === 'randomUniform') {
    out.minval = spec.minval ?? -0.05;
    out.maxval = spec.maxval ?? 0.05;
  }
  return out;
}

export function initializerLabel(init: ResolvedInitializer): string {
  if (init.name === 'randomNormal' && (init.stddev !== 0.05 || init.mean !== 0)) return `randomNormal(μ=${init.mean}, σ=${init.stddev})`;
  return init.name;
}

function resolveData(file: ExperimentFile, filePath: string | null): ResolvedData {
  const d = file.data ?? {};
  const classes = d.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const base = filePath ? path.dirname(filePath) : process.cwd();
  return {
    dir: d.dir ? path.resolve(base, d.dir) : null,
    classes,
    classNames: d.classNames ?? classes.map(String),
    normalization: d.normalization ?? 'divide255',
    split: d.split ?? 'official',
    testFraction: d.testFraction ?? 0.2,
    validationFraction: d.validationFraction ?? 0.2,
    stratify: d.stratify ?? true,
    limit: { ...(d.limit ?? {}) },
  };
}

function resolveModel(file: ExperimentFile, classes: number): ResolvedModel {
  const m = file.model ?? { hidden: [] };
  const activation = m.activation ?? 'relu';
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
      : { monitor: es.monitor ?? 'val_loss', patience: es.patience ?? 3, minDelta: es.minDelta ?? 0, restoreBestWeights: es.restoreBestWeights ?? true };
  return {
    optimizer: t.optimizer ?? 'adam',
    learningRate: t.learningRate ?? 0.001,
    loss: t.loss ?? (file.kind === 'binary' ? 'binaryCrossentropy' : 'categoricalCrossentropy'),
    batchSize: t.batchSize ?? 32,
    epochs: t.epochs ?? 10,
    earlyStopping,
    seed: t.seed ?? 42,
  };
}

function formatValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) return initializerLabel(resolveInitializer(value as InitializerSpec));
  return String(value);
}

/** Cartesian product of the sweep's value lists, in the order written (last varies fastest). */
export function expandSweep(sweep: SweepSection | undefined): Record<string, unknown>[] {
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

export function resolveExperiment(file: ExperimentFile, filePath: string | null, options: { quick?: boolean; seed?: number } = {}): ResolvedExperiment {
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
  };
  if (file.kind === 'backprop') {
    return { ...base, sweepParameters: [], backprop: file.backprop ? resolveBackprop(file.backprop) : null };
  }
  const q = { ...QUICK_DEFAULTS, ...(file.quick ?? {}) };
  const combos = expandSweep(file.sweep);
  base.trials = combos.map((params, index): ResolvedTrial => {
    let variant = file;
    for (const [name, value] of Object.entries(params)) variant = applyParam(variant, name, value);
    const data = resolveData(variant, filePath);
    const training = resolveTraining(variant);
    if (options.seed !== undefined && !('training.seed' in params)) training.seed = options.seed;
    if (quick) {
      data.limit = { train: Math.min(data.limit.train ?? Infinity, q.train), test: Math.min(data.limit.test ?? Infinity, q.test) };
      training.epochs = Math.min(training.epochs, q.epochs);
    }
    const label = Object.keys(params).length === 0 ? file.name : Object.entries(params).map(([k, v]) => `${k.split('.')[1]}=${formatValue(v)}`).join(' · ');
    return {
      index,
      label,
      params,
      kind: file.kind as 'binary' | 'multiclass',
      data,
      model: resolveModel(variant, data.classes.length),
      training,
      evaluation: { samples: file.evaluation?.samples ?? 9 },
    };
  });
  return base;
}
