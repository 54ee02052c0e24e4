import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset } from '../../shared/presets';
import type { Rng } from './prng';

/**
 * Malformed project files for the fuzz suite: valid projects (presets, the graph fixtures) broken one way each,
 * structurally (a value of the wrong type, a missing key, nesting, a million keys, a cycle, …) or as text
 * (truncated, flipped or inserted bytes, invalid UTF-8, a BOM, nothing at all). Deterministic given the Rng.
 */
export interface FuzzFile {
  readonly name: string;
  readonly bytes: Buffer;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const root = join(__dirname, '..', '..');

/** The valid starting points: small presets and every graph fixture, each as a project file. */
export function baseProjects(): { name: string; project: Json }[] {
  const wrap = (graph: unknown): Json =>
    ({ format: 'stride-project', version: 1, graph, ui: { theme: 'dark' } }) as unknown as Json;
  const presets = ['lenet5', 'mnist-keras', 'resnet18', 'googlenet'].map((id) => ({
    name: `preset-${id}`,
    project: wrap(getPreset(id)?.build()),
  }));
  const dir = join(root, 'test', 'fixtures', 'graphs');
  const fixtures = readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'expected.json')
    .map((name) => ({
      name: `fixture-${name}`,
      project: wrap(JSON.parse(readFileSync(join(dir, name), 'utf8'))),
    }));
  return [...presets, ...fixtures];
}

const HOSTILE: readonly Json[] = [
  null,
  true,
  false,
  -1,
  0,
  0.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  '',
  'x'.repeat(5000),
  '\u0000\u001b[31m\u202e',
  '../../../../etc/passwd',
  [],
  {},
  [[[]]],
  { __proto__: { polluted: true } } as unknown as Json,
  { constructor: { prototype: { polluted: true } } },
  'NaN',
  [1, 'two', null, { three: 3 }],
];

/** Every [container, key] in the value, breadth first, capped (a path to mutate is picked from these). */
function slots(value: Json, cap = 4000): [Json[] | { [key: string]: Json }, string | number][] {
  const found: [Json[] | { [key: string]: Json }, string | number][] = [];
  const queue: Json[] = [value];
  for (let at = 0; at < queue.length && found.length < cap; at += 1) {
    const current = queue[at] as Json;
    if (current === null || typeof current !== 'object') continue;
    const keys: (string | number)[] = Array.isArray(current)
      ? current.map((_, i) => i)
      : Object.keys(current);
    for (const key of keys) {
      found.push([current, key]);
      queue.push((current as Record<string | number, Json>)[key] as Json);
    }
  }
  return found;
}

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

function nested(levels: number, inner: Json): Json {
  let value = inner;
  for (let i = 0; i < levels; i += 1) value = [value];
  return value;
}

function manyKeys(count: number): Json {
  const object: { [key: string]: Json } = {};
  for (let i = 0; i < count; i += 1) object[`k${i}`] = i;
  return object;
}

const graphOf = (project: Json): { [key: string]: Json } | null => {
  const graph = (project as { graph?: Json } | null)?.graph;
  return graph !== null && typeof graph === 'object' && !Array.isArray(graph) ? graph : null;
};
const nodesOf = (project: Json): Json[] => {
  const nodes = graphOf(project)?.nodes;
  return Array.isArray(nodes) ? nodes : [];
};

