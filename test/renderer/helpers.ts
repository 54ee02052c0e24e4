import { addNode, connect, emptyGraph } from '../../shared/graph/edit';
import type { GraphDoc } from '../../shared/graph/schema';
import type { LayerKind } from '../../shared/layers/types';
import { loadDoc } from '../../renderer/src/store/editor';

/** A chain Input → kinds… wired in order; node ids are `<kind>_<n>` as the core names them. */
export function chain(...kinds: LayerKind[]): GraphDoc {
  let doc = emptyGraph('Test');
  for (const [i, kind] of kinds.entries()) doc = addNode(doc, kind, { x: 0, y: 120 * (i + 1) }).doc;
  const ids = doc.nodes.map((n) => n.id);
  for (let i = 0; i + 1 < ids.length; i += 1) {
    const wired = connect(doc, ids[i] as string, ids[i + 1] as string);
    if (!wired.ok) throw new Error(wired.error.message);
    doc = wired.value.doc;
  }
  return doc;
}

export function load(doc: GraphDoc): void {
  loadDoc(doc, null, { saved: true });
}
