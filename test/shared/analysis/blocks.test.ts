import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { getKind, resolveParams } from '../../../shared/layers/registry';
import { setBody } from '../../../shared/graph/edit';
import type { Shape } from '../../../shared/analysis/types';
import type { GraphDoc, SubGraph } from '../../../shared/graph/schema';
import { chain } from './helpers';

const expandGraph = (doc: GraphDoc) => analyzeGraph(doc).expanded;

/** The body a block kind generates from its params for an input shape (what the designer opens). */
function generated(kind: string, params: Record<string, unknown>, input: Shape): SubGraph {
  const def = getKind(kind);
  if (def?.expand === undefined) throw new Error(`${kind} is not a block kind`);
  const resolved = resolveParams(def, params);
  if (!resolved.ok) throw new Error(resolved.error.message);
  return def.expand(resolved.value, input);
}

describe('Inception', () => {
  const doc = chain([
    ['input', 'input', { shape: [28, 28, 192] }],
    ['inc', 'inception', {}],
  ]);

  it('expands into four branches joined by a concat, with stable derived ids', () => {
    const g = expandGraph(doc);
    expect(g.nodes.map((n) => n.id)).toEqual([
      'input',
      'inc/b1/conv',
      'inc/b2/reduce',
      'inc/b2/conv',
      'inc/b3/reduce',
      'inc/b3/conv',
      'inc/b4/pool',
      'inc/b4/proj',
      'inc/concat',
    ]);
    expect(g.inputsOf.get('inc/concat')).toEqual([
      'inc/b1/conv',
      'inc/b2/conv',
      'inc/b3/conv',
      'inc/b4/proj',
    ]);
    expect(g.inputsOf.get('inc/b2/reduce')).toEqual(['input']);
    expect(g.origin.get('inc/b4/proj')).toBe('inc');
    expect(g.outputOf.get('inc')).toBe('inc/concat');
    expect(g.complete).toBe(true);
  });

  it('sums its parts: inception (3a) has 163,696 params (with biases)', () => {
    const a = analyzeGraph(doc);
    const inc = a.nodes.get('inc');
    expect(inc?.outputShape).toEqual([28, 28, 256]);
    // 1×1: 192·64+64; 3×3: 192·96+96 + 9·96·128+128; 5×5: 192·16+16 + 25·16·32+32; proj: 192·32+32
    expect(inc?.params.total).toBe(12_352 + 18_528 + 110_720 + 3_088 + 12_832 + 6_176);
    expect(inc?.parts?.length).toBe(8);
  });

  it('the naive module passes the pooled channels on', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [28, 28, 192] }],
        ['inc', 'inception', { naive: true }],
      ]),
    );
    expect(a.nodes.get('inc')?.outputShape).toEqual([28, 28, 64 + 128 + 32 + 192]);
  });

  it('honours an edited body (here: a single 1×1 branch)', () => {
    const body = {
      nodes: [
        {
          id: 'only',
          kind: 'conv2d',
          name: 'only',
          params: { filters: 5, kernel: 1 },
          position: { x: 0, y: 0 },
        },
      ],
      edges: [{ id: 'e1', source: 'in', target: 'only', targetPort: 0 }],
    };
    const edited = setBody(doc, 'inc', body);
    const a = analyzeGraph(edited);
    expect(a.nodes.get('inc')?.outputShape).toEqual([28, 28, 5]);
    expect(a.expanded.nodes.map((n) => n.id)).toEqual(['input', 'inc/only']);
  });

  it('reports a problem inside a block on the block, naming the part', () => {
    const tiny = chain([
      ['input', 'input', { shape: [4, 4, 8] }],
      ['inc', 'inception', { naive: true }],
    ]);
    const body = generated('inception', { ...tiny.nodes[1]?.params }, [4, 4, 8]);
    expect(body.nodes.map((n) => n.id)).toContain('b3/conv');
    const broken = setBody(tiny, 'inc', {
      nodes: body.nodes.map((n) =>
        n.id === 'b3/conv' ? { ...n, params: { ...n.params, padding: 'valid' } } : n,
      ),
      edges: body.edges,
    });
    const d = analyzeGraph(broken).diagnostics.find((x) => x.code === 'SHAPE_NONPOSITIVE');
    expect(d).toMatchObject({ nodeId: 'inc', partId: 'inc/b3/conv' });
    expect(d?.message.startsWith('b3/conv: ')).toBe(true);
  });
});

describe('Residual', () => {
  it('adds a projection shortcut when the channels change, and not otherwise', () => {
    const g = expandGraph(
      chain([
        ['input', 'input', { shape: [56, 56, 64] }],
        ['same', 'residual', { width: 64 }],
        ['wider', 'residual', { width: 128 }],
      ]),
    );
    const ids = g.nodes.map((n) => n.id);
    expect(ids).not.toContain('same/proj/conv');
    expect(ids).toContain('wider/proj/conv');
    expect(g.inputsOf.get('same/add')).toEqual(['same/bn2', 'input']);
    expect(g.inputsOf.get('wider/add')).toEqual(['wider/bn2', 'wider/proj/bn']);
  });

  it('a stride-2 bottleneck strides on its 3×3 and projects to 4·width', () => {
    const a = analyzeGraph(
      chain([
        ['input', 'input', { shape: [56, 56, 256] }],
        ['b', 'residual', { variant: 'bottleneck', width: 128, stride: 2 }],
      ]),
    );
    const parts = new Map((a.nodes.get('b')?.parts ?? []).map((p) => [p.nodeId, p]));
    expect(parts.get('b/conv1')?.outputShape).toEqual([56, 56, 128]);
    expect(parts.get('b/conv2')?.outputShape).toEqual([28, 28, 128]);
    expect(parts.get('b/proj/conv')?.outputShape).toEqual([28, 28, 512]);
    expect(a.nodes.get('b')?.outputShape).toEqual([28, 28, 512]);
    // torchvision layer2[0]: 1×1 256→128, 3×3 128→128, 1×1 128→512, proj 256→512, 4 BN (γ, β trainable)
    const convs = 256 * 128 + 9 * 128 * 128 + 128 * 512 + 256 * 512;
    const bnTrainable = 2 * (128 + 128 + 512 + 512);
    expect(a.nodes.get('b')?.params.trainable).toBe(convs + bnTrainable);
    expect(a.nodes.get('b')?.params.nonTrainable).toBe(bnTrainable);
  });
});
