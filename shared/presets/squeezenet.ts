import type { GraphDoc, GraphEdge, GraphNode, SubGraph } from '../graph/schema';
import type { LayerKind } from '../layers/types';
import type { PresetInfo } from './types';
import { GRAPH_VERSION } from '../graph/schema';
import { catalog } from '../layers/registry';
import { conv, pool } from './builder';

const description =
  'Iandola et al. 2016, SqueezeNet 1.1 as torchvision builds it (squeezenet1_1): a 3×3/2 conv, then eight Fire ' +
  'modules — a 1×1 "squeeze" conv feeding 1×1 and 3×3 "expand" convs side by side, concatenated — with 3×3/2 max ' +
  "pools in PyTorch's ceil mode between them, dropout, a 1×1 conv to 1000 classes and a global average pool " +
  'instead of fully connected layers. The idea: AlexNet-level accuracy with 50× fewer parameters, by squeezing ' +
  'the channels before the 3×3 filters, replacing most 3×3 filters by 1×1 and downsampling late. Each Fire ' +
  'module is a block of the library (double-click to open it).';
const headline = 'AlexNet-level ImageNet accuracy with 50× fewer parameters (1.24 M)';

type Part = readonly [id: string, kind: LayerKind, params: GraphNode['params'], inputs: readonly string[]];

const node = (id: string, kind: LayerKind, params: GraphNode['params'], y: number): GraphNode => ({
  id,
  kind,
  name: id,
  params: { ...(catalog[kind].defaults as GraphNode['params']), ...params },
  position: { x: 0, y },
});

/** Nodes and edges from `[id, kind, params, inputs]` rows, top to bottom. */
export function partsGraph(parts: readonly Part[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  return {
    nodes: parts.map(([id, kind, params], i) => node(id, kind, params, i * 120)),
    edges: parts.flatMap(([id, , , inputs]) =>
      inputs.map((source, port) => ({ id: `${source}-${id}`, source, target: id, targetPort: port })),
    ),
  };
}

/** Fire(squeeze, expand): squeeze 1×1 + ReLU, then expand 1×1 and 3×3 (padding 1) + ReLU, concatenated. */
function fire(squeeze: number, expand: number): SubGraph {
  return partsGraph([
    ['squeeze', 'conv2d', conv(squeeze, 1), ['in']],
    ['expand1x1', 'conv2d', conv(expand, 1), ['squeeze']],
    ['expand3x3', 'conv2d', conv(expand, 3, { padding: 1 }), ['squeeze']],
    ['cat', 'concatenate', {}, ['expand1x1', 'expand3x3']],
  ]);
}

/** The four Fire shapes of SqueezeNet 1.1, each used twice (on different input channels). */
const FIRES = { fire16: [16, 64], fire32: [32, 128], fire48: [48, 192], fire64: [64, 256] } as const;

/** PyTorch's MaxPool2d(3, 2, ceil_mode=True). */
const ceilPool = { ...pool(3, 2), ceilMode: true, ignorePadding: false };

export const squeezenet11: PresetInfo = {
  id: 'squeezenet1_1',
  name: 'SqueezeNet 1.1',
  year: 2016,
  description,
  headline,
  published: [
    {
      metric: 'top1-error',
      dataset: 'ImageNet',
      value: 41.822,
      models: 1,
      source:
        "torchvision's squeezenet1_1 weights: 58.178 % top-1, one crop, ImageNet validation (SqueezeNet 1.1 keeps 1.0's accuracy with 2.4× less computation)",
    },
    {
      metric: 'top1-error',
      dataset: 'ImageNet',
      value: 42.5,
      models: 1,
      source: 'Iandola et al., arXiv 1602.07360, table 2: SqueezeNet 1.0, 57.5 % top-1, ImageNet validation',
    },
  ],
  build: (): GraphDoc => {
    const { nodes, edges } = partsGraph([
      ['input', 'input', { shape: [224, 224, 3] }, []],
      ['conv1', 'conv2d', conv(64, 3, { stride: 2 }), ['input']],
      ['pool1', 'maxpool2d', ceilPool, ['conv1']],
      ['fire2', 'group', { blockId: 'fire16' }, ['pool1']],
      ['fire3', 'group', { blockId: 'fire16' }, ['fire2']],
      ['pool3', 'maxpool2d', ceilPool, ['fire3']],
      ['fire4', 'group', { blockId: 'fire32' }, ['pool3']],
      ['fire5', 'group', { blockId: 'fire32' }, ['fire4']],
      ['pool5', 'maxpool2d', ceilPool, ['fire5']],
      ['fire6', 'group', { blockId: 'fire48' }, ['pool5']],
      ['fire7', 'group', { blockId: 'fire48' }, ['fire6']],
      ['fire8', 'group', { blockId: 'fire64' }, ['fire7']],
      ['fire9', 'group', { blockId: 'fire64' }, ['fire8']],
      ['dropout', 'dropout', { rate: 0.5 }, ['fire9']],
      ['conv10', 'conv2d', conv(1000, 1), ['dropout']],
      ['avgpool', 'globalavgpool', {}, ['conv10']],
      ['softmax', 'softmax', {}, ['avgpool']],
    ]);
    const blocks = Object.fromEntries(
      Object.entries(FIRES).map(([id, [s, e]]) => [id, { name: `Fire ${s}/${e}`, body: fire(s, e) }]),
    );
    return {
      version: GRAPH_VERSION,
      name: 'SqueezeNet 1.1',
      description,
      nodes,
      edges,
      blocks,
      meta: {
        presetId: 'squeezenet1_1',
        year: 2016,
        authors: 'F. N. Iandola et al.',
        headline,
        source:
          'SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size, arXiv 1602.07360',
      },
    };
  },
};
