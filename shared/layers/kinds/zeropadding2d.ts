import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { MAX_DIM } from '../common/params';
import { isImage, needsImage, NO_PARAMS } from '../common/rank';
import { zeroPadding } from '../common/keras';

const padInt = z.number().int().min(0).max(MAX_DIM);

export const ZeroPadding2dParamsSchema = z.strictObject({
  /** P on every side, or [top, bottom, left, right]. */
  padding: z.union([padInt, z.tuple([padInt, padInt, padInt, padInt])]),
});
export type ZeroPadding2dParams = z.infer<typeof ZeroPadding2dParamsSchema>;

const pads = (p: ZeroPadding2dParams) =>
  (typeof p.padding === 'number' ? [p.padding, p.padding, p.padding, p.padding] : p.padding) as readonly [
    number,
    number,
    number,
    number,
  ];

export const zeropadding2d: LayerKindDef<ZeroPadding2dParams> = {
  kind: 'zeropadding2d',
  label: 'ZeroPadding2D',
  category: 'convolution',
  description: 'Surrounds the image with rows and columns of zeros so the next window sees the border.',
  params: ZeroPadding2dParamsSchema,
  defaults: { padding: 1 },
  fields: [{ key: 'padding', label: 'Padding', type: 'padding', help: 'P, or [top, bottom, left, right]' }],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) => `ZeroPad ${typeof p.padding === 'number' ? p.padding : `[${p.padding.join(',')}]`}`,
  infer(p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    if (!isImage(x)) return needsImage('ZeroPadding2D', x);
    const [t, b, l, r] = pads(p);
    const [h, w, c] = x;
    return {
      shape: [h + t + b, w + l + r, c],
      params: NO_PARAMS,
      macs: 0,
      formulas: [`H: ${h} + ${t} + ${b} = ${h + t + b}`, `W: ${w} + ${l} + ${r} = ${w + l + r}`],
    };
  },
  toKeras: (p) => [zeroPadding(pads(p))],
};
