import type { ExpandedGraph } from '../analysis/types';
import type { BlockLibrary, GraphDoc, SubGraph } from './schema';
import type { Shape } from '../analysis/types';
import { analyzeGraph } from '../analysis/analyze';
import { getKind, resolveParams } from '../layers/registry';
import { BODY_INPUT_ID } from '../layers/common/body';

export { BODY_INPUT_ID };
export type { ExpandedGraph, ExpandedEdge, PrimitiveNode } from '../analysis/types';

/**
 * The primitive-only graph: Inception, Residual and user blocks (`group`, defined in `doc.blocks`) replaced
 * by their parts, with ids `<nodeId>/<partId>` (`inc3a/b2/conv`, `res2/proj/conv`, `group_1/conv2d_1`), an
 * edited `body` honoured when present. A residual block's projection shortcut depends on the channels
 * reaching it, so expansion runs the shape analysis; analysis, training and codegen all read this same graph.
 * `complete` is false when the document has errors.
 */
export function expandGraph(doc: GraphDoc): ExpandedGraph {
  return analyzeGraph(doc).expanded;
}

/**
 * The body a block would get from its params for a given input shape (the designer opens it for editing and
 * stores the edited copy in `node.body`); for a user block, its library entry's body. Null for a non-block
 * kind or invalid params.
 */
export function defaultBody(
  kind: string,
  params: Record<string, unknown>,
  input: Shape | null,
  blocks?: BlockLibrary,
): SubGraph | null {
  const def = getKind(kind);
  if (def?.expand === undefined) return null;
  const resolved = resolveParams(def, params);
  return resolved.ok ? def.expand(resolved.value, input, blocks) : null;
}
