import type { GraphDoc } from './schema';
import { updateParams } from './edit';

/**
 * The graph with its Input node's shape replaced (what "set Input to 28×28×1" does), or null when the graph has
 * no Input node. Pure: the training checks use it to ask whether such a fix would leave a working graph.
 */
export function setInputShape(doc: GraphDoc, shape: readonly number[]): GraphDoc | null {
  const input = doc.nodes.find((n) => n.kind === 'input');
  if (input === undefined) return null;
  return updateParams(doc, input.id, { shape: [...shape] });
}
