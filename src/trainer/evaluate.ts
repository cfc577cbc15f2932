import type * as tf from '@tensorflow/tfjs';
import type { ResolvedTrial } from '../core/experiment';
import type { PredictionSample } from '../core/record';
import type { Dataset } from './data/dataset';
import { imageRow, type Scaling, type Split } from './data/splits';
import { seededRandom, shuffleInPlace } from '../core/random';
import { CELL_EXAMPLES } from '../core/defaults';
import { predictSplit, predictedClass, type FastForward } from './net/batches';
import { sampleLoss } from './net/model';
import { classificationReport, confusionMatrix } from './metrics';

export interface SplitScore {
  loss: number;
  accuracy: number;
}

export interface SplitEvaluation extends SplitScore {
  predicted: Uint8Array;
  probability: Float32Array;
}

export function evaluateSplit(
  model: tf.LayersModel,
  dataset: Dataset,
  split: Split,
  scaling: Scaling,
  trial: ResolvedTrial,
  fast?: FastForward,
): SplitEvaluation {
  const units = trial.model.outputUnits;
  const probs = predictSplit(model, dataset, split, scaling, units, fast);
  const n = split.refs.length;
  const predicted = new Uint8Array(n);
  const probability = new Float32Array(n);
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const { cls, probability: p } = predictedClass(probs, i, units);
    predicted[i] = cls;
    probability[i] = p;
    if (cls === split.classes[i]) correct++;
    loss += sampleLoss(trial.training.loss, probs, i * units, units, split.classes[i]);
  }
  return { loss: n ? loss / n : NaN, accuracy: n ? correct / n : NaN, predicted, probability };
}

/** N seeded random test images plus a few examples of every confusion-matrix cell. */
export function pickSamples(
  dataset: Dataset,
  test: Split,
  evaluation: SplitEvaluation,
  count: number,
  seed: number,
): PredictionSample[] {
  const sample = (index: number, reason: PredictionSample['reason']): PredictionSample => ({
    index,
    label: test.classes[index],
    predicted: evaluation.predicted[index],
    probability: evaluation.probability[index],
    pixels: Buffer.from(imageRow(dataset, test.refs[index])).toString('base64'),
    reason,
  });
  const order = shuffleInPlace(
    Array.from({ length: test.refs.length }, (_, i) => i),
    seededRandom(seed ^ 0x9a3b1e),
  );
  const samples = order.slice(0, count).map((i) => sample(i, 'random'));
  const perCell = new Map<string, number>();
  for (let i = 0; i < test.refs.length; i++) {
    const key = `${test.classes[i]},${evaluation.predicted[i]}`;
    const seen = perCell.get(key) ?? 0;
    if (seen < CELL_EXAMPLES) {
      perCell.set(key, seen + 1);
      samples.push(sample(i, 'cell'));
    }
  }
  return samples;
}

export function summarise(test: Split, evaluation: SplitEvaluation, classNames: string[]) {
  const matrix = confusionMatrix(test.classes, evaluation.predicted, classNames.length);
  return { confusionMatrix: matrix, report: classificationReport(matrix, classNames) };
}
