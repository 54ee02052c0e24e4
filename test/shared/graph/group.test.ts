import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { groupNodes } from '../../../shared/graph/group';
import {
  blockContains,
  blockUses,
  mergeBlocks,
  remapBlockRefs,
  removeBlock,
  renameBlock,
  usedBlocks,
} from '../../../shared/graph/library';
import { parseGraphDoc } from '../../../shared/graph/migrate';
import { blockEntry, type GraphDoc } from '../../../shared/graph/schema';
import { getPreset } from '../../../shared/presets';
import { chain } from '../analysis/helpers';

/** The seed 002 Keras MNIST CNN: conv 32 → pool → conv 64 → pool → flatten → dense 64 → dense 10. */
const mnist = (): GraphDoc => {
  const doc = getPreset('mnist-keras')?.build();
  if (doc === undefined) throw new Error('no preset');
  return doc;
};

const grouped = (doc: GraphDoc, ids: readonly string[]) => {
  const result = groupNodes(doc, ids);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const ids = (doc: GraphDoc) => doc.nodes.map((n) => n.id);

describe('groupNodes (collapse a selection into a user block)', () => {
  it('replaces a chain by one group node defined in the library; totals and shapes are unchanged', () => {
    const doc = mnist();
    const before = analyzeGraph(doc);
    const chainIds = ids(doc).slice(1, 4); // conv, pool, conv
    const { doc: after, nodeId, blockId } = grouped(doc, chainIds);
    expect(nodeId).toBe('group_1');
    expect(blockId).toBe('block_1');
    expect(after.nodes.map((n) => n.id)).toEqual([ids(doc)[0], 'group_1', ...ids(doc).slice(4)]);
    const entry = after.blocks?.block_1;
    expect(entry?.body.nodes.map((n) => n.id)).toEqual(chainIds);
    expect(entry?.body.edges.filter((e) => e.source === 'in').map((e) => e.target)).toEqual([chainIds[0]]);
    const a = analyzeGraph(after);
    expect(a.ok).toBe(true);
    expect(a.totals).toEqual(before.totals);
    expect(a.nodes.get('group_1')?.outputShape).toEqual(before.nodes.get(chainIds[2] as string)?.outputShape);
    expect(a.nodes.get('group_1')?.params.total).toBe(320 + 18_496);
    expect(a.nodes.get('group_1')?.notation).toBe('block_1 · 3 layers');
    // The wire out of the block keeps its id, so its label (the shape) stays where it was.
    const out = doc.edges.find((e) => e.source === chainIds[2]);
    expect(after.edges.find((e) => e.id === out?.id)?.source).toBe('group_1');
    // Parts are named <node>/<part> in the expanded graph, which compiles like any other.
    expect(a.expanded.nodes.map((n) => n.id)).toContain(`group_1/${chainIds[1]}`);
    expect(toKerasTopology(after, a).ok).toBe(true);
  });

  it('groups a fan-out from one layer and a merge (a residual unit) as one block', () => {
    const doc = chain([
      ['input', 'input', { shape: [8, 8, 4] }],
      ['stem', 'conv2d', { filters: 4, padding: 'same' }],
      ['a', 'conv2d', { filters: 4, padding: 'same' }],
      ['b', 'conv2d', { filters: 4, padding: 'same' }],
      ['sum', 'add'],
      ['f', 'flatten'],
    ]);
    // stem → a → b → sum, plus the skip stem → sum (port 1); chain() wired b → sum on port 0.
    const withSkip: GraphDoc = {
      ...doc,
      edges: [...doc.edges, { id: 'skip', source: 'stem', target: 'sum', targetPort: 1 }],
    };
    const before = analyzeGraph(withSkip);
    expect(before.ok).toBe(true);
    const { doc: after } = grouped(withSkip, ['a', 'b', 'sum']);
    const body = after.blocks?.block_1?.body;
    expect(body?.edges.filter((e) => e.source === 'in')).toEqual([
      { id: 'e2', source: 'in', target: 'a', targetPort: 0 },
      { id: 'skip', source: 'in', target: 'sum', targetPort: 1 },
    ]);
    expect(after.edges.filter((e) => e.target === 'group_1')).toHaveLength(1);
    expect(analyzeGraph(after).totals).toEqual(before.totals);
  });

  it('refuses selections that are not one-in, one-out, with a code and the node at fault', () => {
    const doc = mnist();
    const [input, c1, p1, c2] = ids(doc) as [string, string, string, string];
    const code = (sel: string[]) => {
      const r = groupNodes(doc, sel);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code([])).toBe('GROUP_SELECTION_EMPTY');
    expect(code([input, c1])).toBe('GROUP_HAS_INPUT');
    expect(code([c1, c2])).toBe('GROUP_MULTIPLE_ENTRIES'); // c1 from the input, c2 from p1
    const twoSinks = chain([
      ['input', 'input', { shape: [8, 8, 1] }],
      ['a', 'conv2d'],
    ]);
    const branched: GraphDoc = {
      ...twoSinks,
      nodes: [...twoSinks.nodes, { ...(twoSinks.nodes[1] as GraphDoc['nodes'][0]), id: 'b', name: 'b' }],
      edges: [...twoSinks.edges, { id: 'eb', source: 'input', target: 'b', targetPort: 0 }],
    };
    const r = groupNodes(branched, ['a', 'b']);
    expect(r.ok ? null : [r.error.code, r.error.nodeId]).toEqual(['GROUP_MULTIPLE_EXITS', 'b']);
    // A layer of the selection feeding something outside besides the output.
    const leak: GraphDoc = {
      ...doc,
      edges: [...doc.edges, { id: 'leak', source: c1, target: 'dense_2', targetPort: 0 }],
    };
    expect(code([c1, p1])).toBe('ok');
    const leaked = groupNodes(leak, [c1, p1]);
    expect(leaked.ok ? null : leaked.error.code).toBe('GROUP_MULTIPLE_EXITS');
    const isolated = chain([
      ['input', 'input', { shape: [8, 8, 1] }],
      ['a', 'conv2d'],
    ]);
    const lonely = groupNodes({ ...isolated, edges: [] }, ['a']);
    expect(lonely.ok ? null : lonely.error.code).toBe('GROUP_NO_ENTRY');
  });

  it('refuses a selection whose feeding layer depends on it (a loop through the outside)', () => {
    // x → a → b → x: a loop the user has yet to fix; grouping {a, b} would wire x → group → x.
    const doc = chain([
      ['input', 'input', { shape: [8, 8, 1] }],
      ['x', 'conv2d', { padding: 'same' }],
      ['a', 'conv2d', { padding: 'same' }],
      ['b', 'conv2d', { padding: 'same' }],
    ]);
    const loopy: GraphDoc = {
      ...doc,
      edges: [
        ...doc.edges.filter((e) => e.source !== 'input'),
        { id: 'back', source: 'b', target: 'x', targetPort: 0 },
      ],
    };
    const r = groupNodes(loopy, ['a', 'b']);
    expect(r.ok ? null : [r.error.code, r.error.nodeId]).toEqual(['GROUP_CREATES_CYCLE', 'x']);
  });
});

describe('user blocks in the analysis', () => {
  const twoUses = () => {
    const doc = mnist();
    const c1 = ids(doc)[1] as string;
    const first = grouped(doc, [c1]);
    // A second use of the same definition: c2 has 32 input channels, so its own params differ.
    const c2 = ids(doc)[3] as string;
    const second = grouped(first.doc, [c2]);
    // Point the second group at the first definition and drop the now unused entry.
    const reused = second.doc.nodes.map((n) =>
      n.id === 'group_2' ? { ...n, params: { blockId: 'block_1' } } : n,
    );
    const cleaned = removeBlock({ ...second.doc, nodes: reused }, 'block_2');
    if (!cleaned.ok) throw new Error(cleaned.error.message);
    return cleaned.value;
  };

  it('one definition used twice: each use is sized by its own input; editing the definition changes both', () => {
    const doc = twoUses();
    expect(Object.keys(doc.blocks ?? {})).toEqual(['block_1']);
    expect(blockUses(doc, 'block_1')).toBe(2);
    const a = analyzeGraph(doc);
    expect(a.ok).toBe(true);
    expect(a.nodes.get('group_1')?.params.total).toBe(3 * 3 * 1 * 32 + 32);
    expect(a.nodes.get('group_2')?.params.total).toBe(3 * 3 * 32 * 32 + 32);
    const body = doc.blocks?.block_1?.body;
    if (body === undefined) throw new Error('no body');
    const wider = {
      ...doc,
      blocks: {
        block_1: {
          name: 'wide',
          body: { ...body, nodes: body.nodes.map((n) => ({ ...n, params: { ...n.params, filters: 8 } })) },
        },
      },
    };
    const b = analyzeGraph(wider);
    expect(b.nodes.get('group_1')?.outputShape).toEqual([28, 28, 8]);
    expect(b.nodes.get('group_2')?.inputShapes).toEqual([[14, 14, 8]]);
    expect(b.nodes.get('group_2')?.outputShape).toEqual([14, 14, 8]);
    expect(b.nodes.get('group_2')?.notation).toBe('wide · 1 layer');
  });

  it('reports a missing definition and a block that contains itself, on the node using it', () => {
    const doc = twoUses();
    const missing = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'group_2' ? { ...n, params: { blockId: 'gone' } } : n)),
    };
    const a = analyzeGraph(missing);
    expect(a.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'BLOCK_NOT_FOUND', nodeId: 'group_2', severity: 'error' }),
    );
    const body = doc.blocks?.block_1?.body;
    if (body === undefined) throw new Error('no body');
    const selfish = {
      ...doc,
      blocks: {
        block_1: {
          name: 'selfish',
          body: {
            nodes: [
              ...body.nodes,
              {
                id: 'me',
                kind: 'group',
                name: 'me',
                params: { blockId: 'block_1' },
                position: { x: 0, y: 0 },
              },
            ],
            edges: [
              ...body.edges,
              { id: 'em', source: body.nodes[0]?.id ?? '', target: 'me', targetPort: 0 },
            ],
          },
        },
      },
    };
    const b = analyzeGraph(selfish);
    expect(b.ok).toBe(false);
    const recursive = b.diagnostics.find((d) => d.code === 'BLOCK_RECURSIVE');
    expect(recursive?.nodeId).toBe('group_1');
    expect(recursive?.message).toContain('block_1 → block_1');
  });

  it('the incremental analyzer revisits exactly the uses of a library entry that changed', async () => {
    const { createAnalyzer } = await import('../../../shared/analysis/analyze');
    const analyzer = createAnalyzer();
    const doc = twoUses();
    const before = analyzer.update(doc);
    const renamed = renameBlock(doc, 'block_1', 'stem');
    const after = analyzer.update(renamed);
    expect(after.nodes.get('group_1')?.notation).toBe('stem · 1 layer');
    expect(after.nodes.get('group_2')?.notation).toBe('stem · 1 layer');
    const input = ids(doc)[0] as string;
    expect(after.nodes.get(input)).toBe(before.nodes.get(input));
    // An unrelated library entry leaves every result as it was.
    const extra = {
      ...renamed,
      blocks: { ...renamed.blocks, spare: { name: 'spare', body: { nodes: [], edges: [] } } },
    };
    expect(analyzer.update(extra).nodes.get('group_1')).toBe(after.nodes.get('group_1'));
    expect(analyzer.update(extra)).toBe(analyzer.update(extra));
  });
});

