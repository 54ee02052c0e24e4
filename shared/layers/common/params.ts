import { z } from 'zod';

/**
 * Parameter building blocks shared by the kinds. Limits are generous but finite: a document asking for a
 * 10^9-wide kernel is refused by validation instead of reaching the shape maths or tfjs.
 */
export const MAX_DIM = 16_384;
export const MAX_CHANNELS = 65_536;
export const MAX_UNITS = 1_000_000;

const posInt = (max: number) => z.number().int().min(1).max(max);

/** One int or an [h, w] pair: kernel, stride, dilation, pool size. */
export const Size2Schema = z.union([posInt(MAX_DIM), z.tuple([posInt(MAX_DIM), posInt(MAX_DIM)])]);
export type Size2 = z.infer<typeof Size2Schema>;

const padInt = z.number().int().min(0).max(MAX_DIM);

/** 'valid' | 'same' | 'full' | P (all sides) | [top, bottom, left, right]. */
export const PaddingSchema = z.union([
  z.enum(['valid', 'same', 'full']),
  padInt,
  z.tuple([padInt, padInt, padInt, padInt]),
]);
export type Padding = z.infer<typeof PaddingSchema>;

/**
 * Activation functions; `leaky_relu` uses Keras's default slope 0.3 when folded into a Conv2D/Dense; `relu6` is
 * min(max(0, x), 6) (MobileNet; Keras `ReLU(max_value=6)`). `gelu` is the exact (erf) form, Keras's and
 * PyTorch's default; `swish` is x·σ(x) (PyTorch's SiLU); `hard_swish` is x·relu6(x + 3)/6 (Keras 3's
 * hard_swish, PyTorch's Hardswish; tfjs lacks it, so it is Stride's own layer).
 */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'leaky_relu',
  'elu',
  'gelu',
  'selu',
  'swish',
  'hard_swish',
  'relu6',
] as const;
export const ActivationSchema = z.enum(ACTIVATIONS);
export type ActivationName = z.infer<typeof ActivationSchema>;

export const FiltersSchema = posInt(MAX_CHANNELS);
export const UnitsSchema = posInt(MAX_UNITS);

export function pair(size: Size2): readonly [number, number] {
  return typeof size === 'number' ? [size, size] : size;
}

/** `3×3`, or `3` when asked for the short form of a square size. */
export function sizeText(size: Size2): string {
  const [h, w] = pair(size);
  return `${h}×${w}`;
}

export function strideText(stride: Size2): string {
  const [h, w] = pair(stride);
  return h === w ? `${h}` : `${h}×${w}`;
}

export function paddingText(padding: Padding): string {
  if (typeof padding === 'string') return padding;
  if (typeof padding === 'number') return `p${padding}`;
  return `p[${padding.join(',')}]`;
}

/** The activation as it appears after a layer in the notation ('' for linear). */
export function activationSuffix(activation: ActivationName): string {
  return activation === 'linear' ? '' : ` ${activation}`;
}