/** Structural mutations: each returns a changed clone and what it did. */
const STRUCTURAL: readonly ((rng: Rng, project: Json) => [string, Json])[] = [
  (rng, p) => {
    const all = slots(p);
    const [container, key] = rng.pick(all);
    const value = rng.pick(HOSTILE);
    (container as Record<string | number, Json>)[key] = clone(value);
    return [`set ${String(key)} to ${JSON.stringify(value)?.slice(0, 20)}`, p];
  },
  (rng, p) => {
    const objects = slots(p).filter(([c]) => !Array.isArray(c));
    const [container, key] = rng.pick(objects);
    delete (container as Record<string, Json>)[key as string];
    return [`delete ${String(key)}`, p];
  },
  (rng, p) => {
    const [container, key] = rng.pick(slots(p));
    const levels = rng.pick([10, 40, 63, 65, 200]);
    (container as Record<string | number, Json>)[key] = nested(levels, 1);
    return [`nest ${levels} levels at ${String(key)}`, p];
  },
  (rng, p) => {
    const node = rng.pick(nodesOf(p)) as { [key: string]: Json } | undefined;
    const count = rng.pick([100, 4096, 4097, 20_000]);
    if (node !== undefined) node.params = manyKeys(count);
    return [`${count} params keys`, p];
  },
  (rng, p) => {
    const nodes = nodesOf(p);
    const node = rng.pick(nodes);
    if (node !== undefined) for (let i = rng.int(1, 3); i > 0; i -= 1) nodes.push(clone(node));
    return ['duplicate a node', p];
  },
  (rng, p) => {
    const graph = graphOf(p);
    const ids = nodesOf(p).map((n) => (n as { id?: Json }).id ?? 'x');
    const edges = Array.isArray(graph?.edges) ? graph.edges : [];
    const source = rng.pick([...ids, 'nowhere', '', '__proto__']);
    const target = rng.pick([...ids, 'nowhere', source]);
    edges.push({ id: `fz${rng.int(0, 999)}`, source, target, targetPort: rng.pick([0, 1, 64, 65, -1, 1.5]) });
    return [`edge ${String(source)} → ${String(target)}`, p];
  },
  (rng, p) => {
    const node = rng.pick(nodesOf(p)) as { [key: string]: Json } | undefined;
    const kind = rng.pick(['conv2d', 'residual', 'inception', 'group', 'add', 'nope', '', 'Conv2D', 'input']);
    if (node !== undefined) node.kind = kind;
    return [`kind → ${kind}`, p];
  },
  (rng, p) => {
    const node = rng.pick(nodesOf(p)) as { [key: string]: Json } | undefined;
    let body: Json = { nodes: [], edges: [] };
    const levels = rng.pick([1, 4, 5, 8]);
    for (let i = 0; i < levels; i += 1) {
      body = {
        nodes: [{ id: `b${i}`, kind: 'residual', name: 'b', params: {}, position: { x: 0, y: 0 }, body }],
        edges: [],
      };
    }
    if (node !== undefined) node.body = body;
    return [`${levels} levels of bodies`, p];
  },
  (rng, p) => {
    const record = p as { [key: string]: Json };
    const field = rng.pick(['format', 'version']);
    record[field] = rng.pick(['stride-project', 'other', 2, 0, -1, '1', 999, null, 1.5]);
    const graph = graphOf(p);
    if (graph !== null && rng.chance(0.5)) graph.version = rng.pick([0, 2, -1, '1', 1e9, null]);
    return [`${field} tampered`, p];
  },
  (rng, p) => {
    const graph = graphOf(p);
    if (graph !== null) {
      graph.blocks = rng.pick<Json>([
        manyKeys(5000),
        { a: { body: { nodes: 'x', edges: [] } } },
        { b: null },
        [],
        { c: { name: 'c', body: { nodes: [], edges: [] }, inputs: -1 } },
      ]);
    }
    return ['hostile block library', p];
  },
];

