// The activations applied here with plain TensorFlow.js ops, shared by the tapeless step (whose
// hand-written gradients cover exactly these) and the backprop walkthrough's autodiff witness.
import * as tf from '@tensorflow/tfjs';

export type PlainActivation = 'relu' | 'sigmoid' | 'tanh' | 'linear';

export const PLAIN_ACTIVATIONS: ReadonlySet<string> = new Set<PlainActivation>(['relu', 'sigmoid', 'tanh', 'linear']);

export function activate<T extends tf.Tensor>(name: PlainActivation, z: T): T {
  switch (name) {
    case 'relu':
      return tf.relu(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'linear':
      return z;
  }
}
