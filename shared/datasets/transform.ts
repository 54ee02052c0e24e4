import type { ImageShape } from './fit';

/**
 * Input transforms: what turns a dataset's images into the graph's input when they differ — LeNet-5 reads
 * MNIST's 28×28 digits padded with zeros to 32×32, as it was trained; AlexNet reads them resized to 227×227 and
 * repeated into three channels. Applied to every image a run reads (training batches, validation, test,
 * feature maps), in this order: channels, resize (bilinear, half-pixel centres), pad (zeros, i.e. black, before
 * any normalisation). Pure: the form, the CLI and the worker compute the same shapes.
 */
export interface InputTransform {
  /** Zeros added [top, bottom, left, right], in pixels (after any resize). */
  readonly pad?: readonly [number, number, number, number] | undefined;
  /** [height, width] to resize to (bilinear). */
  readonly resize?: readonly [number, number] | undefined;
  /** 1: grayscale by BT.601 luma; 3: a gray image repeated into R, G and B. */
  readonly channels?: 1 | 3 | undefined;
}

export const isIdentityTransform = (t: InputTransform | undefined): boolean =>
  t === undefined || (t.pad === undefined && t.resize === undefined && t.channels === undefined);

/** The image shape a transform produces from `shape`. */
export function transformedShape(shape: ImageShape, t: InputTransform | undefined): ImageShape {
  if (t === undefined) return shape;
  const channels = t.channels ?? shape[2];
  const [h, w] = t.resize ?? [shape[0], shape[1]];
  const [pt, pb, pl, pr] = t.pad ?? [0, 0, 0, 0];
  return [h + pt + pb, w + pl + pr, channels];
}

/** Growth this small is zero padding (the image keeps its scale); more, or any shrinking, is a resize. */
const PAD_LIMIT = (side: number) => Math.max(4, Math.floor(side / 4));

/**
 * The transform that makes `dataset`-shaped images fit an input of `input`, or null when they already fit or
 * no transform can (an input that is not an image, or channel counts other than 1 and 3).
 */
export function fitTransform(input: readonly number[], dataset: ImageShape): InputTransform | null {
  if (input.length !== 3) return null;
  const [ih = 0, iw = 0, ic = 0] = input;
  const [h, w, c] = dataset;
  if (ih === h && iw === w && ic === c) return null;
  if (ic !== c && !((ic === 1 || ic === 3) && (c === 1 || c === 3))) return null;
  const dh = ih - h;
  const dw = iw - w;
  const out: { pad?: [number, number, number, number]; resize?: [number, number]; channels?: 1 | 3 } = {};
  if (ic !== c) out.channels = ic as 1 | 3;
  if (dh !== 0 || dw !== 0) {
    if (dh >= 0 && dw >= 0 && dh <= PAD_LIMIT(h) && dw <= PAD_LIMIT(w))
      out.pad = [Math.floor(dh / 2), Math.ceil(dh / 2), Math.floor(dw / 2), Math.ceil(dw / 2)];
    else out.resize = [ih, iw];
  }
  return out;
}

/** "pad 2 (28×28 → 32×32)", "resize to 227×227, 3 channels": the transform in words. */
export function describeTransform(t: InputTransform, from?: ImageShape): string {
  const parts: string[] = [];
  if (t.channels !== undefined)
    parts.push(t.channels === 3 ? 'repeat the gray channel into RGB' : 'convert to grayscale');
  if (t.resize !== undefined) parts.push(`resize to ${t.resize[0]}×${t.resize[1]}`);
  if (t.pad !== undefined) {
    const [a, b, l, r] = t.pad;
    const even = a === b && l === r && a === l;
    parts.push(
      `pad ${even ? `${a} pixel${a === 1 ? '' : 's'}` : `${a}/${b}/${l}/${r} (top/bottom/left/right)`} with zeros`,
    );
  }
  const text = parts.join(', ') || 'no transform';
  if (from === undefined) return text;
  const to = transformedShape(from, t);
  return `${text} (${from.join('×')} → ${to.join('×')})`;
}
