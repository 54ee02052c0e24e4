import { centreOn } from '../canvas/viewport';
import { enterScope, select, useEditor } from '../store/editor';

/**
 * Summary and Problems rows name nodes of the whole model: leave any opened block, select the node and
 * centre the canvas on it (after React Flow has the root graph's nodes again).
 */
export function goToNode(nodeId: string): void {
  const s = useEditor.getState();
  if (!s.doc.nodes.some((n) => n.id === nodeId)) return;
  if (s.scope.length > 0) enterScope([]);
  select([nodeId]);
  requestAnimationFrame(() => centreOn(nodeId));
}
