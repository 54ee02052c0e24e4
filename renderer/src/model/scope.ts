import type { GraphAnalysis, Shape } from '../../../shared/analysis/types';
import type { BlockLibrary, GraphDoc, GraphNode, SubGraph } from '../../../shared/graph/schema';
import { BLOCK_INPUT_ID, blockOfNode, generatedBody, isBlockKind, isGroupKind } from './core';

/**
 * The canvas shows either the whole model or the inside of an opened block (Inception, Residual, a user
 * block), possibly nested. A scope is the path of block node ids from the root.
 *
 * Inside a block the canvas edits a "scoped doc": the block's branches (its edited `body`, the body the core
 * generates from its params and input shape, or a user block's library definition) plus a synthetic Input
 * node with the reserved id BLOCK_INPUT_ID standing for the block's input. Because it is an ordinary GraphDoc
 * (carrying the document's block library), the core's edit helpers and analyzer work on it unchanged;
 * `writeScoped` strips the synthetic node and stores the rest as the block's body (materialising generated
 * bodies on the first edit) or, for a user block, as its library definition — which every use shares.
 */
export type Scope = readonly string[];

export interface ScopeLevel {
  /** The opened block at this level. */
  readonly node: GraphNode;
  /** The block's input shape (from the enclosing level's analysis); null when not known. */
  readonly input: Shape | null;
  /** The block's branches as stored (edited) or generated. */
  readonly body: SubGraph;
  /** The scoped doc the canvas shows and commands edit. */
  readonly doc: GraphDoc;
}

// Generated bodies are memoised per node object and input shape, so an unedited open block keeps stable
// identities (and React Flow does not redraw it) until its params or input change.
const generated = new WeakMap<GraphNode, { key: string; body: SubGraph }>();
const shapeKey = (s: Shape | null) => (s === null ? '?' : s.join('x'));

export function bodyOf(node: GraphNode, input: Shape | null, blocks?: BlockLibrary): SubGraph {
  if (isGroupKind(node.kind)) return blockOfNode(blocks, node)?.body ?? EMPTY_BODY;
  if (node.body !== undefined) return node.body;
  const key = shapeKey(input);
  const hit = generated.get(node);
  if (hit !== undefined && hit.key === key) return hit.body;
  const body = generatedBody(node, input);
  generated.set(node, { key, body });
  return body;
}

const EMPTY_BODY: SubGraph = { nodes: [], edges: [] };
const inputNodes = new Map<string, GraphNode>();

/** The synthetic node standing for a block's input, above the topmost branch node. */
function blockInputNode(input: Shape | null, body: SubGraph): GraphNode {
  const fed = body.nodes.filter((n) =>
    body.edges.some((e) => e.source === BLOCK_INPUT_ID && e.target === n.id),
  );
  const xs = (fed.length > 0 ? fed : body.nodes).map((n) => n.position.x);
  const top = Math.min(0, ...body.nodes.map((n) => n.position.y)) - 110;
  const x = xs.length === 0 ? 0 : (Math.min(...xs) + Math.max(...xs)) / 2;
  const key = `${shapeKey(input)}@${x},${top}`;
  let node = inputNodes.get(key);
  if (node === undefined) {
    node = {
      id: BLOCK_INPUT_ID,
      kind: 'input',
      name: 'block input',
      params: input !== null ? { shape: [...input] } : {},
      position: { x, y: top },
    };
    inputNodes.set(key, node);
  }
  return node;
}

const scopedDocs = new WeakMap<SubGraph, { input: GraphNode; root: GraphDoc; doc: GraphDoc }>();

function scopedDoc(root: GraphDoc, body: SubGraph, input: Shape | null): GraphDoc {
  const inputNode = blockInputNode(input, body);
  const hit = scopedDocs.get(body);
  if (
    hit !== undefined &&
    hit.input === inputNode &&
    hit.root.name === root.name &&
    hit.root.blocks === root.blocks
  )
    return hit.doc;
  const doc: GraphDoc = {
    version: root.version,
    name: root.name,
    description: '',
    nodes: [inputNode, ...body.nodes],
    edges: body.edges,
    // User blocks inside the block resolve against the document's library.
    ...(root.blocks !== undefined ? { blocks: root.blocks } : {}),
  };
  scopedDocs.set(body, { input: inputNode, root, doc });
  return doc;
}

