import type { Result } from '../api/errors';
import type { GraphDoc, GraphEdge, GraphNode, SubGraph } from './schema';
import { fail, ok } from '../api/errors';
import { getKind } from '../layers/registry';
import { BODY_INPUT_ID } from '../layers/common/body';
import { reaches } from './cycles';
import { newNodeId } from './edit';
import { GROUP_KIND, newBlockId, setBlock } from './library';

export interface GroupResult {
  readonly doc: GraphDoc;
  /** The new `group` node that replaced the selection. */
  readonly nodeId: string;
  /** Its definition in `doc.blocks`. */
  readonly blockId: string;
}

/**
 * Collapses the layers `nodeIds` into one `group` node whose definition becomes a new entry of the block
 * library. The selection must read as a block: one layer feeds it from outside (over one or several wires —
 * they all become wires from the block's input `in`), and one layer of it gives its result (it may feed
 * several consumers). Wires into the selection are replaced by one wire into the group node; wires out of it
 * now leave the group node, keeping their ids and ports, so shapes and totals are unchanged. Refusals are
 * coded: GROUP_SELECTION_EMPTY, GROUP_HAS_INPUT, GROUP_NO_ENTRY, GROUP_MULTIPLE_ENTRIES,
 * GROUP_MULTIPLE_EXITS, GROUP_CREATES_CYCLE.
 */
export function groupNodes(
  doc: GraphDoc,
  nodeIds: readonly string[],
  options: { readonly name?: string; readonly blockId?: string } = {},
): Result<GroupResult> {
  const ids = new Set(nodeIds);
  const members = doc.nodes.filter((n) => ids.has(n.id));
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const label = (id: string) => `'${byId.get(id)?.name ?? id}'`;
  if (members.length === 0) return fail('GROUP_SELECTION_EMPTY', 'Select the layers to group first.');
  const input = members.find((n) => getKind(n.kind)?.inputs === 'none');
  if (input !== undefined) {
    return fail(
      'GROUP_HAS_INPUT',
      `${label(input.id)} is an input; a block takes its input from one incoming wire, so leave it out of the selection.`,
      input.id,
    );
  }
  const entering = doc.edges.filter((e) => ids.has(e.target) && !ids.has(e.source));
  const inside = doc.edges.filter((e) => ids.has(e.target) && ids.has(e.source));
  const leaving = doc.edges.filter((e) => ids.has(e.source) && !ids.has(e.target));
  const sources = [...new Set(entering.map((e) => e.source))];
  const source = sources[0];
  if (source === undefined) {
    return fail('GROUP_NO_ENTRY', 'No wire enters the selection: a block needs one input.', members[0]?.id);
  }
  if (sources.length > 1) {
    return fail(
      'GROUP_MULTIPLE_ENTRIES',
      `Wires enter the selection from ${sources.length} layers (${sources.map(label).join(', ')}); a block has one input. Select the layers where the branches start too, or fewer layers.`,
      entering.find((e) => e.source === sources[1])?.target ?? null,
    );
  }
  const sinks = members.filter((n) => !inside.some((e) => e.source === n.id));
  const output = sinks[0];
  if (sinks.length !== 1 || output === undefined) {
    return fail(
      'GROUP_MULTIPLE_EXITS',
      `The selection ends in ${sinks.length} layers (${sinks.map((n) => label(n.id)).join(', ')}); a block has one output. Include the layer that joins them.`,
      sinks[1]?.id ?? null,
    );
  }
  const stray = leaving.find((e) => e.source !== output.id);
  if (stray !== undefined) {
    return fail(
      'GROUP_MULTIPLE_EXITS',
      `${label(stray.source)} feeds ${label(stray.target)} outside the selection, but the block's output would be ${label(output.id)}; a block has one output.`,
      stray.source,
    );
  }
  if (reaches(doc.edges, output.id, source)) {
    return fail(
      'GROUP_CREATES_CYCLE',
      `${label(source)} feeds the selection and also depends on it: grouping would close a loop.`,
      source,
    );
  }

  const blockId = options.blockId ?? newBlockId(doc.blocks);
  const left = Math.min(...members.map((n) => n.position.x));
  const top = Math.min(...members.map((n) => n.position.y));
  // A member named like the block input would collide with it inside the body.
  const local = (id: string) => (id === BODY_INPUT_ID ? `${id}_` : id);
  const body: SubGraph = {
    nodes: members.map((n) => ({
      ...n,
      id: local(n.id),
      position: { x: n.position.x - left, y: n.position.y - top },
    })),
    edges: [
      ...entering.map((e) => ({ ...e, source: BODY_INPUT_ID, target: local(e.target) })),
      ...inside.map((e) => ({ ...e, source: local(e.source), target: local(e.target) })),
    ],
  };
  const nodeId = newNodeId(doc, GROUP_KIND);
  const groupNode: GraphNode = {
    id: nodeId,
    kind: GROUP_KIND,
    name: nodeId,
    params: { blockId },
    position: { x: left, y: top },
  };
  // The group node takes the first member's place in document order (the topological tie-break).
  const first = doc.nodes.findIndex((n) => ids.has(n.id));
  const nodes = doc.nodes.flatMap((n, i) => (i === first ? [groupNode] : ids.has(n.id) ? [] : [n]));
  const firstEntry = entering[0] as GraphEdge;
  const edges = doc.edges.flatMap((e): GraphEdge[] => {
    if (e === firstEntry) return [{ id: e.id, source, target: nodeId, targetPort: 0 }];
    if (ids.has(e.target)) return [];
    return ids.has(e.source) ? [{ ...e, source: nodeId }] : [e];
  });
  const grouped = setBlock({ ...doc, nodes, edges }, blockId, { name: options.name ?? blockId, body });
  return ok({ doc: grouped, nodeId, blockId });
}
