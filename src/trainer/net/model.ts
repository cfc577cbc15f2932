import * as tf from '@tensorflow/tfjs';
import type { ResolvedInitializer, ResolvedTrial } from '../../core/experiment';
import { outputInitializer } from '../../core/model-summary';

function initializer(spec: ResolvedInitializer, seed: number): ReturnType<typeof tf.initializers.zeros> {
  switch (spec.name) {
    case 'randomNormal':
      return tf.initializers.randomNormal({ mean: spec.mean ?? 0, stddev: spec.stddev ?? 0.05, seed });
    case 'randomUniform':
      return tf.initializers.randomUniform({ minval: spec.minval ?? -0.05, maxval: spec.maxval ?? 0.05, seed });
    case 'heNormal':
      return tf.initializers.heNormal({ seed });
    case 'heUniform':
      return tf.initializers.heUniform({ seed });
    case 'glorotNormal':
      return tf.initializers.glorotNormal({ seed });
    case 'glorotUniform':
      return tf.initializers.glorotUniform({ seed });
    case 'leCunNormal':
      return tf.initializers.leCunNormal({ seed });
    case 'zeros':
      return tf.initializers.zeros();
  }
}

/** input → Dense hidden layers → Dense output, every kernel seeded from the trial seed. */
export function buildModel(trial: ResolvedTrial, inputSize: number): tf.Sequential {
  const model = tf.sequential();
  const seed = trial.training.seed;
  trial.model.hidden.forEach((layer, i) => {
    model.add(
      tf.layers.dense({
        units: layer.units,
        activation: layer.activation,
        kernelInitializer: initializer(layer.initializer, seed + 1009 * (i + 1)),
        biasInitializer: 'zeros',
        ...(i === 0 ? { inputShape: [inputSize] } : {}),
      }),
    );
  });
  model.add(
    tf.layers.dense({
      units: trial.model.outputUnits,
      activation: trial.model.outputActivation,
      kernelInitializer: initializer(outputInitializer(trial.model), seed + 1009 * (trial.model.hidden.length + 1)),
      biasInitializer: 'zeros',
      ...(trial.model.hidden.length === 0 ? { inputShape: [inputSize] } : {}),
    }),
  );
  return model;
}

const EPSILON = 1e-7;

/** Mean loss over the batch, as Keras computes it (probabilities clipped to [ε, 1−ε]). */
export function lossTensor(loss: ResolvedTrial['training']['loss'], yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'binaryCrossentropy': {
        const p = yPred.clipByValue(EPSILON, 1 - EPSILON);
        return yTrue
          .mul(p.log())
          .add(tf.scalar(1).sub(yTrue).mul(tf.scalar(1).sub(p).log()))
          .mean()
          .neg() as tf.Scalar;
      }
      case 'categoricalCrossentropy':
        return yTrue
          .mul(yPred.clipByValue(EPSILON, 1 - EPSILON).log())
          .sum(-1)
          .mean()
          .neg() as tf.Scalar;
      case 'meanSquaredError':
        return yTrue.sub(yPred).square().mean() as tf.Scalar;
    }
  });
}

/** The same losses on plain arrays, for evaluation read back from predictions. */
export function sampleLoss(
  loss: ResolvedTrial['training']['loss'],
  probs: Float32Array,
  offset: number,
  units: number,
  cls: number,
): number {
  const clip = (p: number) => Math.min(Math.max(p, EPSILON), 1 - EPSILON);
  if (units === 1) {
    const p = probs[offset];
    const y = cls;
    if (loss === 'meanSquaredError') return (y - p) ** 2;
    return -(y * Math.log(clip(p)) + (1 - y) * Math.log(1 - clip(p)));
  }
  if (loss === 'categoricalCrossentropy') return -Math.log(clip(probs[offset + cls]));
  let s = 0;
  for (let j = 0; j < units; j++) {
    const y = j === cls ? 1 : 0;
    const p = probs[offset + j];
    s += loss === 'meanSquaredError' ? (y - p) ** 2 : -(y * Math.log(clip(p)) + (1 - y) * Math.log(1 - clip(p)));
  }
  return s / units;
}
