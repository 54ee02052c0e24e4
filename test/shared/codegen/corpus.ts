import type { GraphDoc, GraphNode, SubGraph } from '../../../shared/graph/schema';
import type { LayerKind } from '../../../shared/layers/types';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { catalog } from '../../../shared/layers/registry';
import { presets } from '../../../shared/presets';
import { ChainBuilder } from '../../../shared/presets/builder';
import { groupNodes } from '../../../shared/graph/group';
import { randomGraph } from '../../main/training/model/random-graphs';

export interface CorpusEntry {
  readonly id: string;
  readonly doc: GraphDoc;
}

/**
 * Node ids that are keywords, builtins, Object.prototype keys or names the exporters use themselves in
 * TypeScript and Python, in a
 * branching graph with a block, so every name clash the printers must avoid occurs at least once.
 */
export function awkwardNames(): GraphDoc {
  const b = new ChainBuilder()
    .add('input', 'input', { shape: [9, 9, 2] })
    .add('class', 'conv2d', { filters: 3, kernel: 2, padding: 'same' }, 'class */ "quoted"')
    .add('forward', 'avgpool2d', { size: 2, stride: 2, padding: 'same' })
    .add('x', 'residual', { variant: 'basic', width: 4, stride: 1 })
    .add('tf', 'lrn', { size: 3 })
    .add('self', 'minpool2d', { size: 2, stride: 1, padding: 'same' })
    .add('buildModel', 'inception', { c1x1: 1, c3x3reduce: 1, c3x3: 2, c5x5reduce: 1, c5x5: 1, poolProj: 1 })
    .add('training', 'batchnorm', { center: false })
    .add('F', 'globalavgpool')
    .add('__proto__', 'dropout', { rate: 0.1 })
    .add('constructor', 'activation', { activation: 'tanh' })
    .add('lambda', 'dense', { units: 3, activation: 'softmax' });
  return b.build('awkward names', '', {});
}

/** The seed Keras MNIST net with its first conv + pool grouped into a user block (the document's library). */
export function userBlock(): GraphDoc {
  const doc = presets.find((p) => p.id === 'mnist-keras')?.build() as GraphDoc;
  const grouped = groupNodes(doc, ['conv2d_3', 'max_pooling2d_3']);
  if (!grouped.ok) throw new Error(grouped.error.message);
  return { ...grouped.value.doc, name: 'MNIST with a user block' };
}

type Part = readonly [id: string, kind: LayerKind, params: GraphNode['params'], inputs: readonly string[]];

/** A block body from `[id, kind, params, inputs]` rows (inputs name earlier rows or `in`). */
export function body(parts: readonly Part[]): SubGraph {
  return {
    nodes: parts.map(([id, kind, params]) => ({
      id,
      kind,
      name: id,
      params: { ...(catalog[kind].defaults as GraphNode['params']), ...params },
      position: { x: 0, y: 0 },
    })),
    edges: parts.flatMap(([id, , , inputs]) =>
      inputs.map((source, port) => ({ id: `${source}-${id}`, source, target: id, targetPort: port })),
    ),
  };
}

/**
 * Library definitions used more than once with different inputs: `cbp` (conv, BatchNorm, pool) on 3 and 8
 * channels (one helper, one PyTorch class built with each use's in_channels); `res` (a Residual block) on 4
 * channels (identity shortcut) and 6 (projected: a second helper/class); `mix` (input concatenated with a
 * 1×1 conv, BatchNorm over in_channels + 4 channels, then `cbp` nested) on 4×4 and 2×2 inputs; and `vec`
 * (Dense, Dropout) on vectors of 4 and 8 features.
 */
