import { TrainingErrorCode } from '../api/training';
import type { Diagnostic, GraphAnalysis } from './types';

/**
 * Layer settings the graph allows (Keras and PyTorch train them) but the training engine cannot: tfjs 4.22's
 * BatchNormalization reads γ and β unconditionally in its training step, so `center: false` or
 * `scale: false` fails on the first batch with a TypeError. Checked before a run starts — by the Training
 * tab (Start disabled with the reason), the host and the worker — so the user gets the node and the fix
 * instead of a crash. Blocks are checked part by part: `nodeId` is the node on the canvas, `partId` the part.
 */
export function unsupportedForTraining(analysis: GraphAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of analysis.expanded.nodes) {
    if (node.kind !== 'batchnorm') continue;
    const off = [
      node.params.center === false ? 'Center (β)' : null,
      node.params.scale === false ? 'Scale (γ)' : null,
    ].filter((s): s is string => s !== null);
    if (off.length === 0) continue;
    const inBlock = node.origin !== node.id;
    out.push({
      code: TrainingErrorCode.unsupportedLayer,
      severity: 'error',
      nodeId: node.origin,
      ...(inBlock ? { partId: node.id } : {}),
      message: `BatchNorm '${node.name}'${inBlock ? ` (part ${node.id} of block '${node.origin}')` : ''} has ${off.join(' and ')} turned off, which tfjs cannot train (its BatchNormalization needs both γ and β).`,
      fix: 'turn on Center (β) and Scale (γ) for this layer',
    });
  }
  return out;
}

/** The message a refusal carries: the problem, then its fix. */
export const withFix = (d: Diagnostic): string =>
  d.fix === undefined ? d.message : `${d.message} Fix: ${d.fix}.`;
