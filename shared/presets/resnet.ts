import type { GraphDoc } from '../graph/schema';
import type { PresetInfo, PublishedResult } from './types';
import { ChainBuilder, conv, fc, pool } from './builder';

/** Blocks per stage and the block type, as torchvision's resnet18/34/50/101/152 builders. */
export const RESNET_LAYOUTS = {
  18: { variant: 'basic', blocks: [2, 2, 2, 2] },
  34: { variant: 'basic', blocks: [3, 4, 6, 3] },
  50: { variant: 'bottleneck', blocks: [3, 4, 6, 3] },
  101: { variant: 'bottleneck', blocks: [3, 4, 23, 3] },
  152: { variant: 'bottleneck', blocks: [3, 8, 36, 3] },
} as const;

const WIDTHS = [64, 128, 256, 512] as const;
const bn = { momentum: 0.9, epsilon: 1e-5, center: true, scale: true };

/**
 * torchvision's ResNet: 7×7/2 conv (no bias) + BatchNorm + ReLU, 3×3/2 max pool (pad 1), four stages of
 * residual blocks (the first block of stages 2–4 strides by 2 and projects its shortcut), global average
 * pool and a 1000-way classifier.
 */
export function buildResnet(
  depth: keyof typeof RESNET_LAYOUTS,
  name: string,
  description: string,
  headline: string,
  /** ResNeXt: the bottleneck's 3×3 in `groups` groups of `baseWidth`·width/64 channels (torchvision's args). */
  next: { readonly groups: number; readonly baseWidth: number; readonly presetId: string } | null = null,
): GraphDoc {
  const layout = RESNET_LAYOUTS[depth];
  const b = new ChainBuilder()
    .add('input', 'input', { shape: [224, 224, 3] })
    .add('conv1', 'conv2d', conv(64, 7, { stride: 2, padding: 3, activation: 'linear', useBias: false }))
    .add('bn1', 'batchnorm', bn)
    .add('relu', 'activation', { activation: 'relu', alpha: 0 })
    .add('maxpool', 'maxpool2d', pool(3, 2, 1));
  layout.blocks.forEach((count, stage) => {
    for (let i = 0; i < count; i += 1) {
      b.add(`layer${stage + 1}_${i}`, 'residual', {
        variant: layout.variant,
        width: WIDTHS[stage] as number,
        stride: stage > 0 && i === 0 ? 2 : 1,
        ...(next === null ? {} : { groups: next.groups, baseWidth: next.baseWidth }),
      });
    }
  });
  return b
    .add('avgpool', 'globalavgpool')
    .add('fc', 'dense', fc(1000, 'softmax'))
    .build(
      name,
      description,
      next === null
        ? {
            presetId: `resnet${depth}`,
            year: 2015,
            authors: 'K. He, X. Zhang, S. Ren, J. Sun',
            headline,
            source: 'Deep Residual Learning for Image Recognition, CVPR 2016; torchvision.models layout',
          }
        : {
            presetId: next.presetId,
            year: 2016,
            authors: 'S. Xie, R. Girshick, P. Dollár, Z. Tu, K. He',
            headline,
            source:
              'Aggregated Residual Transformations for Deep Neural Networks, CVPR 2017; torchvision.models layout',
          },
    );
}

const common =
  'He et al. 2015 as torchvision builds it: convolutions without bias, each followed by BatchNorm; a 1×1 ' +
  'projection (conv + BatchNorm) on the shortcut where the shape changes';

function resnetPreset(
  depth: 18 | 34 | 50,
  headline: string,
  detail: string,
  published: readonly PublishedResult[],
): PresetInfo {
  const name = `ResNet-${depth}`;
  const description = `${common}; ${detail}`;
  return {
    id: `resnet${depth}`,
    name,
    year: 2015,
    description,
    headline,
    published,
    build: () => buildResnet(depth, name, description, headline),
  };
}

export const resnet18 = resnetPreset(
  18,
  'ILSVRC-2015 winner (ResNet ensemble 3.57% top-5); ResNet-18: 27.88% top-1 error (10-crop, table 2)',
  'basic blocks (two 3×3 convs) [2, 2, 2, 2].',
  [
    {
      metric: 'top1-error',
      dataset: 'ImageNet',
      value: 27.88,
      models: 1,
      source: 'He et al., CVPR 2016, table 2: ResNet-18, ImageNet validation set, 10-crop testing',
    },
  ],
);
export const resnet34 = resnetPreset(
  34,
  'ILSVRC-2015 winner (ResNet ensemble 3.57% top-5); ResNet-34: 5.71% top-5 error, single model (table 4)',
  'basic blocks (two 3×3 convs) [3, 4, 6, 3].',
  [
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 5.71,
      models: 1,
      source: 'He et al., CVPR 2016, table 4: ResNet-34 (B), ImageNet validation set, single model',
    },
    {
      metric: 'top1-error',
      dataset: 'ImageNet',
      value: 21.84,
      models: 1,
      source: 'He et al., CVPR 2016, table 4: ResNet-34 (B), ImageNet validation set, single model',
    },
  ],
);
export const resnet50 = resnetPreset(
  50,
  'ILSVRC-2015 winner (ResNet ensemble 3.57% top-5); ResNet-50: 5.25% top-5 error, single model (table 4)',
  'bottleneck blocks (1×1, 3×3 with the stride, 1×1 to 4× the width) [3, 4, 6, 3].',
  [
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 5.25,
      models: 1,
      source: 'He et al., CVPR 2016, table 4: ResNet-50, ImageNet validation set, single model',
    },
    {
      metric: 'top1-error',
      dataset: 'ImageNet',
      value: 20.74,
      models: 1,
      source: 'He et al., CVPR 2016, table 4: ResNet-50, ImageNet validation set, single model',
    },
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 3.57,
      models: 6,
      source:
        'He et al., CVPR 2016: the ILSVRC-2015 winning entry (an ensemble of six ResNets of different depths), test set',
    },
  ],
);

const resnextHeadline =
  'ILSVRC-2016 classification 2nd place; ResNeXt-50 (32×4d): 22.2% top-1 error, single crop (table 3)';
const resnextDescription =
  'Xie et al. 2016 as torchvision builds resnext50_32x4d: ResNet-50 whose bottleneck 3×3 is a grouped ' +
  "convolution of cardinality 32 (32 groups of 4·width/64 channels each, so twice the width of ResNet-50's " +
  '3×3), the same 1×1 convolutions, BatchNorm and shortcuts; about the parameters and multiply-adds of ' +
  'ResNet-50, 1.5 points better.';

export const resnext50: PresetInfo = {
  id: 'resnext50',
  name: 'ResNeXt-50 32×4d',
  year: 2016,
  description: resnextDescription,
  headline: resnextHeadline,
  published: [
    {
      metric: 'top1-error',
      dataset: 'ImageNet',
      value: 22.2,
      models: 1,
      source:
        'Xie et al., CVPR 2017, table 3: ResNeXt-50 (32×4d), ImageNet validation set, 224×224 single crop',
    },
  ],
  build: () =>
    buildResnet(50, 'ResNeXt-50 32×4d', resnextDescription, resnextHeadline, {
      groups: 32,
      baseWidth: 4,
      presetId: 'resnext50',
    }),
};
