import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import type { Conv2dParams } from './conv2d';
import { DepthMultiplierSchema, type DepthwiseConv2dParams } from './depthwiseconv2d';
import {
  ActivationSchema,
  FiltersSchema,
  PaddingSchema,
  Size2Schema,
  activationSuffix,
  paddingText,
  sizeText,
  strideText,
} from '../common/params';
import { BODY_INPUT_ID, BodyBuilder } from '../common/body';

export const SeparableConv2dParamsSchema = z.strictObject({
  filters: FiltersSchema,
  kernel: Size2Schema,
  stride: Size2Schema,
  padding: PaddingSchema,
  depthMultiplier: DepthMultiplierSchema,
  activation: ActivationSchema,
  useBias: z.boolean(),
});
export type SeparableConv2dParams = z.infer<typeof SeparableConv2dParamsSchema>;

/**
 * Keras's SeparableConv2D as the two layers it computes: a depthwise FH×FW convolution (depth multiplier M,
 * no bias, no activation) and a 1×1 convolution to F filters with the bias and the activation. Parameters
 * FH·FW·C·M + C·M·F + F, exactly Keras's count; a block (open it to see the two parts), so training, the
 * PyTorch, ONNX and TypeScript exports and the analysis all go through those primitives. Keras JSON therefore
 * writes a DepthwiseConv2D and a Conv2D (the same function and weights, in two layers); a Keras
 * SeparableConv2D imports as this block.
 */
export const separableconv2d: LayerKindDef<SeparableConv2dParams> = {
  kind: 'separableconv2d',
  label: 'SeparableConv2D',
  category: 'convolution',
  description:
    'A depthwise FH×FW convolution per channel, then a 1×1 convolution mixing the channels into F filters (Xception, MobileNet).',
  params: SeparableConv2dParamsSchema,
  defaults: {
    filters: 32,
    kernel: 3,
    stride: 1,
    padding: 'same',
    depthMultiplier: 1,
    activation: 'relu',
    useBias: true,
  },
  fields: [
    { key: 'filters', label: 'Filters', type: 'int', min: 1, help: 'F: the 1×1 convolution’s filters' },
    { key: 'kernel', label: 'Kernel', type: 'size2', min: 1, help: 'FH×FW of the depthwise part' },
    { key: 'stride', label: 'Stride', type: 'size2', min: 1 },
    { key: 'padding', label: 'Padding', type: 'padding', help: 'of the depthwise part' },
    { key: 'depthMultiplier', label: 'Depth multiplier', type: 'int', min: 1, help: 'M filters per channel' },
    { key: 'activation', label: 'Activation', type: 'enum', options: ActivationSchema.options },
    { key: 'useBias', label: 'Use bias', type: 'bool', help: 'on the 1×1 convolution, as Keras' },
  ],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) =>
    `SepConv ${p.filters}@${sizeText(p.kernel)} /${strideText(p.stride)} ${paddingText(p.padding)}` +
    (p.depthMultiplier === 1 ? '' : ` ×${p.depthMultiplier}`) +
    activationSuffix(p.activation),
  expand(p) {
    const b = new BodyBuilder();
    const depthwise: DepthwiseConv2dParams = {
      kernel: p.kernel,
      stride: p.stride,
      padding: p.padding,
      depthMultiplier: p.depthMultiplier,
      activation: 'linear',
      useBias: false,
    };
    const pointwise: Conv2dParams = {
      filters: p.filters,
      kernel: 1,
      stride: 1,
      padding: 'valid',
      dilation: 1,
      activation: p.activation,
      useBias: p.useBias,
    };
    b.node('depthwise', 'depthwiseconv2d', depthwise, 0, 1);
    b.node('pointwise', 'conv2d', pointwise, 0, 2);
    b.chain(BODY_INPUT_ID, 'depthwise', 'pointwise');
    return b.build();
  },
};
