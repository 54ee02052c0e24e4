import type { ExpandedGraph } from '../../analysis/types';
import type { LayerKind } from '../../layers/types';
import { ORDER_TOLERANT } from './export-layers';

/**
 * Which Flatten layers may stay plain ONNX Flattens (channel-first feature order, what PyTorch writes) instead
 * of a Transpose to NHWC and a Flatten: those whose vector reaches only Dense layers, through layers that do
 * not care about the order of features (Dropout, activations, Softmax over the whole vector) or whose
 * per-feature weights can be reordered (BatchNorm). The Dense weights are then reordered once, at export, and
 * the ONNX graph reads like PyTorch's. A vector that reaches the output, an Add or a Concatenate keeps
 * Stride's order.
 */
export function channelFirstFlattens(g: ExpandedGraph): ReadonlySet<string> {
  const consumers = new Map<string, string[]>();
  for (const [target, sources] of g.inputsOf) {
    for (const s of sources) consumers.set(s, [...(consumers.get(s) ?? []), target]);
  }
  const kindOf = new Map(g.nodes.map((n) => [n.id, n.kind as LayerKind]));
  const onlyDense = (id: string, seen: Set<string>): boolean => {
    if (seen.has(id)) return true;
    seen.add(id);
    const next = consumers.get(id) ?? [];
    if (next.length === 0 || id === g.output) return false;
    return next.every((c) => {
      const kind = kindOf.get(c);
      if (kind === 'dense') return true;
      return kind !== undefined && ORDER_TOLERANT.has(kind) && onlyDense(c, seen);
    });
  };
  const out = new Set<string>();
  for (const n of g.nodes) if (n.kind === 'flatten' && onlyDense(n.id, new Set())) out.add(n.id);
  return out;
}