describe('the block library in the document format', () => {
  it('round-trips through parseGraphDoc and checks kinds inside library bodies', () => {
    const doc = grouped(mnist(), ids(mnist()).slice(1, 3)).doc;
    const parsed = parseGraphDoc(JSON.parse(JSON.stringify(doc)));
    if (!parsed.ok) throw new Error(`refused: ${parsed.error.code}`);
    expect(parsed.value.blocks).toEqual(doc.blocks);
    const bad = JSON.parse(JSON.stringify(doc)) as {
      blocks: Record<string, { body: { nodes: { kind: string }[] } }>;
    };
    const node = bad.blocks.block_1?.body.nodes[0];
    if (node !== undefined) node.kind = 'warp';
    const refused = parseGraphDoc(bad);
    expect(refused.ok ? null : refused.error.code).toBe('GRAPH_UNKNOWN_KIND');
    const reserved = parseGraphDoc({
      ...JSON.parse(JSON.stringify(doc)),
      blocks: JSON.parse('{"__proto__": {"name": "x", "body": {"nodes": [], "edges": []}}}'),
    });
    // A `__proto__` key is dropped: it never becomes a library entry (nor the library's prototype), and the
    // rest of the document still loads.
    if (!reserved.ok) throw new Error(`refused: ${reserved.error.code} ${reserved.error.message}`);
    expect(Object.keys(reserved.value.blocks ?? {})).toEqual([]);
    expect(Object.getPrototypeOf(reserved.value.blocks)).toBe(Object.prototype);
    expect(blockEntry(reserved.value.blocks, '__proto__')).toBeUndefined();
    expect(blockEntry(reserved.value.blocks, 'toString')).toBeUndefined();
  });

  it('removes only unused entries, and drops the field when the library is empty', () => {
    const doc = grouped(mnist(), ids(mnist()).slice(1, 3)).doc;
    const refused = removeBlock(doc, 'block_1');
    expect(refused.ok ? null : refused.error.code).toBe('BLOCK_IN_USE');
    const unused = { ...doc, nodes: doc.nodes.filter((n) => n.kind !== 'group'), edges: [] };
    const removed = removeBlock(unused, 'block_1');
    if (!removed.ok) throw new Error(`refused: ${removed.error.code}`);
    expect(removed.value).not.toHaveProperty('blocks');
  });
});

