import type { z } from 'zod';
import type { Result } from '../api/errors';
import type { GraphDoc, GraphNode } from './schema';
import { fail, ok } from '../api/errors';
import { GRAPH_LIMITS, GRAPH_VERSION, GraphDocSchema } from './schema';
import { checkJsonBounds } from './json-text';
import { LAYER_KINDS } from '../layers/types';

type RawDoc = Record<string, unknown>;

/**
 * Every format change is one step here, oldest first; parseGraphDoc applies them in turn, so a file from any
 * earlier version opens. Version 0 is the first draft of the format: a top-level `input: {shape}` field, with
 * edges from the graph input naming the source `input`. Version 1 makes the input an ordinary node (kind
 * 'input'): it gets a position on the canvas, a name, edges like any layer, and a network could have two.
 */
export const MIGRATIONS: readonly {
  readonly from: number;
  readonly describe: string;
  migrate(doc: RawDoc): RawDoc;
}[] = [
  {
    from: 0,
    describe: 'top-level input field → an Input node',
    migrate(doc) {
      const nodes = Array.isArray(doc.nodes) ? (doc.nodes as unknown[]) : [];
      const edges = Array.isArray(doc.edges) ? (doc.edges as unknown[]) : [];
      const { input, ...rest } = doc;
      const shape = isRecord(input) ? input.shape : undefined;
      if (shape === undefined) return { ...rest, version: 1 };
      const ids = new Set(nodes.map((n) => (isRecord(n) ? n.id : undefined)));
      let id = 'input';
      for (let i = 1; ids.has(id); i += 1) id = `input_${i}`;
      const ys = nodes.map((n) => (isRecord(n) && isRecord(n.position) ? Number(n.position.y) : 0));
      const top = Math.min(0, ...ys.filter(Number.isFinite)) - 110;
      const inputNode = { id, kind: 'input', name: 'input', params: { shape }, position: { x: 0, y: top } };
      const rewired = edges.map((e) => (isRecord(e) && e.source === 'input' ? { ...e, source: id } : e));
      return { ...rest, version: 1, nodes: [inputNode, ...nodes], edges: rewired };
    },
  },
];

function isRecord(value: unknown): value is RawDoc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `nodes[3].params.kernel` from a zod issue path. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const where = issuePath(issue.path);
  return where === '' ? issue.message : `${where}: ${issue.message}`;
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(LAYER_KINDS);

/** First node (at any body depth) whose kind is unknown, or that nests bodies too deeply. */
function checkNodes(nodes: readonly GraphNode[], depth: number, path: string): Result<null> {
  for (const [i, node] of nodes.entries()) {
    if (!KNOWN_KINDS.has(node.kind)) {
      return fail(
        'GRAPH_UNKNOWN_KIND',
        `${path}[${i}] ('${node.id}') has the unknown layer kind '${node.kind}'.`,
        node.id,
      );
    }
    if (node.body !== undefined) {
      if (depth >= GRAPH_LIMITS.maxBodyDepth) {
        return fail(
          'GRAPH_TOO_DEEP',
          `'${node.id}' nests block bodies deeper than ${GRAPH_LIMITS.maxBodyDepth} levels.`,
          node.id,
        );
      }
      const inner = checkNodes(node.body.nodes, depth + 1, `${path}[${i}].body.nodes`);
      if (!inner.ok) return inner;
    }
  }
  return ok(null);
}

/**
 * Any value → a valid current-version GraphDoc or one coded error (GRAPH_INVALID, GRAPH_FUTURE_VERSION,
 * GRAPH_TOO_LARGE, GRAPH_TOO_DEEP, GRAPH_UNKNOWN_KIND). Never throws. Topology and shapes are not judged
 * here: a document with a cycle is still one the user must be able to open and fix.
 */
export function parseGraphDoc(raw: unknown): Result<GraphDoc> {
  try {
    const bounds = checkJsonBounds(raw);
    if (!bounds.ok) return bounds;
    if (!isRecord(raw)) return fail('GRAPH_INVALID', 'A GraphDoc must be a JSON object.');
    const version = raw.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
      return fail(
        'GRAPH_INVALID',
        `version must be a whole number (found ${JSON.stringify(version) ?? 'nothing'}).`,
      );
    }
    if (version > GRAPH_VERSION) {
      return fail(
        'GRAPH_FUTURE_VERSION',
        `This graph was saved by a newer Stride (format version ${version}); this one reads up to version ${GRAPH_VERSION}.`,
      );
    }
    let doc: RawDoc = raw;
    for (const step of MIGRATIONS) {
      if (step.from === doc.version) doc = step.migrate(doc);
    }
    const nodes = doc.nodes;
    if (Array.isArray(nodes) && nodes.length > GRAPH_LIMITS.maxNodes) {
      return fail(
        'GRAPH_TOO_LARGE',
        `The graph has ${nodes.length} nodes; the limit is ${GRAPH_LIMITS.maxNodes}.`,
      );
    }
    const parsed = GraphDocSchema.safeParse(doc);
    if (!parsed.success) return fail('GRAPH_INVALID', `Invalid graph: ${firstIssue(parsed.error)}.`);
    const kinds = checkNodes(parsed.data.nodes, 0, 'nodes');
    if (!kinds.ok) return kinds;
    // A library entry is a block body: the same kinds and nesting rules apply inside it.
    for (const [id, def] of Object.entries(parsed.data.blocks ?? {})) {
      const inner = checkNodes(def.body.nodes, 1, `blocks.${id}.body.nodes`);
      if (!inner.ok) return inner;
    }
    return ok(parsed.data);
  } catch (error) {
    // Defensive: zod or a migration met something unforeseen. Still one line, still a code.
    return fail('GRAPH_INVALID', `Invalid graph: ${error instanceof Error ? error.message : 'unreadable'}.`);
  }
}
