// One trial: data → model → epochs (with early stopping and best-weight restore) → test
// evaluation. Knows nothing about processes or VS Code; the worker wires it to messages.
import * as tf from '@tensorflow/tfjs';
import { bestEpoch, improves, monitoredValue } from '../core/best';
import { EARLY_STOPPING_DEFAULTS } from '../core/defaults';
import type { ResolvedTrial } from '../core/experiment';
import type { EpochRecord, TrialResult } from '../core/record';
import type { ProgressEvent } from '../core/events';
import type { Dataset } from './data/dataset';
import { prepareData } from './data/splits';
import { seededRandom, shuffleInPlace } from '../core/random';
import { evaluateSplit, pickSamples, summarise, type SplitScore } from './evaluate';
import { saveModel } from './save-model';
import { DynamicsRecorder } from './dynamics/recorder';
import { makeStep, type StepOptions } from './step';
import { checkBatchLoss, checkEpoch, checkTestScore, DivergenceError } from './divergence';

export interface TrainHooks {
  onStart?(sizes: TrialResult['sizes']): void;
  onProgress?(event: Omit<ProgressEvent, 'type' | 'trial'>): void;
  onEpoch?(record: EpochRecord, epochs: number): void;
  /** Polled between batches; true stops training after the current batch. */
  shouldStop?(): boolean;
  log?(message: string): void;
}

export interface TrialOutcome {
  status: 'done' | 'cancelled';
  history: EpochRecord[];
  result: TrialResult | null;
  /** Tensors the replica threads still held after the trial (empty when trained on one thread). */
  replicaTensorsAlive: number[];
}

export interface TrainOptions extends Pick<
  StepOptions,
  'pool' | 'sparseInput' | 'tapeless' | 'denseInput' | 'wholeStep'
> {
  /** Where the trained model is saved (tfjs layers format), or null not to save. */
  modelDir?: string | null;
  /**
   * For the bench's comparison: whether a trial that records its dynamics records them in
   * this epoch (default: in every epoch), so epochs with and without share one trial.
   */
  recordEpoch?: (epoch: number) => boolean;
}

const PROGRESS_INTERVAL_MS = 250;
const YIELD_INTERVAL_MS = 50;

/**
 * Keras's EarlyStopping, plus restoring the best weights (tfjs's own throws on that option).
 * What counts as an improvement is core/best.ts's rule, the one the charts mark epochs by.
 */
class EarlyStopper {
  bestEpoch = 0;
  private best: number | null = null;
  private wait = 0;
  private bestWeights: tf.Tensor[] | null = null;
  constructor(private readonly settings: NonNullable<ResolvedTrial['training']['earlyStopping']>) {}

  private value(record: EpochRecord): number {
    const value = monitoredValue(record, this.settings.monitor);
    if (value === null)
      throw new Error(`early stopping monitors ${this.settings.monitor}, which this run does not compute`);
    if (!Number.isFinite(value))
      throw new DivergenceError(`diverged: ${this.settings.monitor} is ${value} at epoch ${record.epoch}`);
    return value;
  }

  /** Returns true when training should stop. */
  update(record: EpochRecord, model: tf.LayersModel): boolean {
    const value = this.value(record);
    if (improves(value, this.best, this.settings.monitor, this.settings.minDelta)) {
      this.best = value;
      this.bestEpoch = record.epoch;
      this.wait = 0;
      if (this.settings.restoreBestWeights) {
        tf.dispose(this.bestWeights ?? []);
        this.bestWeights = model.getWeights().map((w) => w.clone());
      }
      return false;
    }
    this.wait++;
    return this.wait >= this.settings.patience;
  }

  restore(model: tf.LayersModel): void {
    if (this.settings.restoreBestWeights && this.bestWeights) model.setWeights(this.bestWeights);
  }

