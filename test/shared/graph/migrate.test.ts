import { describe, expect, it } from 'vitest';
import { parseGraphDoc } from '../../../shared/graph/migrate';
import { parseModelText } from '../../../shared/graph/load';
import { JSON_LIMITS, scanJsonText } from '../../../shared/graph/json-text';

const minimal = {
  version: 1,
  name: 'm',
  nodes: [{ id: 'in', kind: 'input', name: 'in', params: { shape: [8] }, position: { x: 0, y: 0 } }],
  edges: [],
};

const code = (r: ReturnType<typeof parseGraphDoc>) => (r.ok ? 'ok' : r.error.code);

describe('parseGraphDoc', () => {
  it('accepts a valid document and fills defaults', () => {
    const r = parseGraphDoc(minimal);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.description).toBe('');
  });

  it('migrates version 0 (top-level input) to an Input node', () => {
    const v0 = {
      version: 0,
      name: 'old',
      input: { shape: [28, 28, 1] },
      nodes: [{ id: 'c', kind: 'conv2d', name: 'c', params: {}, position: { x: 0, y: 0 } }],
      edges: [{ id: 'e1', source: 'input', target: 'c', targetPort: 0 }],
    };
    const r = parseGraphDoc(v0);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.version).toBe(1);
      expect(r.value.nodes[0]).toMatchObject({ id: 'input', kind: 'input', params: { shape: [28, 28, 1] } });
      expect(r.value.edges[0]?.source).toBe('input');
    }
  });

  it.each([
    ['a future version', { ...minimal, version: 2 }, 'GRAPH_FUTURE_VERSION'],
    ['a string', 'hello', 'GRAPH_INVALID'],
    ['null', null, 'GRAPH_INVALID'],
    ['a fractional version', { ...minimal, version: 1.5 }, 'GRAPH_INVALID'],
    ['no version', { name: 'x', nodes: [], edges: [] }, 'GRAPH_INVALID'],
    ['wrong types', { ...minimal, nodes: 'many' }, 'GRAPH_INVALID'],
    [
      'an unknown kind',
      { ...minimal, nodes: [{ ...minimal.nodes[0], kind: 'conv3d' }] },
      'GRAPH_UNKNOWN_KIND',
    ],
    ['bad ids', { ...minimal, nodes: [{ ...minimal.nodes[0], id: 'a b' }] }, 'GRAPH_INVALID'],
    [
      'too many nodes',
      { ...minimal, nodes: Array.from({ length: 20_001 }, () => minimal.nodes[0]) },
      'GRAPH_TOO_LARGE',
    ],
  ])('refuses %s with a code', (_what, raw, expected) => {
    expect(code(parseGraphDoc(raw))).toBe(expected);
  });

  it('refuses deeply nested values without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(code(parseGraphDoc({ ...minimal, meta: deep }))).toBe('GRAPH_TOO_DEEP');
  });

  it('refuses bodies nested beyond the limit', () => {
    type N = { id: string; kind: string; name: string; params: object; position: object; body?: object };
    let node: N = { id: 'x', kind: 'inception', name: 'x', params: {}, position: { x: 0, y: 0 } };
    for (let i = 0; i < 6; i += 1) node = { ...node, body: { nodes: [node], edges: [] } };
    expect(code(parseGraphDoc({ ...minimal, nodes: [node] }))).toBe('GRAPH_TOO_DEEP');
  });
});

describe('parseModelText', () => {
  it.each([
    ['not JSON', 'hello', 'GRAPH_NOT_JSON'],
    ['truncated', JSON.stringify(minimal).slice(0, 40), 'GRAPH_NOT_JSON'],
    ['empty', '  ', 'GRAPH_NOT_JSON'],
    ['deep brackets', '['.repeat(200_000), 'GRAPH_TOO_DEEP'],
    [
      'a future project',
      JSON.stringify({ format: 'stride-project', version: 9, graph: minimal }),
      'PROJECT_FUTURE_VERSION',
    ],
  ])('%s → %s', (_what, text, expected) => {
    const r = parseModelText(text);
    expect(r.ok ? 'ok' : r.error.code).toBe(expected);
  });

  it('reads a project file and a bare graph', () => {
    const project = parseModelText(JSON.stringify({ format: 'stride-project', version: 1, graph: minimal }));
    expect(project.ok && project.value.project !== null).toBe(true);
    const bare = parseModelText(JSON.stringify(minimal));
    expect(bare.ok && bare.value.project === null).toBe(true);
  });

  it('measures nesting outside strings only', () => {
    const limits = { ...JSON_LIMITS, maxDepth: 3 };
    expect(scanJsonText('{"a": "[[[[[[", "b": [[1]]}', 'x', limits).ok).toBe(true);
    expect(scanJsonText('{"a": "[[[[[[", "b": [[[1]]]}', 'x', limits)).toMatchObject({
      ok: false,
      error: { code: 'GRAPH_TOO_DEEP' },
    });
  });
});
