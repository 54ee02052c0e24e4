import type { OnnxNode } from './model';

/**
 * Rewrites −Pad(−x, 0) to Pad(x, 0) — Neg → Pad → Neg, each value read once — before the walk. Stride's
 * exporter writes a max pooling's counted zero padding this way (export-layers.ts says why); the identity
 * is exact for any file, so the walk then sees the plain Pad it folds into the pooling.
 */
export function foldNegatedPads(nodes: readonly OnnxNode[]): readonly OnnxNode[] {
  const readers = new Map<string, number>();
  for (const n of nodes) for (const i of n.inputs) if (i !== '') readers.set(i, (readers.get(i) ?? 0) + 1);
  const byInput = new Map<string, OnnxNode>();
  for (const n of nodes) if (n.inputs[0] !== undefined) byInput.set(n.inputs[0], n);
  const standard = (n: OnnxNode | undefined, op: string) =>
    n !== undefined && n.opType === op && (n.domain === '' || n.domain === 'ai.onnx');
  const dropped = new Set<OnnxNode>();
  const replaced = new Map<OnnxNode, OnnxNode>();
  for (const neg of nodes) {
    if (!standard(neg, 'Neg') || dropped.has(neg)) continue;
    const negOut = neg.outputs[0] ?? '';
    const pad = byInput.get(negOut);
    const padOut = pad?.outputs[0] ?? '';
    const back = byInput.get(padOut);
    if (pad === undefined || back === undefined || !standard(pad, 'Pad') || !standard(back, 'Neg')) continue;
    if (readers.get(negOut) !== 1 || readers.get(padOut) !== 1) continue;
    // Only a zero constant (absent, or an input the walk checks to be 0) keeps the identity exact; the walk
    // refuses any other padding value as it would have before.
    replaced.set(pad, {
      ...pad,
      inputs: [neg.inputs[0] ?? '', ...pad.inputs.slice(1)],
      outputs: back.outputs,
    });
    dropped.add(neg);
    dropped.add(back);
  }
  if (dropped.size === 0) return nodes;
  return nodes.filter((n) => !dropped.has(n)).map((n) => replaced.get(n) ?? n);
}
