// Turns a RunRecord into the slim shapes the webview apps receive (see the contract.ts beside each panel).
// No vscode here, so it is unit-tested in Node. Panels never send the whole record to a
// webview: pixels and configs of 16 trials would be re-sent on every epoch otherwise.
import { backendLabel, type EpochRecord, type RunRecord, type TrialRecord } from '../../../core/record';
import { dynamicsAtBest } from '../../../core/dynamics';
import type { ResolvedTrial } from '../../../core/experiment';
import { EARLY_STOPPING_DEFAULTS } from '../../../core/defaults';
import { formatParam } from '../../../core/format';
import { decimateHistory } from '../../../core/decimate';
import type { ResultSummary, RunHeader, TrialSummary } from './contract';

export function runHeader(runDir: string, record: RunRecord): RunHeader {
  return {
    runDir,
    id: record.id,
    name: record.experiment.name,
    description: record.experiment.description,
    kind: record.experiment.kind,
    status: record.status,
    quick: record.quick,
    backend: backendLabel(record),
    backendNote: record.backendNote,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
    wallSeconds: record.wallSeconds,
    sweepParameters: record.sweepParameters,
    trialCount: record.trials.length,
    error: record.error,
    search: record.search ?? null,
  };
}

export function resultSummary(trial: TrialRecord): ResultSummary | null {
  const r = trial.result;
  if (!r) return null;
  return {
    testAccuracy: r.testAccuracy,
    testLoss: r.testLoss,
    epochsRun: r.epochsRun,
    bestEpoch: r.bestEpoch,
    stoppedEarly: r.stoppedEarly,
    trainSeconds: r.trainSeconds,
  };
}

/** What of a trial's history a panel that overlays many trials needs. */
export interface HistoryNeeds {
  /**
   * A finished trial's history thinned to about this many epochs (decimateHistory; its best
   * epoch always kept). A trial still running is sent whole: its panel counts its epochs.
   */
  maxEpochs?: number;
  /**
   * The per-epoch network measures (about 1 KB an epoch): every epoch's (a trial's own
   * panels), only the one its panel shows (the sweep's table at the best epoch, dynamicsAtBest),
   * or none (compare). Default: all.
   */
  dynamics?: 'all' | 'best' | 'none';
}

function historyFor(trial: TrialRecord, needs: HistoryNeeds): EpochRecord[] {
  const mode = needs.dynamics ?? 'all';
  const shown = mode === 'best' ? (dynamicsAtBest(trial)?.epoch ?? null) : null;
  const keep = [trial.result?.bestEpoch, shown ?? undefined].filter((e): e is number => e !== undefined);
  const history = trial.result ? decimateHistory(trial.history, needs.maxEpochs ?? Infinity, keep) : trial.history;
  if (mode === 'all') return history;
  return history.map((e) => {
    if (!e.dynamics || e.epoch === shown) return e;
    const { dynamics: _left, ...rest } = e;
    return rest;
  });
}

export function trialSummary(trial: TrialRecord, needs: HistoryNeeds = {}): TrialSummary {
  const training = trial.config?.training;
  return {
    index: trial.index,
    label: trial.label,
    params: trial.params ?? {},
    status: trial.status,
    epochs: training?.epochs ?? trial.history.length,
    monitor: training?.earlyStopping?.monitor ?? EARLY_STOPPING_DEFAULTS.monitor,
    batchSize: training?.batchSize ?? 0,
    learningRate: training?.learningRate ?? 0,
    seed: training?.seed ?? 0,
    history: historyFor(trial, needs),
    layerActivations: trial.config?.model
      ? [...trial.config.model.hidden.map((l) => l.activation), trial.config.model.outputActivation]
      : [],
    result: resultSummary(trial),
    error: trial.error,
    startedAt: trial.startedAt,
    finishedAt: trial.finishedAt,
    configuration: trial.config?.configuration ?? trial.index,
    rung: trial.rung ?? null,
  };
}

/** The configuration as short "name → value" lines, the same keys for every trial. */
export function describeConfig(config: ResolvedTrial | undefined): Record<string, string> {
  if (!config) return {};
  const { model, training, data } = config;
  const layers = [
    '784',
    ...model.hidden.map((l) => `${l.units} ${l.activation}`),
    `${model.outputUnits} ${model.outputActivation}`,
  ].join(' → ');
  const inits = [...new Set(model.hidden.map((l) => formatParam(l.initializer)))].join(', ');
  const es = training.earlyStopping;
  return {
    layers,
    initializer: inits,
    optimizer: training.optimizer,
    'learning rate': formatParam(training.learningRate),
    loss: training.loss,
    'batch size': String(training.batchSize),
    'epoch cap': String(training.epochs),
    'early stopping': es
      ? `${es.monitor}, patience ${es.patience}${es.restoreBestWeights ? ', restore best' : ''}`
      : 'off',
    seed: String(training.seed),
    classes: data.classNames.join(', '),
    normalization: data.normalization,
    // testFraction only applies to a pooled split; the official split's test set is the test file.
    split: `${data.split === 'pooled' ? `pooled, test ${formatParam(data.testFraction)}` : 'official test file'}, validation ${formatParam(data.validationFraction)}${data.stratify ? ', stratified' : ''}`,
  };
}

/** Changes when what these panels show changes: statuses and results, not every epoch. */
export function resultsKey(record: RunRecord): string {
  return JSON.stringify([
    record.status,
    record.backend,
    record.trials.map((t) => [
      t.status,
      t.result?.testAccuracy ?? null,
      t.result?.testLoss ?? null,
      t.rung?.rung ?? null,
      t.rung?.state ?? null,
    ]),
  ]);
}
