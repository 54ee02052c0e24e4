import type { Diagnostic } from './types';
import type { BlockLibrary, GraphDoc, GraphNode, SubGraph } from '../graph/schema';
import { blockEntry, GRAPH_LIMITS } from '../graph/schema';
import { GROUP_KIND } from '../graph/library';
import { getKind, resolveParams } from '../layers/registry';
import { fmtInt } from '../layers/common/format';

/** The expanded size of a document, measured without expanding it. */
interface Measurement {
  /** Primitive layers of the whole network once every block is expanded (saturates at 2⁵³ − 1). */
  readonly layers: number;
  /** The top-level node that expands to the most layers, and how many. */
  readonly largest: GraphNode | null;
  readonly largestLayers: number;
  /** Layers each library definition expands to, by block id (the ones this measurement reached). */
  readonly definitions: ReadonlyMap<string, number>;
}

/**
 * How many primitive layers a document expands to, counted before anything is expanded: a library block costs
 * the layers of its definition, and each definition is counted once per measurement however often it is used.
 * A few kilobytes of blocks that use each other 16 times over five levels expand to a million layers; counting
 * finds that in microseconds, where expanding takes seconds and gigabytes (and, past a few million, overflowed
 * the stack).
 *
 * Inception and Residual count the body their params generate without an input shape (a Residual's projection
 * shortcut, which depends on the input channels, is left out: at most two layers per block); those counts hold
 * no library block, so they are kept across measurements, keyed by the params object. Library and edited bodies
 * are counted afresh each time: their size depends on other library entries, which an edit may replace. A body
 * that cannot be expanded (missing, recursive, nested too deeply) counts what it reaches; the analysis reports
 * why it fails.
 */
export class ExpansionCounter {
  private readonly generated = new WeakMap<object, number>();

  measure(doc: GraphDoc): Measurement {
    const blocks = doc.blocks ?? {};
    const definitions = new Map<string, number>();
    const edited = new Map<SubGraph, number>();
    const body = (b: SubGraph, depth: number, stack: readonly string[]): number => {
      let n = 0;
      for (const child of b.nodes) n = saturate(n + node(child, depth, stack));
      return n;
    };
    const node = (n: GraphNode, depth: number, stack: readonly string[]): number => {
      const def = getKind(n.kind);
      if (def?.expand === undefined) return 1;
      if (depth > GRAPH_LIMITS.maxBodyDepth) return 0;
      if (n.kind === GROUP_KIND) {
        const id = String(n.params.blockId);
        const entry = blockEntry(blocks, id);
        if (entry === undefined || stack.includes(id)) return 0;
        let size = definitions.get(id);
        if (size === undefined) {
          size = body(entry.body, depth + 1, [...stack, id]);
          definitions.set(id, size);
        }
        return size;
      }
      if (n.body !== undefined) {
        let size = edited.get(n.body);
        if (size === undefined) {
          size = body(n.body, depth + 1, stack);
          edited.set(n.body, size);
        }
        return size;
      }
      let size = this.generated.get(n.params);
      if (size === undefined) {
        const params = resolveParams(def, n.params);
        size = params.ok ? body(def.expand(params.value, null, blocks), depth + 1, stack) : 0;
        this.generated.set(n.params, size);
      }
      return size;
    };
    let layers = 0;
    let largest: GraphNode | null = null;
    let largestLayers = 0;
    for (const n of doc.nodes) {
      const size = node(n, 0, []);
      layers = saturate(layers + size);
      if (size > largestLayers) {
        largest = n;
        largestLayers = size;
      }
    }
    return { layers, largest, largestLayers, definitions };
  }
}

const saturate = (n: number) => Math.min(n, Number.MAX_SAFE_INTEGER);

/**
 * Why a user block is so large, in the user's words: the chain of definitions that multiply, each with the
 * number of uses of the next (`'b1' uses 'b2' 16 times, 'b2' uses 'b3' 16 times`), following at each step
 * the inner block that contributes most.
 */
function explain(node: GraphNode, blocks: BlockLibrary, definitions: ReadonlyMap<string, number>): string {
  const steps: string[] = [];
  let id = node.kind === GROUP_KIND ? String(node.params.blockId) : '';
  const seen = new Set<string>();
  for (let entry = blockEntry(blocks, id); entry !== undefined && !seen.has(id);) {
    seen.add(id);
    const uses = new Map<string, number>();
    for (const child of entry.body.nodes)
      if (child.kind === GROUP_KIND)
        uses.set(String(child.params.blockId), (uses.get(String(child.params.blockId)) ?? 0) + 1);
    let best: { id: string; count: number; total: number } | null = null;
    for (const [inner, count] of uses) {
      const total = count * (definitions.get(inner) ?? 0);
      if (best === null || total > best.total) best = { id: inner, count, total };
    }
    if (best === null) break;
    const next = blockEntry(blocks, best.id);
    steps.push(`'${entry.name}' uses '${next?.name ?? best.id}' ${fmtInt(best.count)} times`);
    id = best.id;
    entry = next;
  }
  return steps.length === 0 ? '' : ` (${steps.join(', ')})`;
}

/** GRAPH_TOO_LARGE for a document that would expand to more primitive layers than the limit, or null. */
export function expansionTooLarge(doc: GraphDoc, counter: ExpansionCounter): Diagnostic | null {
  const size = counter.measure(doc);
  if (size.layers <= GRAPH_LIMITS.maxExpandedLayers || size.largest === null) return null;
  const node = size.largest;
  return {
    code: 'GRAPH_TOO_LARGE',
    severity: 'error',
    nodeId: node.id,
    message:
      `'${node.name}' expands to ${fmtInt(size.largestLayers)} layers` +
      `${explain(node, doc.blocks ?? {}, size.definitions)}: the network would have ${fmtInt(size.layers)}, ` +
      `over the limit of ${fmtInt(GRAPH_LIMITS.maxExpandedLayers)}. Nothing was expanded or analysed.`,
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
    message:
      `The network has ${fmtInt(total)} parameters (${fmtInt(largest.params)} in this layer), over the ` +
      `limit of ${fmtInt(GRAPH_LIMITS.maxParams)}.`,
    fix: 'Use fewer units or filters, or pool before a Dense layer.',
  };
}