/**
 * Resolves a scope into its levels, outermost first. `analysisOf(level)` must give the analysis of the graph
 * at that depth (0 = the model), which supplies each opened block's input shape. Stops at the first id that
 * no longer names a block (after an undo), so the result may be shorter than the scope.
 */
export function resolveScope(
  doc: GraphDoc,
  scope: Scope,
  analysisOf: (depth: number, graph: GraphDoc) => GraphAnalysis,
): { levels: ScopeLevel[]; analyses: GraphAnalysis[] } {
  const levels: ScopeLevel[] = [];
  const analyses: GraphAnalysis[] = [analysisOf(0, doc)];
  let graph: GraphDoc = doc;
  for (const id of scope) {
    const node = graph.nodes.find((n) => n.id === id);
    if (node === undefined || node.id === BLOCK_INPUT_ID || !isBlockKind(node.kind)) break;
    const outer = analyses[analyses.length - 1];
    const input = outer?.nodes.get(id)?.inputShapes[0] ?? null;
    const body = bodyOf(node, input, doc.blocks);
    graph = scopedDoc(doc, body, input);
    levels.push({ node, input, body, doc: graph });
    analyses.push(analysisOf(levels.length, graph));
  }
  return { levels, analyses };
}

/** The longest prefix of `scope` that still names nested blocks in `doc` (shapes are not needed for that). */
export function validScope(doc: GraphDoc, scope: Scope): Scope {
  let graph: SubGraph = doc;
  for (const [depth, id] of scope.entries()) {
    const node = graph.nodes.find((n) => n.id === id);
    if (node === undefined || !isBlockKind(node.kind)) return scope.slice(0, depth);
    graph = bodyOf(node, null, doc.blocks);
  }
  return scope;
}

/** The blocks along a scope, for the breadcrumb. */
export function scopeNodes(doc: GraphDoc, scope: Scope): GraphNode[] {
  const out: GraphNode[] = [];
  let graph: SubGraph = doc;
  for (const id of scope) {
    const node = graph.nodes.find((n) => n.id === id);
    if (node === undefined || !isBlockKind(node.kind)) break;
    out.push(node);
    graph = bodyOf(node, null, doc.blocks);
  }
  return out;
}

/**
 * Stores an edited scoped doc back: at the root it is the doc itself; inside blocks it becomes the innermost
 * block's body (without the synthetic input node), and every enclosing block's body is rewritten to hold it,
 * up to the first user block on the way out, whose library definition takes the body instead (the graphs
 * around it name the definition, so they stay as they are). Library entries the edit added or changed (a
 * Group inside a block) are kept.
 */
export function writeScoped(doc: GraphDoc, levels: readonly ScopeLevel[], scoped: GraphDoc): GraphDoc {
  if (levels.length === 0) return scoped;
  const innermost = levels[levels.length - 1];
  if (innermost !== undefined && scoped === innermost.doc) return doc;
  const blocks = scoped.blocks;
  const withLibrary = (graph: GraphDoc): GraphDoc =>
    blocks === graph.blocks ? graph : blocks === undefined ? graph : { ...graph, blocks };
  let body: SubGraph = {
    nodes: scoped.nodes.filter((n) => n.id !== BLOCK_INPUT_ID),
    edges: scoped.edges,
  };
  for (let depth = levels.length - 1; depth >= 0; depth -= 1) {
    const level = levels[depth] as ScopeLevel;
    const blockId = level.node.params.blockId;
    if (isGroupKind(level.node.kind) && typeof blockId === 'string') {
      const library = withLibrary(doc);
      const entry = blockOfNode(library.blocks, level.node);
      if (entry === undefined) return library;
      return { ...library, blocks: { ...library.blocks, [blockId]: { ...entry, body } } };
    }
    const withBody = { ...level.node, body };
    const parent: SubGraph = depth === 0 ? doc : (levels[depth - 1] as ScopeLevel).body;
    const nodes = parent.nodes.map((n) => (n.id === level.node.id ? withBody : n));
    body = { nodes, edges: parent.edges };
  }
  return withLibrary({ ...doc, nodes: body.nodes, edges: body.edges });
}
