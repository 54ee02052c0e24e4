import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import type { Conv2dParams } from './conv2d';
import type { BatchNormParams } from './batchnorm';
import type { ActivationParams } from './activation';
import { FiltersSchema } from '../common/params';
import { BODY_INPUT_ID, BodyBuilder } from '../common/body';

export const ResidualParamsSchema = z
  .strictObject({
    variant: z.enum(['basic', 'bottleneck']),
    /** Basic: the channels of both 3×3 convs. Bottleneck: torchvision's `planes`; the block outputs 4·width. */
    width: FiltersSchema,
    stride: z.number().int().min(1).max(8),
    /**
     * Bottleneck only (ResNeXt, wide ResNets), as torchvision's Bottleneck: the 3×3 conv has
     * ⌊width·baseWidth/64⌋·groups channels in `groups` groups. Optional: documents before them read 1 and 64.
     */
    groups: FiltersSchema.optional(),
    baseWidth: FiltersSchema.optional(),
  })
  .refine((p) => p.variant === 'bottleneck' || ((p.groups ?? 1) === 1 && (p.baseWidth ?? 64) === 64), {
    message: 'groups and base width apply to bottleneck blocks only (basic blocks need 1 and 64)',
    path: ['groups'],
  });
export type ResidualParams = z.infer<typeof ResidualParamsSchema>;

export const BOTTLENECK_EXPANSION = 4;

const conv = (filters: number, kernel: number, stride: number, groups = 1): Conv2dParams => ({
  filters,
  kernel,
  stride,
  padding: kernel === 3 ? 1 : 'valid',
  dilation: 1,
  activation: 'linear',
  useBias: false,
  ...(groups === 1 ? {} : { groups }),
});
/** PyTorch BatchNorm2d defaults in Keras terms: eps 1e-5, momentum 1 − 0.1. */
const bn: BatchNormParams = { momentum: 0.9, epsilon: 1e-5, center: true, scale: true };
const relu: ActivationParams = { activation: 'relu', alpha: 0 };

export const outputChannels = (p: ResidualParams) =>
  p.variant === 'basic' ? p.width : p.width * BOTTLENECK_EXPANSION;

/** The bottleneck's 3×3 width, as torchvision: int(planes · base_width / 64) · groups. */
export const innerWidth = (p: ResidualParams) =>
  p.variant === 'basic' ? p.width : Math.floor((p.width * (p.baseWidth ?? 64)) / 64) * (p.groups ?? 1);

const grouped = (p: ResidualParams) => (p.groups ?? 1) !== 1 || (p.baseWidth ?? 64) !== 64;

/**
 * torchvision's BasicBlock / Bottleneck (with its groups and base width, so ResNeXt too): convs without bias, each followed by BatchNorm; the bottleneck
 * strides on its 3×3 (ResNet v1.5). When the stride is not 1 or the channels change, the shortcut becomes a
 * 1×1 conv (stride s, no bias) + BatchNorm; otherwise it is the identity. Add, then ReLU.
 */
export const residual: LayerKindDef<ResidualParams> = {
  kind: 'residual',
  label: 'Residual',
  category: 'blocks',
  description: 'Learns a residual F(x) and adds the input back: y = relu(F(x) + shortcut(x)) (ResNet, 2015).',
  params: ResidualParamsSchema,
  defaults: { variant: 'basic', width: 64, stride: 1, groups: 1, baseWidth: 64 },
  fields: [
    { key: 'variant', label: 'Variant', type: 'enum', options: ['basic', 'bottleneck'] },
    { key: 'width', label: 'Width', type: 'int', min: 1, help: 'bottleneck blocks output 4·width channels' },
    { key: 'stride', label: 'Stride', type: 'int', min: 1, max: 8 },
    {
      key: 'groups',
      label: 'Groups',
      type: 'int',
      min: 1,
      help: 'bottleneck: the 3×3 is a grouped conv (ResNeXt)',
    },
    {
      key: 'baseWidth',
      label: 'Base width',
      type: 'int',
      min: 1,
      help: 'bottleneck: the 3×3 has ⌊width·base/64⌋·groups channels (ResNeXt 32×4d: 4)',
    },
  ],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) =>
    p.variant === 'basic'
      ? `Residual ${p.width} /${p.stride}`
      : `Bottleneck ${p.width}→${outputChannels(p)} /${p.stride}` +
        (grouped(p) ? ` ${p.groups ?? 1}×${p.baseWidth ?? 64}d` : ''),
  expand(p, input) {
    const b = new BodyBuilder();
    const out = outputChannels(p);
    let main: string;
    if (p.variant === 'basic') {
      b.node('conv1', 'conv2d', conv(p.width, 3, p.stride), 0, 1);
      b.node('bn1', 'batchnorm', bn, 0, 2);
      b.node('relu1', 'activation', relu, 0, 3);
      b.node('conv2', 'conv2d', conv(p.width, 3, 1), 0, 4);
      b.node('bn2', 'batchnorm', bn, 0, 5);
      main = b.chain(BODY_INPUT_ID, 'conv1', 'bn1', 'relu1', 'conv2', 'bn2');
    } else {
      const inner = innerWidth(p);
      b.node('conv1', 'conv2d', conv(inner, 1, 1), 0, 1);
      b.node('bn1', 'batchnorm', bn, 0, 2);
      b.node('relu1', 'activation', relu, 0, 3);
      b.node('conv2', 'conv2d', conv(inner, 3, p.stride, p.groups ?? 1), 0, 4);
      b.node('bn2', 'batchnorm', bn, 0, 5);
      b.node('relu2', 'activation', relu, 0, 6);
      b.node('conv3', 'conv2d', conv(out, 1, 1), 0, 7);
      b.node('bn3', 'batchnorm', bn, 0, 8);
      main = b.chain(BODY_INPUT_ID, 'conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'relu2', 'conv3', 'bn3');
    }
    const last = p.variant === 'basic' ? 6 : 9;
    const channelsIn = input === null ? null : input[input.length - 1];
    const project = p.stride !== 1 || (channelsIn !== null && channelsIn !== out);
    let shortcut = BODY_INPUT_ID;
    if (project) {
      b.node('proj/conv', 'conv2d', conv(out, 1, p.stride), 1, 2);
      b.node('proj/bn', 'batchnorm', bn, 1, 3);
      shortcut = b.chain(BODY_INPUT_ID, 'proj/conv', 'proj/bn');
    }
    b.node('add', 'add', {}, 0, last);
    b.node('relu', 'activation', relu, 0, last + 1);
    b.edge(main, 'add', 0);
    b.edge(shortcut, 'add', 1);
    b.edge('add', 'relu');
    return b.build();
  },
};
