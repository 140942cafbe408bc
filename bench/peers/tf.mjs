// The TensorFlow.js peer (4.22): loss + gradient through tf.valueAndGrad of tf.losses.* (or, for
// losses tf.losses lacks, the same formula composed from tf ops), and optimizer steps through
// tf.train.*. One call = valueAndGrad + reading the scalar value back; the gradient stays a tensor
// (as ours stays in the wasm heap). Every intermediate is disposed by tf.tidy.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs'; // the full package: it registers the gradients
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };

/** Switches to the named backend ('wasm' uses the SIMD binary, single-threaded; or 'cpu'). */
export async function useBackend(name, root) {
  if (name === 'wasm') {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths(path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  }
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} did not initialise`);
  await tf.ready();
  const simd = name === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : false;
  return { backend: tf.getBackend(), simd };
}

const LN2 = Math.log(2);

/** The loss of logits/predictions `x` against labels `y` (tensors), mean reduction. */
const tfLosses = {
  bce_logits: (x, y) => tf.losses.sigmoidCrossEntropy(y, x),
  // torchvision.ops.sigmoid_focal_loss(alpha = 0.25, gamma = 2), as tf ops
  focal: (x, y) => {
    const p = tf.sigmoid(x);
    const ce = tf.losses.sigmoidCrossEntropy(y, x, undefined, 0, tf.Reduction.NONE);
    const one = tf.scalar(1);
    const pt = tf.add(tf.mul(p, y), tf.mul(tf.sub(one, p), tf.sub(one, y)));
    const alphaT = tf.add(tf.mul(0.25, y), tf.mul(0.75, tf.sub(one, y)));
    return tf.mean(tf.mul(tf.mul(alphaT, ce), tf.square(tf.sub(one, pt))));
  },
  // log cosh r = r + softplus(-2r) - log 2, for either sign of r
  log_cosh: (x, y) => {
    const r = tf.sub(x, y);
    return tf.mean(tf.sub(tf.add(r, tf.softplus(tf.mul(-2, r))), LN2));
  },
  cross_entropy: (x, y) => tf.losses.softmaxCrossEntropy(y, x),
  mse: (x, y) => tf.losses.meanSquaredError(y, x),
  huber: (x, y) => tf.losses.huberLoss(y, x, undefined, 1.0),
  quantile: (x, y) => {
    const r = tf.sub(y, x); // y − ŷ
    return tf.mean(tf.maximum(tf.mul(0.9, r), tf.mul(-0.1, r)));
  },
};

/**
 * Prepares one loss on the current backend: returns { call, result, dispose }. `call` is what is
 * timed; `result()` returns { value, grad: Float32Array } for the cross-check.
 */
export function prepareLoss(name, input, target, classes) {
  const x = classes ? tf.tensor2d(input, [input.length / classes, classes]) : tf.tensor1d(input);
  let y;
  if (name === 'cross_entropy') {
    y = tf.tidy(() => tf.oneHot(tf.tensor1d(target, 'int32'), classes).toFloat());
  } else {
    y = tf.tensor1d(target);
  }
  const lossOf = tfLosses[name];
  const valueAndGrad = tf.valueAndGrad((logits) => lossOf(logits, y));
  const call = () =>
    tf.tidy(() => {
      const { value } = valueAndGrad(x);
      return value.dataSync()[0];
    });
  const result = () =>
    tf.tidy(() => {
      const { value, grad } = valueAndGrad(x);
      return { value: value.dataSync()[0], grad: Float32Array.from(grad.dataSync()) };
    });
  return { call, result, dispose: () => tf.dispose([x, y]) };
}

/** Prepares an optimizer step ('adam' or 'sgd' = momentum 0.9) on fresh state. */
export function prepareStep(kind, params, grads) {
  const variable = tf.variable(tf.tensor1d(params));
  const grad = tf.tensor1d(grads);
  const optimizer = kind === 'adam' ? tf.train.adam(1e-3, 0.9, 0.999, 1e-8) : tf.train.momentum(1e-2, 0.9);
  const named = { [variable.name]: grad };
  const call = () => optimizer.applyGradients(named);
  const read = () => Float32Array.from(variable.dataSync());
  return {
    call,
    read,
    dispose: () => {
      optimizer.dispose();
      tf.dispose([variable, grad]);
    },
  };
}
