import type { GraphDoc, GraphNode, SubGraph } from '../graph/schema';
import type { PresetInfo } from './types';
import type { LayerKind } from '../layers/types';
import { ChainBuilder, fc } from './builder';
import { catalog } from '../layers/registry';
import { BODY_INPUT_ID } from '../layers/common/body';

const relu6 = { activation: 'relu6', alpha: 0 };
/** Keras's BatchNormalization defaults (MobileNet v1 in keras.applications). */
const kerasBn = { momentum: 0.99, epsilon: 1e-3, center: true, scale: true };
/** PyTorch's BatchNorm2d defaults in Keras terms (torchvision's MobileNet v2). */
const torchBn = { momentum: 0.9, epsilon: 1e-5, center: true, scale: true };

const pointwise = (filters: number, activation: 'linear' | 'relu6' = 'linear') => ({
  filters,
  kernel: 1,
  stride: 1,
  padding: 'valid' as const,
  dilation: 1,
  activation,
  useBias: false,
});

/** keras.applications.MobileNet's pointwise filters and depthwise strides, blocks 1–13 (alpha 1). */
const V1_BLOCKS: readonly (readonly [filters: number, stride: 1 | 2])[] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

const v1Description =
  'Howard et al. 2017 as keras.applications.MobileNet builds it (alpha 1, 224×224): a 3×3/2 convolution, ' +
  'then 13 depthwise-separable blocks — a 3×3 depthwise convolution (stride 2 after one row and column of ' +
  'zeros at the bottom and right, as Keras pads) and a 1×1 pointwise convolution, each without bias and ' +
  'followed by BatchNorm and ReLU6 — global average pooling, dropout 0.001 and the 1000-way classifier. ' +
  'Keras writes the classifier as a 1×1 convolution on a 1×1×1024 map and a Reshape; here it is the Dense ' +
  'layer that computes the same (1,025,000 parameters, 1,024,000 multiply-adds).';
const v1Headline = 'MobileNet-224 (1.0): 70.6% ImageNet top-1 accuracy with 569 M multiply-adds (table 8)';

function buildMobilenetV1(): GraphDoc {
  const b = new ChainBuilder()
    .add('input', 'input', { shape: [224, 224, 3] })
    .add('conv1', 'conv2d', {
      ...pointwise(32),
      kernel: 3,
      stride: 2,
      padding: 'same',
    })
    .add('conv1_bn', 'batchnorm', kerasBn)
    .add('conv1_relu', 'activation', relu6);
  V1_BLOCKS.forEach(([filters, stride], i) => {
    const n = i + 1;
    b.add(`conv_dw_${n}`, 'depthwiseconv2d', {
      kernel: 3,
      stride,
      // Keras: ZeroPadding2D(((0, 1), (0, 1))) then 'valid' where the stride is 2.
      padding: stride === 1 ? 'same' : [0, 1, 0, 1],
      depthMultiplier: 1,
      activation: 'linear',
      useBias: false,
    })
      .add(`conv_dw_${n}_bn`, 'batchnorm', kerasBn)
      .add(`conv_dw_${n}_relu`, 'activation', relu6)
      .add(`conv_pw_${n}`, 'conv2d', pointwise(filters))
      .add(`conv_pw_${n}_bn`, 'batchnorm', kerasBn)
      .add(`conv_pw_${n}_relu`, 'activation', relu6);
  });
  return b
    .add('global_average_pooling2d', 'globalavgpool')
    .add('dropout', 'dropout', { rate: 0.001 })
    .add('predictions', 'dense', fc(1000, 'softmax'))
    .build('MobileNet v1', v1Description, {
      presetId: 'mobilenet-v1',
      year: 2017,
      authors: 'A. G. Howard, M. Zhu, B. Chen, D. Kalenichenko, W. Wang, T. Weyand, M. Andreetto, H. Adam',
      headline: v1Headline,
      source:
        'MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications, arXiv:1704.04861; keras.applications layout',
    });
}

export const mobilenetV1: PresetInfo = {
  id: 'mobilenet-v1',
  name: 'MobileNet v1',
  year: 2017,
  description: v1Description,
  headline: v1Headline,
  published: [
    {
      metric: 'accuracy',
      dataset: 'ImageNet',
      value: 70.6,
      models: 1,
      source: 'Howard et al. 2017, table 8: 1.0 MobileNet-224, ImageNet top-1 accuracy',
    },
  ],
  build: buildMobilenetV1,
};

