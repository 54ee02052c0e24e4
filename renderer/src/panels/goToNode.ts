import { centreOn } from '../canvas/viewport';
import { isBlockKind } from '../model/core';
import { useAnalysis } from '../store/analysis';
import { enterScope, select, useEditor } from '../store/editor';
import { usePrefs } from '../store/prefs';

/**
 * Summary and Problems rows name nodes of the whole model, and a problem inside a block also names the part at
 * fault (`partId`, e.g. `inc3a/b2/conv`). Opens the blocks on the way to it, selects it, and centres the
 * canvas on it (after React Flow has the new graph's nodes).
 */
export function goToNode(nodeId: string, partId?: string): void {
  const s = useEditor.getState();
  if (!s.doc.nodes.some((n) => n.id === nodeId)) return;
  usePrefs.getState().setView('designer');
  let target = nodeId;
  const scope: string[] = [];
  if (partId !== undefined && partId.startsWith(`${nodeId}/`)) {
    // Walk into nested blocks: at each level the rest of the path is either a node of that level or starts
    // with the id of a block there.
    let rest = partId.slice(nodeId.length + 1);
    scope.push(nodeId);
    enterScope(scope);
    for (let depth = 0; depth < 8; depth += 1) {
      const nodes = useAnalysis.getState().viewDoc.nodes;
      if (nodes.some((n) => n.id === rest)) {
        target = rest;
        break;
      }
      const block = nodes.find((n) => isBlockKind(n.kind) && rest.startsWith(`${n.id}/`));
      if (block === undefined) {
        target = nodeId;
        scope.length = 0;
        break;
      }
      scope.push(block.id);
      enterScope([...scope]);
      rest = rest.slice(block.id.length + 1);
    }
  }
  enterScope(scope);
  select([target]);
  requestAnimationFrame(() => requestAnimationFrame(() => centreOn(target)));
}
