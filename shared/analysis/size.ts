import type { Diagnostic } from './types';
import type { BlockDef, BlockLibrary, GraphDoc, GraphNode, SubGraph } from '../graph/schema';
import { blockEntry, GRAPH_LIMITS } from '../graph/schema';
import { GROUP_KIND } from '../graph/library';
import { getKind, resolveParams } from '../layers/registry';
import { fmtInt } from '../layers/common/format';

/**
 * How many primitive layers a document expands to, counted before anything is expanded: a library block costs
 * the layers of its definition times its uses, and each definition is counted once (memoised on the entry,
 * which an edit replaces). A few kilobytes of blocks that use each other 16 times over five levels expand to a
 * million layers; counting finds that in microseconds, where expanding takes seconds and gigabytes.
 *
 * Inception and Residual count the body they generate without an input shape (a Residual's projection
 * shortcut, which depends on the channels, is left out: at most two layers per block). A body that cannot be
 * expanded (a missing or recursive definition, too deep) counts as empty; the analysis reports it.
 */
export class ExpansionCounter {
  private readonly definitions = new WeakMap<BlockDef, number>();
  private readonly generated = new WeakMap<object, number>();
  private readonly edited = new WeakMap<SubGraph, number>();

  /** The expanded size of the document, and the top-level node that contributes most. */
  measure(doc: GraphDoc): {
    readonly layers: number;
    readonly largest: GraphNode | null;
    readonly largestLayers: number;
  } {
    const blocks = doc.blocks ?? {};
    let layers = 0;
    let largest: GraphNode | null = null;
    let largestLayers = 0;
    for (const node of doc.nodes) {
      const n = this.node(node, blocks, 0, []);
      layers = saturate(layers + n);
      if (n > largestLayers) {
        largest = node;
        largestLayers = n;
      }
    }
    return { layers, largest, largestLayers };
  }

  /** The primitive layers `node` expands to. */
  node(node: GraphNode, blocks: BlockLibrary, depth: number, stack: readonly string[]): number {
    const def = getKind(node.kind);
    if (def?.expand === undefined) return 1;
    if (depth > GRAPH_LIMITS.maxBodyDepth) return 0;
    if (node.kind === GROUP_KIND) {
      const id = String(node.params.blockId);
      const entry = blockEntry(blocks, id);
      if (entry === undefined || stack.includes(id)) return 0;
      const known = this.definitions.get(entry);
      if (known !== undefined) return known;
      const n = this.body(entry.body, blocks, depth + 1, [...stack, id]);
      this.definitions.set(entry, n);
      return n;
    }
    if (node.body !== undefined) {
      const known = this.edited.get(node.body);
      if (known !== undefined) return known;
      const n = this.body(node.body, blocks, depth + 1, stack);
      this.edited.set(node.body, n);
      return n;
    }
    const known = this.generated.get(node.params);
    if (known !== undefined) return known;
    const params = resolveParams(def, node.params);
    const n = params.ok ? this.body(def.expand(params.value, null, blocks), blocks, depth + 1, stack) : 0;
    this.generated.set(node.params, n);
    return n;
  }

  private body(body: SubGraph, blocks: BlockLibrary, depth: number, stack: readonly string[]): number {
    let n = 0;
    for (const child of body.nodes) n = saturate(n + this.node(child, blocks, depth, stack));
    return n;
  }

  /**
   * Why `node` is so large, in the user's words: the chain of definitions that multiply, each with its number
   * of uses of the next (`'b1' uses 'b2' 16 times, which uses 'b3' 16 times, …`).
   */
  explain(node: GraphNode, blocks: BlockLibrary): string {
    const steps: string[] = [];
    let current: BlockDef | undefined =
      node.kind === GROUP_KIND ? blockEntry(blocks, String(node.params.blockId)) : undefined;
    let name = current?.name;
    const seen = new Set<BlockDef>();
    while (current !== undefined && !seen.has(current)) {
      seen.add(current);
      // The definition used inside `current` that contributes most, and how many times it is used.
      const uses = new Map<string, number>();
      let best: { id: string; total: number } | null = null;
      for (const child of current.body.nodes) {
        if (child.kind !== GROUP_KIND) continue;
        const id = String(child.params.blockId);
        uses.set(id, (uses.get(id) ?? 0) + 1);
        const entry = blockEntry(blocks, id);
        const total = (uses.get(id) ?? 0) * (entry === undefined ? 0 : (this.definitions.get(entry) ?? 0));
        if (best === null || total > best.total) best = { id, total };
      }
      if (best === null) break;
      const next = blockEntry(blocks, best.id);
      steps.push(`'${name ?? '?'}' uses '${next?.name ?? best.id}' ${uses.get(best.id) ?? 0} times`);
      current = next;
      name = next?.name;
    }
    return steps.length === 0 ? '' : `: ${steps.join(', which ')}`;
  }
}

const saturate = (n: number) => Math.min(n, Number.MAX_SAFE_INTEGER);

/** GRAPH_TOO_LARGE for a document that would expand to more primitive layers than the limit, or null. */
export function expansionTooLarge(doc: GraphDoc, counter: ExpansionCounter): Diagnostic | null {
  const size = counter.measure(doc);
  if (size.layers <= GRAPH_LIMITS.maxExpandedLayers || size.largest === null) return null;
  const node = size.largest;
  const why = counter.explain(node, doc.blocks ?? {});
  return {
    code: 'GRAPH_TOO_LARGE',
    severity: 'error',
    nodeId: node.id,
    message:
      `'${node.name}' expands to ${fmtInt(size.largestLayers)} layers${why}` +
      `${size.layers > size.largestLayers ? ` (${fmtInt(size.layers)} in the whole network)` : ''}, over the ` +
      `limit of ${fmtInt(GRAPH_LIMITS.maxExpandedLayers)} layers. Nothing was expanded or analysed.`,
    fix: 'Use the block fewer times, or make its definition smaller.',
  };
}

/** GRAPH_TOO_LARGE for a network over the parameter limit, on the node holding the most; or null. */
export function parametersTooMany(
  total: number,
  largest: { readonly nodeId: string; readonly params: number } | null,
): Diagnostic | null {
  if (total <= GRAPH_LIMITS.maxParams || largest === null) return null;
  return {
    code: 'GRAPH_TOO_LARGE',
    severity: 'error',
    nodeId: largest.nodeId,
    message: `The network has ${fmtInt(total)} parameters (${fmtInt(largest.params)} in this layer), over the limit of ${fmtInt(GRAPH_LIMITS.maxParams)}.`,
    fix: 'Use fewer units or filters, or pool before the Dense layer.',
  };
}
