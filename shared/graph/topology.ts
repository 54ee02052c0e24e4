import type { Diagnostic } from '../analysis/types';
import type { GraphEdge } from './schema';
import type { InputArity } from '../layers/types';
import { getKind } from '../layers/registry';
import { kahn } from './order';
import { cycles } from './cycles';

/** The part of a node topology looks at. */
export interface TopoNode {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
}

export interface Topology {
  /** Node ids in topological order (ties kept in document order); nodes on or after a cycle are left out. */
  readonly order: readonly string[];
  /** Valid inbound edges per node, ordered by targetPort (then document order). */
  readonly inputsOf: ReadonlyMap<string, readonly GraphEdge[]>;
  /** Index of each (first) node id in the node list. */
  readonly index: ReadonlyMap<string, number>;
  /** The graph's output: the last sink in topological order (null when there is none). */
  readonly output: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface TopologyOptions {
  /** Ids that are sources without being nodes (a block body's input); they start the order. */
  readonly virtualSources?: readonly string[];
  /** In a block body there is no Input node: the virtual source plays its part. */
  readonly requireInput?: boolean;
}

const arityOf = (kind: string): InputArity => getKind(kind)?.inputs ?? 'single';

const error = (
  code: string,
  nodeId: string | null,
  message: string,
  extra: Partial<Diagnostic> = {},
): Diagnostic => ({
  code,
  severity: 'error',
  nodeId,
  message,
  ...extra,
});

/**
 * Keras `map_graph`, by name: orders the layers and names the node at fault for every structural problem —
 * GRAPH_EMPTY, GRAPH_NO_INPUT, GRAPH_MULTIPLE_INPUTS, GRAPH_CYCLE (a node on the cycle), GRAPH_DISCONNECTED
 * (a node with no wires), GRAPH_MULTIPLE_OUTPUTS (a branch that leads nowhere), NODE_DUPLICATE_ID,
 * EDGE_DUPLICATE_ID, EDGE_UNKNOWN_NODE, EDGE_INTO_INPUT, NODE_MISSING_INPUT, NODE_TOO_MANY_INPUTS.
 */
export function computeTopology(
  nodes: readonly TopoNode[],
  edges: readonly GraphEdge[],
  options: TopologyOptions = {},
): Topology {
  const diagnostics: Diagnostic[] = [];
  const virtual = new Set(options.virtualSources ?? []);
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (index.has(node.id) || virtual.has(node.id)) {
      diagnostics.push(
        error('NODE_DUPLICATE_ID', node.id, `Two nodes share the id '${node.id}'; the second is ignored.`),
      );
    } else index.set(node.id, i);
  });
  const label = (id: string) => {
    const node = nodes[index.get(id) ?? -1];
    return node === undefined ? `'${id}'` : `${getKind(node.kind)?.label ?? node.kind} '${node.name || id}'`;
  };

  const inputsOf = new Map<string, GraphEdge[]>();
  const outputsOf = new Map<string, string[]>();
  const edgeIds = new Set<string>();
  for (const edge of edges) {
    if (edgeIds.has(edge.id)) {
      diagnostics.push(
        error('EDGE_DUPLICATE_ID', edge.target, `Two edges share the id '${edge.id}'.`, { edgeId: edge.id }),
      );
      continue;
    }
    edgeIds.add(edge.id);
    const sourceKnown = index.has(edge.source) || virtual.has(edge.source);
    const targetKnown = index.has(edge.target);
    if (!sourceKnown || !targetKnown) {
      const missing = sourceKnown ? edge.target : edge.source;
      diagnostics.push(
        error(
          'EDGE_UNKNOWN_NODE',
          sourceKnown ? edge.source : targetKnown ? edge.target : null,
          `Edge '${edge.id}' refers to the missing node '${missing}'.`,
          {
            edgeId: edge.id,
          },
        ),
      );
      continue;
    }
    const target = nodes[index.get(edge.target) as number] as TopoNode;
    if (arityOf(target.kind) === 'none') {
      diagnostics.push(
        error(
          'EDGE_INTO_INPUT',
          target.id,
          `${label(target.id)} is a network input and takes no inputs (from ${label(edge.source)}).`,
          {
            edgeId: edge.id,
            fix: 'Delete the wire, or wire it into the layer after the input.',
          },
        ),
      );
      continue;
    }
    (inputsOf.get(edge.target) ?? inputsOf.set(edge.target, []).get(edge.target))?.push(edge);
    (outputsOf.get(edge.source) ?? outputsOf.set(edge.source, []).get(edge.source))?.push(edge.target);
  }
  for (const list of inputsOf.values()) list.sort((a, b) => a.targetPort - b.targetPort);

  const inputNodes: string[] = [];
  for (const [id, i] of index) {
    const node = nodes[i] as TopoNode;
    const arity = arityOf(node.kind);
    const inbound = inputsOf.get(id) ?? [];
    if (arity === 'none') {
      inputNodes.push(id);
      continue;
    }
    if (inbound.length === 0 && !outputsOf.has(id) && index.size > 1) {
      diagnostics.push(
        error('GRAPH_DISCONNECTED', id, `${label(id)} is not connected to the graph.`, {
          fix: 'Wire it from a layer above, or delete it.',
        }),
      );
    } else if (arity === 'single' && inbound.length === 0) {
      diagnostics.push(
        error('NODE_MISSING_INPUT', id, `${label(id)} has no input.`, { fix: 'Wire a layer into it.' }),
      );
    } else if (arity === 'single' && inbound.length > 1) {
      const sources = inbound.map((e) => label(e.source)).join(', ');
      diagnostics.push(
        error(
          'NODE_TOO_MANY_INPUTS',
          id,
          `${label(id)} takes one input but ${inbound.length} are wired into it (${sources}).`,
          {
            edgeId: inbound[1]?.id,
            fix: 'Keep one wire, or merge the branches with Add or Concatenate first.',
          },
        ),
      );
    } else if (arity === 'variadic' && inbound.length < 2) {
      diagnostics.push(
        error('NODE_MISSING_INPUT', id, `${label(id)} merges two or more inputs but has ${inbound.length}.`, {
          fix: 'Wire a second branch into it.',
        }),
      );
    }
  }
  if (options.requireInput ?? true) {
    if (index.size === 0)
      diagnostics.push(error('GRAPH_EMPTY', null, 'The graph is empty: start with an Input layer.'));
    else if (inputNodes.length === 0) {
      diagnostics.push(
        error('GRAPH_NO_INPUT', null, 'The graph has no Input layer.', {
          fix: 'Add an Input and wire it to the first layer.',
        }),
      );
    }
    for (const extra of inputNodes.slice(1)) {
      diagnostics.push(
        error(
          'GRAPH_MULTIPLE_INPUTS',
          extra,
          `${label(extra)} is a second network input; Stride trains networks with one input.`,
          {
            fix: 'Delete it, or wire the first input into its layers instead.',
          },
        ),
      );
    }
  }

  const order = kahn(index, inputsOf, outputsOf, virtual);
  if (order.length < index.size) diagnostics.push(...cycles(nodes, index, inputsOf, new Set(order), label));

  let output: string | null = null;
  const sinks = order.filter(
    (id) =>
      !outputsOf.has(id) &&
      (inputsOf.has(id) || arityOf(nodes[index.get(id) as number]?.kind ?? '') === 'none'),
  );
  if (sinks.length > 0) output = sinks[sinks.length - 1] as string;
  for (const sink of sinks.slice(0, -1)) {
    diagnostics.push(
      error(
        'GRAPH_MULTIPLE_OUTPUTS',
        sink,
        `${label(sink)} leads nowhere: the network's output is ${label(output as string)}.`,
        {
          fix: 'Wire it onward (for example into a Concatenate), or delete it.',
        },
      ),
    );
  }
  return { order, inputsOf, index, output, diagnostics };
}