describe('blockContains (what may go inside a definition)', () => {
  it('follows uses through other definitions and edited bodies', () => {
    const doc = grouped(mnist(), ids(mnist()).slice(1, 2)).doc; // block_1: the first conv
    const withOuter = {
      ...doc,
      blocks: {
        ...doc.blocks,
        outer: {
          name: 'outer',
          body: {
            nodes: [
              { id: 'g', kind: 'group', name: 'g', params: { blockId: 'block_1' }, position: { x: 0, y: 0 } },
            ],
            edges: [{ id: 'e', source: 'in', target: 'g', targetPort: 0 }],
          },
        },
      },
    };
    expect(blockContains(withOuter.blocks, 'outer', 'block_1')).toBe(true);
    expect(blockContains(withOuter.blocks, 'outer', 'outer')).toBe(true);
    expect(blockContains(withOuter.blocks, 'block_1', 'outer')).toBe(false);
    expect(blockContains(withOuter.blocks, 'missing', 'outer')).toBe(false);
  });
});

describe('library entries across networks (copy/paste)', () => {
  it('takes along what a selection uses, transitively, and renames clashing ids everywhere', () => {
    // block_2's definition uses block_1.
    const inner = grouped(mnist(), ids(mnist()).slice(1, 3)).doc; // group_1 → block_1
    const outer = grouped(inner, ['group_1', ids(mnist())[3] as string]).doc; // group_2 → block_2
    const used = usedBlocks(outer.blocks, {
      nodes: outer.nodes.filter((n) => n.id === 'group_2'),
      edges: [],
    });
    expect(Object.keys(used).sort()).toEqual(['block_1', 'block_2']);
    // A network whose own block_1 is something else: both incoming entries are renamed, references follow.
    const rival = grouped(
      chain([
        ['input', 'input', { shape: [4] }],
        ['d', 'dense'],
      ]),
      ['d'],
    ).doc;
    const { doc, remap } = mergeBlocks(rival, used);
    expect([...remap]).toEqual([['block_1', 'block_1_1']]);
    expect(doc.blocks?.block_2?.body.nodes.find((n) => n.kind === 'group')?.params.blockId).toBe('block_1_1');
    expect(doc.blocks?.block_1?.body.nodes[0]?.kind).toBe('dense');
    const placed = remapBlockRefs({ nodes: outer.nodes.filter((n) => n.id === 'group_2'), edges: [] }, remap);
    expect(placed.nodes[0]?.params.blockId).toBe('block_2');
  });
});
