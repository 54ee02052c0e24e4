import type { GraphDoc, GraphNode } from '../../../shared/graph/schema';
import { catalog } from '../../../shared/layers/registry';
import type { LayerKind } from '../../../shared/layers/types';

type Step = readonly [id: string, kind: LayerKind, params?: GraphNode['params']];

/** A chain input → … built from [id, kind, params] steps (params merged over the kind's defaults). */
export function chain(steps: readonly Step[], name = 'test'): GraphDoc {
  const nodes: GraphNode[] = steps.map(([id, kind, params], i) => ({
    id,
    kind,
    name: id,
    params: { ...(catalog[kind].defaults as GraphNode['params']), ...params },
    position: { x: 0, y: i * 100 },
  }));
  const edges = nodes.slice(1).map((n, i) => ({
    id: `e${i + 1}`,
    source: (nodes[i] as GraphNode).id,
    target: n.id,
    targetPort: 0,
  }));
  return { version: 1, name, description: '', nodes, edges };
}