/** torchvision's inverted-residual settings: expansion t, output channels c, repeats n, first stride s. */
const V2_SETTINGS: readonly (readonly [t: number, c: number, n: number, s: 1 | 2])[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

const part = (
  id: string,
  kind: LayerKind,
  params: GraphNode['params'],
  row: number,
  column = 0,
): GraphNode => ({
  id,
  kind,
  name: id,
  params: { ...(catalog[kind].defaults as GraphNode['params']), ...params },
  position: { x: column * 180, y: row * 110 },
});

/**
 * torchvision's InvertedResidual: 1×1 expansion to t·C (when t ≠ 1) + BatchNorm + ReLU6, 3×3 depthwise with
 * the stride + BatchNorm + ReLU6, 1×1 linear projection + BatchNorm; the input added back when the stride is 1
 * and the channels stay.
 */
function invertedResidual(input: number, t: number, output: number, stride: 1 | 2): SubGraph {
  const hidden = input * t;
  const nodes: GraphNode[] = [];
  const chain: string[] = [];
  const add = (node: GraphNode) => {
    nodes.push(node);
    chain.push(node.id);
  };
  if (t !== 1) {
    add(part('expand', 'conv2d', pointwise(hidden), 1));
    add(part('expand_bn', 'batchnorm', torchBn, 2));
    add(part('expand_relu', 'activation', relu6, 3));
  }
  add(
    part(
      'depthwise',
      'depthwiseconv2d',
      { kernel: 3, stride, padding: 1, depthMultiplier: 1, activation: 'linear', useBias: false },
      4,
    ),
  );
  add(part('depthwise_bn', 'batchnorm', torchBn, 5));
  add(part('depthwise_relu', 'activation', relu6, 6));
  add(part('project', 'conv2d', pointwise(output), 7));
  add(part('project_bn', 'batchnorm', torchBn, 8));
  const residual = stride === 1 && input === output;
  if (residual) nodes.push(part('add', 'add', {}, 9));
  const edges = [BODY_INPUT_ID, ...chain].slice(0, -1).map((source, i) => ({
    id: `e${i + 1}`,
    source,
    target: chain[i] as string,
    targetPort: 0,
  }));
  if (residual) {
    edges.push({ id: `e${edges.length + 1}`, source: 'project_bn', target: 'add', targetPort: 0 });
    edges.push({ id: `e${edges.length + 1}`, source: BODY_INPUT_ID, target: 'add', targetPort: 1 });
  }
  return { nodes, edges };
}

const v2Description =
  'Sandler et al. 2018 as torchvision builds mobilenet_v2 (width 1.0, 224×224): a 3×3/2 convolution, 17 ' +
  'inverted-residual blocks (1×1 expansion by 6, 3×3 depthwise, 1×1 linear bottleneck, each with BatchNorm; ' +
  'ReLU6 after the first two; the input added back where the stride is 1 and the channels stay), a 1×1 ' +
  'convolution to 1280 channels, global average pooling, dropout 0.2 and the 1000-way classifier. Each block ' +
  'is a reusable block of the document (open it to see its layers); blocks with the same settings share one ' +
  'definition.';
const v2Headline = 'MobileNetV2 (1.0, 224): 72.0% ImageNet top-1 accuracy with 300 M multiply-adds (table 4)';

function buildMobilenetV2(): GraphDoc {
  const b = new ChainBuilder()
    .add('input', 'input', { shape: [224, 224, 3] })
    .add('features_0', 'conv2d', { ...pointwise(32), kernel: 3, stride: 2, padding: 1 })
    .add('features_0_bn', 'batchnorm', torchBn)
    .add('features_0_relu', 'activation', relu6);
  const blocks: Record<string, { name: string; body: SubGraph }> = {};
  let channels = 32;
  let index = 1;
  for (const [t, c, n, s] of V2_SETTINGS) {
    for (let i = 0; i < n; i += 1) {
      const stride = i === 0 ? s : 1;
      const id = `ir_${channels}_${t}_${c}_s${stride}`;
      blocks[id] ??= {
        name: `Inverted residual ${channels}→${channels * t}→${c} /${stride}`,
        body: invertedResidual(channels, t, c, stride),
      };
      b.add(`features_${index}`, 'group', { blockId: id });
      channels = c;
      index += 1;
    }
  }
  const doc = b
    .add(`features_${index}`, 'conv2d', pointwise(1280))
    .add(`features_${index}_bn`, 'batchnorm', torchBn)
    .add(`features_${index}_relu`, 'activation', relu6)
    .add('avgpool', 'globalavgpool')
    .add('dropout', 'dropout', { rate: 0.2 })
    .add('classifier', 'dense', fc(1000, 'softmax'))
    .build('MobileNet v2', v2Description, {
      presetId: 'mobilenet-v2',
      year: 2018,
      authors: 'M. Sandler, A. Howard, M. Zhu, A. Zhmoginov, L.-C. Chen',
      headline: v2Headline,
      source: 'MobileNetV2: Inverted Residuals and Linear Bottlenecks, CVPR 2018; torchvision.models layout',
    });
  return { ...doc, blocks };
}

export const mobilenetV2: PresetInfo = {
  id: 'mobilenet-v2',
  name: 'MobileNet v2',
  year: 2018,
  description: v2Description,
  headline: v2Headline,
  published: [
    {
      metric: 'accuracy',
      dataset: 'ImageNet',
      value: 72.0,
      models: 1,
      source: 'Sandler et al., CVPR 2018, table 4: MobileNetV2 (1.0), ImageNet top-1 accuracy',
    },
  ],
  build: buildMobilenetV2,
};
