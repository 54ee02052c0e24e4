import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import { Size2Schema, pair, sizeText } from '../common/params';
import { isImage, needsImage, NO_PARAMS } from '../common/rank';

export const UpSampling2dParamsSchema = z.strictObject({
  size: Size2Schema,
  interpolation: z.enum(['nearest', 'bilinear']),
});
export type UpSampling2dParams = z.infer<typeof UpSampling2dParamsSchema>;

/**
 * Keras's UpSampling2D: H and W multiplied by whole factors, no weights. 'nearest' repeats each pixel;
 * 'bilinear' is TensorFlow.js's resizeBilinear with align_corners = false and half_pixel_centers = false: output
 * pixel i samples the input at i/s (the corners of the two grids coincide at the top-left, not the centres),
 * so the last s − 1 rows repeat the last input row. PyTorch's align_corners=False is the half-pixel rule
 * ((i + 0.5)/s − 0.5) and differs; the PyTorch and ONNX exports compute tfjs's rule (docs/export.md).
 */
export const upsampling2d: LayerKindDef<UpSampling2dParams> = {
  kind: 'upsampling2d',
  label: 'UpSampling2D',
  category: 'convolution',
  description:
    'Enlarges the image by whole factors, repeating pixels (nearest) or interpolating (bilinear); no weights.',
  params: UpSampling2dParamsSchema,
  defaults: { size: 2, interpolation: 'nearest' },
  fields: [
    { key: 'size', label: 'Size', type: 'size2', min: 1, help: 'Factor per axis: H·s, W·s' },
    {
      key: 'interpolation',
      label: 'Interpolation',
      type: 'enum',
      options: ['nearest', 'bilinear'],
      help: 'bilinear samples at i/s (tfjs: no half-pixel centres)',
    },
  ],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) => `UpSample ${sizeText(p.size)}${p.interpolation === 'nearest' ? '' : ' bilinear'}`,
  infer(p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    if (!isImage(x)) return needsImage('UpSampling2D', x);
    const [h, w, c] = x;
    const [sh, sw] = pair(p.size);
    const taps = p.interpolation === 'nearest' ? 1 : 2;
    return {
      shape: [h * sh, w * sw, c],
      params: NO_PARAMS,
      macs: 0,
      // Each output pixel reads 1 (nearest) or 2 (bilinear) input pixels per axis, 1/s input pixel apart.
      window: { kernel: [taps, taps], stride: [1 / sh, 1 / sw] },
      formulas: [
        `H: ${h}·${sh} = ${h * sh}`,
        `W: ${w}·${sw} = ${w * sw}`,
        `channels: ${c} (up-sampling keeps the depth)`,
        ...(p.interpolation === 'bilinear'
          ? [`bilinear: output row i reads input rows ⌊i/${sh}⌋ and ⌊i/${sh}⌋ + 1 (the last row repeats)`]
          : []),
      ],
    };
  },
  toKeras: (p) => [
    { className: 'UpSampling2D', config: { size: [...pair(p.size)], interpolation: p.interpolation } },
  ],
};
