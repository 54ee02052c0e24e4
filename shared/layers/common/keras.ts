import type { KerasLayerDraft } from '../types';
import type { ActivationName, Padding, Size2 } from './params';
import { pair } from './params';
import { axisPads } from './window';

/**
 * tfjs layers know only 'same' and 'valid'. Explicit and 'full' padding compile to ZeroPadding2D + 'valid',
 * unless the explicit pads are exactly what 'same' would apply to this input (then 'same', one layer fewer).
 */
export function kerasPadding(
  padding: Padding,
  input: readonly number[],
  kernel: Size2,
  stride: Size2,
  dilation: Size2 = 1,
): { readonly pre: readonly KerasLayerDraft[]; readonly padding: 'same' | 'valid' } {
  if (padding === 'valid' || padding === 'same') return { pre: [], padding };
  const [kh, kw] = pair(kernel);
  const [sh, sw] = pair(stride);
  const [dh, dw] = pair(dilation);
  const [h, w] = [input[0] ?? 0, input[1] ?? 0];
  const eh = dh * (kh - 1) + 1;
  const ew = dw * (kw - 1) + 1;
  const [t, b] = axisPads(padding, 0, h, eh, sh);
  const [l, r] = axisPads(padding, 1, w, ew, sw);
  if (t === 0 && b === 0 && l === 0 && r === 0) return { pre: [], padding: 'valid' };
  const [st, sb] = axisPads('same', 0, h, eh, sh);
  const [sl, sr] = axisPads('same', 1, w, ew, sw);
  if (t === st && b === sb && l === sl && r === sr) return { pre: [], padding: 'same' };
  return { pre: [{ ...zeroPadding([t, b, l, r]), role: 'pad' }], padding: 'valid' };
}

export function zeroPadding(pads: readonly [number, number, number, number]): KerasLayerDraft {
  return {
    className: 'ZeroPadding2D',
    config: {
      padding: [
        [pads[0], pads[1]],
        [pads[2], pads[3]],
      ],
    },
  };
}

/** Keras's default LeakyReLU slope, used when leaky_relu is folded into a Conv2D/Dense. */
export const KERAS_LEAKY_ALPHA = 0.3;

/** SELU's constants (Klambauer et al. 2017), as tfjs, Keras, PyTorch and ONNX fix them. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/**
 * The activation of a Conv2D/Dense: tfjs activation strings cover all but leaky_relu and hard_swish, which
 * become a separate layer (LeakyReLU, Stride's own StrideHardSwish) after a linear one.
 */
export function kerasActivation(activation: ActivationName): {
  readonly activation: string;
  readonly post: readonly KerasLayerDraft[];
} {
  if (activation === 'leaky_relu') {
    return {
      activation: 'linear',
      post: [{ className: 'LeakyReLU', config: { alpha: KERAS_LEAKY_ALPHA }, role: 'activation' }],
    };
  }
  if (activation === 'hard_swish') {
    return { activation: 'linear', post: [{ className: 'StrideHardSwish', config: {}, role: 'activation' }] };
  }
  return { activation, post: [] };
}