  dispose(): void {
    tf.dispose(this.bestWeights ?? []);
    this.bestWeights = null;
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function trainTrial(
  dataset: Dataset,
  trial: ResolvedTrial,
  hooks: TrainHooks = {},
  options: TrainOptions = {},
): Promise<TrialOutcome> {
  const { modelDir = null, pool, sparseInput, tapeless, denseInput, wholeStep, recordEpoch } = options;
  const started = performance.now();
  const data = prepareData(dataset, trial.data, trial.training.seed);
  const sizes = { train: data.train.refs.length, validation: data.validation.refs.length, test: data.test.refs.length };
  const { batchSize, epochs } = trial.training;
  if (sizes.train === 0)
    throw new Error('the training split is empty; check data.classes, data.limit and data.validationFraction');
  if (batchSize > sizes.train)
    throw new Error(`training.batchSize ${batchSize} is larger than the ${sizes.train} training samples`);
  hooks.onStart?.(sizes);

  const step = await makeStep(dataset, trial, data.scaling, {
    pool,
    sparseInput,
    tapeless,
    denseInput,
    wholeStep,
    log: hooks.log,
  });
  const model = step.model;
  // Validation and test predictions take the same route as training where it applies.
  const fast = step.predict;
  const threads = step.threads;
  const replicaTensorsAlive: number[] = [];
  let failure: unknown = null;
  const stopper = trial.training.earlyStopping ? new EarlyStopper(trial.training.earlyStopping) : null;
  const shuffle = seededRandom(trial.training.seed ^ 0x7a11);
  const order = new Uint32Array(sizes.train);
  const history: EpochRecord[] = [];
  let cancelled = false;
  let dynamicsRecorder: DynamicsRecorder | null = null;
  try {
    if (trial.dynamics)
      dynamicsRecorder = new DynamicsRecorder(
        trial.dynamics,
        trial,
        dataset,
        sizes.validation > 0 ? data.validation : data.train,
        data.scaling,
      );
    for (let epoch = 1; epoch <= epochs && !cancelled; epoch++) {
      const epochStart = performance.now();
      const recorder = recordEpoch && !recordEpoch(epoch) ? null : dynamicsRecorder;
      for (let i = 0; i < order.length; i++) order[i] = i;
      shuffleInPlace(order, shuffle);
      const refs = order.map((i) => data.train.refs[i]);
      const classes = order.map((i) => data.train.classes[i]);
      const batches = Math.ceil(sizes.train / batchSize);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let lastProgress = epochStart;
      let lastYield = epochStart;
      recorder?.beginEpoch(batches);
      for (let b = 0; b < batches; b++) {
        const start = b * batchSize;
        const end = Math.min(start + batchSize, sizes.train);
        const measure = recorder?.measureFor(b);
        const { loss, hits } = step.step(refs, classes, start, end, measure);
        checkBatchLoss(loss, epoch, b + 1);
        if (measure) recorder!.afterStep(b);
        lossSum += loss * (end - start);
        correct += hits;
        seen += end - start;
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now;
          hooks.onProgress?.({
            epoch,
            epochs,
            batch: b + 1,
            batches,
            loss: lossSum / seen,
            accuracy: correct / seen,
            samplesPerSecond: seen / ((now - epochStart) / 1000),
          });
        }
        if (now - lastYield >= YIELD_INTERVAL_MS) {
          lastYield = now;
          await yieldToEventLoop();
          if (hooks.shouldStop?.()) {
            cancelled = true;
            break;
          }
        }
      }
      step.settle();
      if (cancelled) break;
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const val: SplitScore | null =
        sizes.validation > 0 ? evaluateSplit(model, dataset, data.validation, data.scaling, trial, fast) : null;
      const dynamics = recorder?.endEpoch(model, step.firstPreActivation, step.probeForward);
      const record: EpochRecord = {
        epoch,
        loss: lossSum / seen,
        accuracy: correct / seen,
        valLoss: val ? val.loss : null,
        valAccuracy: val ? val.accuracy : null,
        seconds: (performance.now() - epochStart) / 1000,
        samplesPerSecond: seen / trainSeconds,
        ...(dynamics ? { dynamics } : {}),
      };
      checkEpoch(record);
      history.push(record);
      hooks.onEpoch?.(record, epochs);
      if (stopper?.update(record, model)) {
        hooks.log?.(
          `early stopping after epoch ${epoch}: no ${trial.training.earlyStopping!.monitor} improvement for ${trial.training.earlyStopping!.patience} epochs (best: epoch ${stopper.bestEpoch})`,
        );
        break;
      }
      await yieldToEventLoop();
      if (hooks.shouldStop?.()) cancelled = true;
    }
    if (cancelled) return { status: 'cancelled', history, result: null, replicaTensorsAlive };

    const summary = step.summary();
    if (summary) hooks.log?.(summary);
    stopper?.restore(model);
    // Without early stopping the model keeps its last weights, but "best" still means the
    // epoch with the lowest validation (else training) loss, as the charts mark it.
    const best =
      stopper && stopper.bestEpoch > 0
        ? stopper.bestEpoch
        : (bestEpoch(history, EARLY_STOPPING_DEFAULTS.monitor) ?? history[0]?.epoch ?? 0);
    const test = evaluateSplit(model, dataset, data.test, data.scaling, trial, fast);
    checkTestScore(test.loss, test.accuracy);
    const { confusionMatrix, report } = summarise(data.test, test, trial.data.classNames);
    if (modelDir) await saveModel(model, modelDir);
    return {
      status: 'done',
      history,
      replicaTensorsAlive,
      result: {
        testLoss: test.loss,
        testAccuracy: test.accuracy,
        epochsRun: history.length,
        bestEpoch: best,
        stoppedEarly: history.length < epochs,
        confusionMatrix,
        report,
        samples: pickSamples(dataset, data.test, test, trial.evaluation.samples, trial.training.seed),
        trainSeconds: (performance.now() - started) / 1000,
        sizes,
        modelPath: modelDir,
        threads,
        inputScaling: { scale: data.scaling.scale, offset: data.scaling.offset },
      },
    };
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    stopper?.dispose();
    dynamicsRecorder?.dispose();
    // Filled in place: the returned outcome object already holds this array.
    replicaTensorsAlive.push(...(await step.finish(failure)));
  }
}