/** Text mutations of the serialized project. */
const TEXTUAL: readonly ((rng: Rng, text: Buffer) => [string, Buffer])[] = [
  (rng, t) => {
    const at = rng.int(0, t.length - 1);
    return [`truncate at ${at}`, t.subarray(0, at)];
  },
  (rng, t) => {
    const copy = Buffer.from(t);
    for (let i = rng.int(1, 8); i > 0; i -= 1) copy[rng.int(0, copy.length - 1)] = rng.int(0, 255);
    return ['flip bytes', copy];
  },
  (rng, t) => {
    const at = rng.int(0, t.length);
    const noise = rng.pick([
      rng.bytes(rng.int(1, 64)),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('\u0000'),
    ]);
    return [
      `insert ${noise.length} bytes at ${at}`,
      Buffer.concat([t.subarray(0, at), noise, t.subarray(at)]),
    ];
  },
  (rng, t) => {
    const prefix = rng.pick([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from([0xfe, 0xff]),
      Buffer.from('\u0000'),
      Buffer.from('// c\n'),
    ]);
    return ['prefix', Buffer.concat([prefix, t])];
  },
  (rng) => {
    const whole = rng.pick([
      '',
      ' \n\t',
      'null',
      '[]',
      '{}',
      '"text"',
      '42',
      'true',
      '{{{{',
      ']]]]',
      '{"format":',
      '\u0000',
    ]);
    return [`whole file ${JSON.stringify(whole)}`, Buffer.from(whole)];
  },
  (rng, t) => {
    const text = t.toString('utf8');
    const at = text.indexOf('"name"');
    if (at < 0) return ['duplicate keys (none)', t];
    const dup = `"name":${JSON.stringify(rng.pick(['a', 'b'.repeat(300), '']))},`;
    return ['duplicate key', Buffer.from(`${text.slice(0, at)}${dup}${text.slice(at)}`)];
  },
  (rng) => ['random bytes', rng.bytes(rng.int(1, 4096))],
  (rng, t) => {
    const depth = rng.pick([65, 1000]);
    return [`${depth} open brackets`, Buffer.concat([Buffer.from('['.repeat(depth)), t])];
  },
];

/** The large cases of issue 15, once each (too costly to draw at random): keys, nodes, nesting, brackets. */
function heavyCases(base: Json): FuzzFile[] {
  const withGraph = (change: (graph: { [key: string]: Json }) => void): Buffer => {
    const project = clone(base);
    const graph = graphOf(project);
    if (graph !== null) change(graph);
    return Buffer.from(JSON.stringify(project));
  };
  const first = nodesOf(base)[0] as { [key: string]: Json };
  let residual = '{"id":"r0","kind":"residual","name":"r","params":{},"position":{"x":0,"y":0}}';
  for (let i = 1; i <= 3000; i += 1) {
    residual = `{"id":"r${i}","kind":"residual","name":"r","params":{},"position":{"x":0,"y":0},"body":{"nodes":[${residual}],"edges":[]}}`;
  }
  return [
    {
      // Written as text: building a million-key object to stringify it would cost more than the whole test.
      name: 'heavy: 1,000,000 params keys',
      bytes: Buffer.from(
        `{"format":"stride-project","version":1,"graph":{"version":1,"name":"keys","nodes":[{"id":"d","kind":"dense","name":"d","params":{${Array.from({ length: 1_000_000 }, (_, i) => `"k${i}":1`).join(',')}},"position":{"x":0,"y":0}}],"edges":[]}}`,
      ),
    },
    {
      name: 'heavy: 25,000 nodes',
      bytes: withGraph(
        (g) => (g.nodes = Array.from({ length: 25_000 }, (_, i) => ({ ...first, id: `n${i}` }))),
      ),
    },
    {
      name: 'heavy: 3,001 nested residuals',
      bytes: Buffer.from(
        `{"format":"stride-project","version":1,"graph":{"version":1,"name":"deep","nodes":[${residual}],"edges":[]}}`,
      ),
    },
    { name: 'heavy: 100,000 open brackets', bytes: Buffer.from('['.repeat(100_000)) },
  ];
}

/**
 * `count` malformed project files: the heavy cases, then random bases with one structural or textual mutation
 * each.
 */
export function malformedProjects(rng: Rng, count: number, options: { heavy?: boolean } = {}): FuzzFile[] {
  const bases = baseProjects();
  const files: FuzzFile[] = options.heavy === false ? [] : heavyCases(bases[0]!.project);
  for (let i = files.length; i < count; i += 1) {
    const base = rng.pick(bases);
    let what: string;
    let bytes: Buffer;
    if (rng.chance(0.55)) {
      const [did, project] = rng.pick(STRUCTURAL)(rng, clone(base.project));
      what = did;
      bytes = Buffer.from(`${JSON.stringify(project, null, rng.chance(0.5) ? 2 : undefined)}\n`);
    } else {
      const [did, changed] = rng.pick(TEXTUAL)(rng, Buffer.from(JSON.stringify(base.project, null, 2)));
      what = did;
      bytes = changed;
    }
    files.push({ name: `${String(i).padStart(3, '0')} ${base.name}: ${what}`, bytes });
  }
  return files;
}
