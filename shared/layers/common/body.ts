import type { GraphEdge, GraphNode, SubGraph } from '../../graph/schema';
import type { LayerKind } from '../types';

/** In a block body, edges from this id carry the block's input; the body's only sink is the block's output. */
export const BODY_INPUT_ID = 'in';

const COLUMN = 180;
const ROW = 110;

/** Builds a block body: nodes placed in branch columns top to bottom, edges numbered in order. */
export class BodyBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];

  node(id: string, kind: LayerKind, params: GraphNode['params'], column: number, row: number): string {
    this.nodes.push({ id, kind, name: id, params, position: { x: column * COLUMN, y: row * ROW } });
    return id;
  }

  edge(source: string, target: string, targetPort = 0): void {
    this.edges.push({ id: `e${this.edges.length + 1}`, source, target, targetPort });
  }

  /** Nodes in a chain: source → a → b → … ; returns the last id. */
  chain(source: string, ...ids: readonly string[]): string {
    let previous = source;
    for (const id of ids) {
      this.edge(previous, id);
      previous = id;
    }
    return previous;
  }

  build(): SubGraph {
    return { nodes: this.nodes, edges: this.edges };
  }
}
