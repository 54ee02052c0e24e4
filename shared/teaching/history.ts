import { analyzeGraph } from '../analysis/analyze';
import { presets, type PresetInfo } from '../presets';
import type { PublishedResult } from '../presets/types';

/**
 * The architecture-history lesson: LeNet-5 → AlexNet → VGG-16 → GoogLeNet → ResNet → U-Net → SqueezeNet →
 * ResNeXt → DenseNet → MobileNet v1 and v2, each with the idea it introduced, and its depth, parameters and
 * multiply-adds computed by the analysis of the preset itself (never typed in), beside the result its paper
 * published. Presets added later join the end of the line, oldest first.
 */
export interface HistoryStep {
  readonly presetId: string;
  /** One line: what this network changed. */
  readonly idea: string;
  /** The ideas it introduced, as a lecture lists them. */
  readonly introduced: readonly string[];
  /** Other presets of the same family, shown beside it (ResNet-18/34 next to ResNet-50). */
  readonly variants?: readonly string[];
}

export const HISTORY: readonly HistoryStep[] = [
  {
    presetId: 'lenet5',
    idea: 'Learned convolutions and subsampling, trained end to end',
    introduced: [
      '5×5 convolutions whose weights are shared across the image',
      'subsampling (pooling) between convolutions',
      'CONV-POOL-CONV-POOL-FC trained by backpropagation',
    ],
  },
  {
    presetId: 'alexnet',
    idea: 'A deep CNN on GPUs wins ImageNet',
    introduced: [
      'ReLU instead of tanh/sigmoid: several times faster to train',
      'dropout (0.5) against overfitting in the fully connected layers',
      'local response normalisation (LRN)',
      'overlapping max pooling: 3×3 windows at stride 2',
      'two towers on two GPUs: conv2, conv4 and conv5 see only their own half (grouped convolutions)',
    ],
    variants: ['alexnet-towers'],
  },
  {
    presetId: 'vgg16',
    idea: 'Depth with nothing but 3×3 convolutions',
    introduced: [
      'stacks of 3×3 convolutions: two see 5×5 and three see 7×7, with fewer weights and more non-linearities',
      '16–19 weight layers in a uniform design: channels double when the size halves',
    ],
  },
  {
    presetId: 'googlenet',
    idea: 'Inception: several filter sizes side by side, cheaply',
    introduced: [
      'the Inception module: 1×1, 3×3, 5×5 convolutions and pooling in parallel, concatenated',
      '1×1 convolutions reduce the channels before the expensive 3×3 and 5×5',
      'global average pooling instead of large fully connected layers',
    ],
  },
  {
    presetId: 'resnet50',
    idea: 'Residual learning makes very deep networks trainable',
    introduced: [
      'residual blocks: each adds its input back, y = F(x) + x',
      'bottleneck blocks: 1×1 to reduce, 3×3, 1×1 to expand',
      'batch normalisation after every convolution',
    ],
    variants: ['resnet18', 'resnet34'],
  },
  {
    presetId: 'unet',
    idea: 'Encoder–decoder with skip connections: a prediction for every pixel',
    introduced: [
      'an expanding path of up-convolutions (2×2 transposed convolutions) mirroring the contracting path',
      'skip connections that concatenate the encoder map of the same size, keeping fine detail',
      'a 1×1 convolution with a per-pixel softmax: segmentation as classification of every pixel',
    ],
  },
  {
    presetId: 'squeezenet1_1',
    idea: "AlexNet's accuracy with 50× fewer parameters",
    introduced: [
      'Fire modules: a 1×1 "squeeze" to few channels, then 1×1 and 3×3 "expand" filters side by side',
      'mostly 1×1 filters, which hold 9× fewer weights than 3×3 ones',
      'no fully connected layers: a 1×1 convolution to the classes and global average pooling',
    ],
  },
  {
    presetId: 'resnext50',
    idea: 'Cardinality: many thin paths in each block, as one grouped convolution',
    introduced: [
      'aggregated transformations: 32 parallel 4-channel paths in each bottleneck',
      'grouped 3×3 convolutions implement the paths at the cost of one layer',
      'more paths beat more depth or width at the same parameters and multiply-adds',
    ],
  },
  {
    presetId: 'densenet121',
    idea: 'Dense connectivity: every layer sees every earlier feature map of its block',
    introduced: [
      'dense blocks: each layer concatenates its k = 32 new channels to all that came before',
      'features reused instead of relearned: fewer parameters than a ResNet of similar accuracy',
      'transition layers (1×1 convolution, 2×2 average pooling) halve the channels and the map between blocks',
    ],
  },
  {
    presetId: 'mobilenet-v1',
    idea: 'Depthwise-separable convolutions: ImageNet accuracy on a phone',
    introduced: [
      'a 3×3 depthwise convolution per channel, then a 1×1 pointwise one: 8–9× fewer multiply-adds than a full 3×3',
      'ReLU6 after every BatchNorm, for low-precision arithmetic',
      'a width multiplier (α) and resolution to trade accuracy for speed',
    ],
  },
  {
    presetId: 'mobilenet-v2',
    idea: 'Inverted residuals with linear bottlenecks',
    introduced: [
      'blocks expand 6× with a 1×1, filter depthwise, and project back down with a linear 1×1',
      'shortcuts join the thin bottlenecks, not the wide expansions',
      'no ReLU after the projection: it would destroy information in the narrow layer',
    ],
  },
];

/** Presets outside the history (the MNIST CNNs of the lecture notes) are teaching examples, not milestones. */
const NOT_MILESTONES = new Set(['mnist-keras', 'mnist-pytorch']);

export interface ArchitectureFacts {
  readonly preset: PresetInfo;
  readonly step: HistoryStep;
  /** Weight layers on the longest path, as papers count depth. */
  readonly depth: number;
  readonly params: number;
  readonly macs: number;
  readonly published: readonly PublishedResult[];
}

export function factsOf(preset: PresetInfo, step: HistoryStep): ArchitectureFacts {
  const totals = analyzeGraph(preset.build()).totals;
  return {
    preset,
    step,
    depth: totals.depth,
    params: totals.params,
    macs: totals.macs,
    published: preset.published,
  };
}

/** The steps in order: the milestones, then any other preset by year (its headline as the idea). */
export function historySteps(all: readonly PresetInfo[] = presets): readonly HistoryStep[] {
  const listed = new Set(HISTORY.flatMap((s) => [s.presetId, ...(s.variants ?? [])]));
  const later = all
    .filter((p) => !listed.has(p.id) && !NOT_MILESTONES.has(p.id))
    .sort((a, b) => a.year - b.year)
    .map((p): HistoryStep => ({ presetId: p.id, idea: p.headline, introduced: [] }));
  return [...HISTORY.filter((s) => all.some((p) => p.id === s.presetId)), ...later];
}
