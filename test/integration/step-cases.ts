// The nets every fast training step is held to tf.variableGrads on: each activation, output and
// loss the hand-written gradients take, with and without a normalisation offset.
import type { ExperimentFile } from '../../src/core/schema';

export interface StepCase {
  name: string;
  file: Partial<ExperimentFile> & Pick<ExperimentFile, 'kind'>;
  offset: number;
}

export const STEP_CASES: StepCase[] = [
  {
    name: '784-128-64-32-10 relu, softmax, cross-entropy (the study’s part 4)',
    file: {
      kind: 'multiclass',
      model: { hidden: [{ units: 128 }, { units: 64 }, { units: 32 }] },
      training: { seed: 4 },
    },
    offset: 0,
  },
  {
    name: '784-64-16-1 sigmoid hidden, sigmoid output, binary cross-entropy',
    file: {
      kind: 'binary',
      data: { classes: [5, 8] },
      model: { hidden: [{ units: 64 }, { units: 16 }], activation: 'sigmoid' },
      training: { seed: 5 },
    },
    offset: 0,
  },
  {
    name: '784-32-12-10 tanh, softmax, mean squared error, standardised (offset) input',
    file: {
      kind: 'multiclass',
      model: { hidden: [{ units: 32 }, { units: 12 }], activation: 'tanh' },
      training: { seed: 6, loss: 'meanSquaredError' },
    },
    offset: -0.4242,
  },
  {
    name: '784-16-10 linear hidden, linear output, mean squared error',
    file: {
      kind: 'multiclass',
      model: { hidden: [{ units: 16 }], activation: 'linear', outputActivation: 'linear' },
      training: { seed: 7, loss: 'meanSquaredError' },
    },
    offset: 0,
  },
];
