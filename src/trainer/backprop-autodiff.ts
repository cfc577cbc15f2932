// The independent witness for the hand-derived gradients: the same 2-3-1 loss written with
// TensorFlow.js ops and differentiated by tf.grads. It runs in float32 (every tfjs backend
// does), hence the looser tolerance than the float64 finite differences.
import * as tf from '@tensorflow/tfjs';
import type { ResolvedBackprop } from '../core/experiment';
import type { BackpropRecord } from '../core/record';
import {
  HIDDEN_NEURONS,
  PARAMS,
  getParam,
  runWalkthrough,
  type AutodiffProvider,
  type NetworkSetting,
  type ParamName,
} from '../core/backprop-walkthrough';
import { activate } from './net/activation';

/** The loss as a function of the 13 parameters, in PARAMS order. */
function lossFunction(net: NetworkSetting): (...params: tf.Tensor[]) => tf.Tensor {
  const [x1, x2] = net.inputs.map((x) => tf.scalar(x));
  const y = tf.scalar(net.target);
  return (...values: tf.Tensor[]) => {
    const p = Object.fromEntries(PARAMS.map((name, i) => [name, values[i] as tf.Scalar])) as Record<
      ParamName,
      tf.Scalar
    >;
    let zOut: tf.Scalar = p.bOut;
    for (const {
      weights: [wa, wb],
      bias,
      out,
    } of HIDDEN_NEURONS) {
      const z = tf.add(tf.add(tf.mul(p[wa], x1), tf.mul(p[wb], x2)), p[bias]) as tf.Scalar;
      zOut = tf.add(zOut, tf.mul(p[out], activate(net.hiddenActivation, z))) as tf.Scalar;
    }
    const yHat = activate(net.outputActivation, zOut);
    if (net.loss === 'mse') return tf.square(tf.sub(yHat, y)) as tf.Scalar;
    const one = tf.scalar(1);
    return tf.neg(tf.add(tf.mul(y, tf.log(yHat)), tf.mul(tf.sub(one, y), tf.log(tf.sub(one, yHat))))) as tf.Scalar;
  };
}

export function autodiffGradients(net: NetworkSetting): Record<ParamName, number> {
  return tf.tidy(() => {
    const args = PARAMS.map((name) => tf.scalar(getParam(net, name)));
    const grads = tf.grads(lossFunction(net))(args);
    return Object.fromEntries(PARAMS.map((name, i) => [name, grads[i].dataSync()[0]])) as Record<ParamName, number>;
  });
}

export function tfAutodiff(): AutodiffProvider {
  // The backend name is only known once tfjs has run something, so ask after the gradients.
  return { gradients: autodiffGradients, describe: () => `tf.grads on the ${tf.getBackend()} backend, float32` };
}

/** What the trainer worker runs for a BackpropCommand. */
export function runVerifiedWalkthrough(cfg: ResolvedBackprop): BackpropRecord {
  return runWalkthrough(cfg, tfAutodiff());
}