export function sharedBlocks(): GraphDoc {
  const doc = new ChainBuilder()
    .add('input', 'input', { shape: [16, 16, 3] })
    .add('g1', 'group', { blockId: 'cbp' })
    .add('widen', 'conv2d', { filters: 8, kernel: 3, padding: 'same' })
    .add('g2', 'group', { blockId: 'cbp' })
    .add('r1', 'group', { blockId: 'res' })
    .add('six', 'conv2d', { filters: 6, kernel: 1 })
    .add('r2', 'group', { blockId: 'res' })
    .add('m1', 'group', { blockId: 'mix' })
    .add('m2', 'group', { blockId: 'mix' })
    .add('flatten', 'flatten')
    .add('v1', 'group', { blockId: 'vec' })
    .add('v2', 'group', { blockId: 'vec' })
    .add('out', 'dense', { units: 10, activation: 'softmax' })
    .build('shared blocks', '', {});
  const blocks = {
    cbp: {
      name: 'conv bn pool',
      body: body([
        ['conv', 'conv2d', { filters: 4, kernel: 3, padding: 'same' }, ['in']],
        ['bn', 'batchnorm', {}, ['conv']],
        ['pool', 'maxpool2d', { size: 2, stride: 2 }, ['bn']],
      ]),
    },
    res: {
      name: 'res',
      body: body([['block', 'residual', { variant: 'basic', width: 4, stride: 1 }, ['in']]]),
    },
    mix: {
      name: 'mix',
      body: body([
        ['squeeze', 'conv2d', { filters: 4, kernel: 1 }, ['in']],
        ['cat', 'concatenate', {}, ['in', 'squeeze']],
        ['bn', 'batchnorm', {}, ['cat']],
        ['inner', 'group', { blockId: 'cbp' }, ['bn']],
      ]),
    },
    vec: {
      name: 'vec',
      body: body([
        ['fc', 'dense', { units: 8 }, ['in']],
        ['drop', 'dropout', { rate: 0.1 }, ['fc']],
      ]),
    },
  };
  return { ...doc, blocks };
}

/**
 * A layer `g_conv` beside a user block `g` whose part `conv` would be named `g_conv` too: the topology names
 * the part `g_conv_2`, which no prefix spells, so this use is written out in place (no helper).
 */
export function blockNameClash(): GraphDoc {
  const doc = new ChainBuilder()
    .add('input', 'input', { shape: [8, 8, 2] })
    .add('g_conv', 'conv2d', { filters: 3, kernel: 1 })
    .add('g', 'group', { blockId: 'one' })
    .add('flatten', 'flatten')
    .add('out', 'dense', { units: 2, activation: 'softmax' })
    .build('block name clash', '', {});
  const one = body([['conv', 'conv2d', { filters: 2, kernel: 3, padding: 'same' }, ['in']]]);
  return { ...doc, blocks: { one: { name: 'one', body: one } } };
}

/** `head` (Flatten, Dense 4) on the 8×8×1 input and on a 6×6×2 conv output, concatenated. */
export function twoHeads(): GraphDoc {
  const node = (id: string, kind: string, params: GraphNode['params']) => ({
    id,
    kind,
    name: id,
    params,
    position: { x: 0, y: 0 },
  });
  const edge = (source: string, target: string, targetPort = 0) => ({
    id: `${source}-${target}`,
    source,
    target,
    targetPort,
  });
  return {
    version: 1,
    name: 'two heads',
    description: '',
    nodes: [
      node('input', 'input', { shape: [8, 8, 1] }),
      node('conv', 'conv2d', { filters: 2, kernel: 3 }),
      node('h1', 'group', { blockId: 'head' }),
      node('h2', 'group', { blockId: 'head' }),
      node('cat', 'concatenate', {}),
      node('out', 'dense', { units: 2, activation: 'softmax' }),
    ],
    edges: [
      edge('input', 'conv'),
      edge('input', 'h1'),
      edge('conv', 'h2'),
      edge('h1', 'cat'),
      edge('h2', 'cat', 1),
      edge('cat', 'out'),
    ],
    blocks: {
      head: {
        name: 'head',
        body: body([
          ['flatten', 'flatten', {}, ['in']],
          ['fc', 'dense', { units: 4 }, ['flatten']],
        ]),
      },
    },
  };
}

/** Every preset, an awkwardly named graph, then the first `randomCount` seeded random graphs the analysis accepts. */
export function exportCorpus(randomCount: number): CorpusEntry[] {
  const out: CorpusEntry[] = presets.map((p) => ({ id: p.id, doc: p.build() }));
  out.push({ id: 'awkward-names', doc: awkwardNames() });
  out.push({ id: 'user-block', doc: userBlock() });
  out.push({ id: 'shared-blocks', doc: sharedBlocks() });
  out.push({ id: 'block-name-clash', doc: blockNameClash() });
  out.push({ id: 'two-heads', doc: twoHeads() });
  let found = 0;
  for (let seed = 1; found < randomCount && seed < 10_000; seed += 1) {
    const doc = randomGraph(seed);
    if (!analyzeGraph(doc).ok) continue;
    out.push({ id: `random-${seed}`, doc });
    found += 1;
  }
  return out;
}

export const isPreset = (id: string) => presets.some((p) => p.id === id);
