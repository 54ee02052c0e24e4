import type { ActivationName } from '../layers/common/params';
import { KERAS_LEAKY_ALPHA, SELU_ALPHA, SELU_SCALE } from '../layers/common/keras';

/**
 * The element-wise activations a Conv2D can apply after its sum, as tfjs computes them (leaky_relu with Keras's
 * slope 0.3, gelu as x·Φ(x) with the error function, as tfjs-layers' 'gelu'). Softmax is not element-wise: an
 * explainer of one pixel leaves it to the softmax lesson, so here it is the identity and `elementWise` says so.
 */
export const elementWise = (a: ActivationName): boolean => a !== 'softmax';

export function activate(a: ActivationName, x: number): number {
  switch (a) {
    case 'linear':
    case 'softmax':
      return x;
    case 'relu':
      return Math.max(0, x);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
    case 'leaky_relu':
      return x < 0 ? KERAS_LEAKY_ALPHA * x : x;
    case 'elu':
      return x < 0 ? Math.exp(x) - 1 : x;
    case 'gelu':
      return 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'selu':
      return SELU_SCALE * (x < 0 ? SELU_ALPHA * (Math.exp(x) - 1) : x);
    case 'swish':
      return x / (1 + Math.exp(-x));
    case 'hard_swish':
      return (x * Math.min(6, Math.max(0, x + 3))) / 6;
    case 'relu6':
      return Math.min(Math.max(0, x), 6);
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough for numbers written to 3–4 decimals. */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}
