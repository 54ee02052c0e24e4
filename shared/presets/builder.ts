import type { GraphDoc, GraphEdge, GraphMeta, GraphNode } from '../graph/schema';
import type { LayerKind } from '../layers/types';
import { catalog } from '../layers/registry';
import { GRAPH_VERSION } from '../graph/schema';

const ROW = 120;

/**
 * Writes a preset as a chain, top to bottom: each `add` wires the previous node into the new one. Params are
 * complete (defaults filled in), so the saved document says exactly what was built.
 */
export class ChainBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];
  private last: string | null = null;

  add(
    id: string,
    kind: LayerKind,
    params: Record<string, GraphNode['params'][string]> = {},
    name = id,
  ): this {
    const node: GraphNode = {
      id,
      kind,
      name,
      params: { ...(catalog[kind].defaults as GraphNode['params']), ...params },
      position: { x: 0, y: this.nodes.length * ROW },
    };
    this.nodes.push(node);
    if (this.last !== null) {
      this.edges.push({ id: `e${this.edges.length + 1}`, source: this.last, target: id, targetPort: 0 });
    }
    this.last = id;
    return this;
  }

  build(name: string, description: string, meta: GraphMeta): GraphDoc {
    return { version: GRAPH_VERSION, name, description, nodes: this.nodes, edges: this.edges, meta };
  }
}

type Act = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

export const conv = (
  filters: number,
  kernel: number,
  o: { stride?: number; padding?: 'valid' | 'same' | number; activation?: Act; useBias?: boolean } = {},
) => ({
  filters,
  kernel,
  stride: o.stride ?? 1,
  padding: o.padding ?? 'valid',
  dilation: 1,
  activation: o.activation ?? 'relu',
  useBias: o.useBias ?? true,
});

export const pool = (size: number, stride: number, padding: 'valid' | 'same' | number = 'valid') => ({
  size,
  stride,
  padding,
});

export const fc = (units: number, activation: Act = 'relu') => ({ units, activation, useBias: true });
