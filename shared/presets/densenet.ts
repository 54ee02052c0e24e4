import type { GraphDoc, GraphNode, SubGraph } from '../graph/schema';
import type { LayerKind } from '../layers/types';
import type { PresetInfo } from './types';
import { GRAPH_VERSION } from '../graph/schema';
import { conv, fc, pool } from './builder';
import { partsGraph } from './squeezenet';

const description =
  'Huang et al. 2017, DenseNet-121 as torchvision builds it (densenet121): a 7×7/2 conv, BatchNorm, ReLU and a ' +
  '3×3/2 max pool, then four dense blocks of 6, 12, 24 and 16 layers with growth rate 32 — each layer BatchNorm, ' +
  'ReLU, a 1×1 conv to 128 channels, BatchNorm, ReLU, a 3×3 conv to 32, concatenated onto everything before it — ' +
  'and transitions (BatchNorm, ReLU, 1×1 conv halving the channels, 2×2 average pool) between them; BatchNorm, ' +
  'ReLU, global average pool and a 1000-way classifier. The idea: connect every layer to every later one in a ' +
  'block, so features are reused and gradients reach early layers directly, with few parameters. Each dense ' +
  'block is a block of the library holding its dense layers (double-click to open it).';
const headline = 'ImageNet 25.02 % top-1 error with 8.0 M parameters (ResNet-50: 25.6 M)';

type Part = readonly [id: string, kind: LayerKind, params: GraphNode['params'], inputs: readonly string[]];

/** BatchNorm as torchvision's (ε = 1e-5, PyTorch momentum 0.1 = Keras 0.9). */
const bn = { momentum: 0.9, epsilon: 1e-5, center: true, scale: true };
const relu = { activation: 'relu', alpha: 0.3 };
const GROWTH = 32;
const BN_SIZE = 4;
const LAYERS = [6, 12, 24, 16] as const;

/** One dense layer: BN-ReLU-conv 1×1 (4·k) - BN-ReLU-conv 3×3 (k), its k new channels joined to its input. */
function denseLayer(): SubGraph {
  const rows: Part[] = [
    ['norm1', 'batchnorm', bn, ['in']],
    ['relu1', 'activation', relu, ['norm1']],
    ['conv1', 'conv2d', conv(BN_SIZE * GROWTH, 1, { activation: 'linear', useBias: false }), ['relu1']],
    ['norm2', 'batchnorm', bn, ['conv1']],
    ['relu2', 'activation', relu, ['norm2']],
    ['conv2', 'conv2d', conv(GROWTH, 3, { padding: 1, activation: 'linear', useBias: false }), ['relu2']],
    ['cat', 'concatenate', {}, ['in', 'conv2']],
  ];
  return partsGraph(rows);
}

/** A dense block of `n` dense layers, each a use of the library's `dense_layer`. */
function denseBlock(n: number): SubGraph {
  const rows: Part[] = [];
  for (let i = 1; i <= n; i += 1)
    rows.push([
      `denselayer${i}`,
      'group',
      { blockId: 'dense_layer' },
      [i === 1 ? 'in' : `denselayer${i - 1}`],
    ]);
  return partsGraph(rows);
}

export const densenet121: PresetInfo = {
  id: 'densenet121',
  name: 'DenseNet-121',
  year: 2017,
  description,
  headline,
  published: [
    {
      metric: 'top1-error',
      dataset: 'ImageNet',
      value: 25.02,
      models: 1,
      source: 'Huang et al., CVPR 2017, table 3: DenseNet-121, single crop, ImageNet validation',
    },
    {
      metric: 'top5-error',
      dataset: 'ImageNet',
      value: 7.71,
      models: 1,
      source: 'Huang et al., CVPR 2017, table 3: DenseNet-121, single crop, ImageNet validation',
    },
  ],
  build: (): GraphDoc => {
    const rows: Part[] = [
      ['input', 'input', { shape: [224, 224, 3] }, []],
      [
        'conv0',
        'conv2d',
        conv(64, 7, { stride: 2, padding: 3, activation: 'linear', useBias: false }),
        ['input'],
      ],
      ['norm0', 'batchnorm', bn, ['conv0']],
      ['relu0', 'activation', relu, ['norm0']],
      // PyTorch's MaxPool2d(3, 2, padding=1): its padding never wins.
      ['pool0', 'maxpool2d', { ...pool(3, 2, 1), ceilMode: false, ignorePadding: true }, ['relu0']],
    ];
    let channels = 64;
    let last = 'pool0';
    LAYERS.forEach((n, i) => {
      const block = `denseblock${i + 1}`;
      rows.push([block, 'group', { blockId: block }, [last]]);
      channels += n * GROWTH;
      last = block;
      if (i === LAYERS.length - 1) return;
      const t = `transition${i + 1}`;
      channels = Math.floor(channels / 2);
      rows.push(
        [`${t}_norm`, 'batchnorm', bn, [last]],
        [`${t}_relu`, 'activation', relu, [`${t}_norm`]],
        [`${t}_conv`, 'conv2d', conv(channels, 1, { activation: 'linear', useBias: false }), [`${t}_relu`]],
        [`${t}_pool`, 'avgpool2d', pool(2, 2), [`${t}_conv`]],
      );
      last = `${t}_pool`;
    });
    rows.push(
      ['norm5', 'batchnorm', bn, [last]],
      ['relu5', 'activation', relu, ['norm5']],
      ['avgpool', 'globalavgpool', {}, ['relu5']],
      ['classifier', 'dense', fc(1000, 'softmax'), ['avgpool']],
    );
    const { nodes, edges } = partsGraph(rows);
    const blocks: NonNullable<GraphDoc['blocks']> = {
      dense_layer: { name: 'Dense layer (k = 32)', body: denseLayer() },
    };
    LAYERS.forEach((n, i) => {
      blocks[`denseblock${i + 1}`] = { name: `Dense block ${i + 1} (${n} layers)`, body: denseBlock(n) };
    });
    return {
      version: GRAPH_VERSION,
      name: 'DenseNet-121',
      description,
      nodes,
      edges,
      blocks,
      meta: {
        presetId: 'densenet121',
        year: 2017,
        authors: 'G. Huang, Z. Liu, L. van der Maaten, K. Q. Weinberger',
        headline,
        source: 'Densely Connected Convolutional Networks, CVPR 2017 (table 1, DenseNet-121)',
      },
    };
  },
};
