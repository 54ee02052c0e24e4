import { TrainingErrorCode } from '../api/training';
import type { Diagnostic, GraphAnalysis } from './types';
import { getKind } from '../layers/registry';

/**
 * Layer settings the graph allows (Keras and PyTorch train them) but the training engine cannot, as each kind
 * states them (`untrainable`): for example tfjs 4.22's BatchNormalization reads γ and β unconditionally in its
 * training step, so `center: false` or `scale: false` fails on the first batch with a TypeError. Checked
 * before a run starts — by the Training tab (Start disabled with the reason), the host and the worker — so the
 * user gets the node and the fix instead of a crash. Blocks are checked part by part: `nodeId` is the node on
 * the canvas, `partId` the part.
 */
export function unsupportedForTraining(analysis: GraphAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of analysis.expanded.nodes) {
    const issue = getKind(node.kind)?.untrainable?.(node.params) ?? null;
    if (issue === null) continue;
    const inBlock = node.origin !== node.id;
    out.push({
      code: TrainingErrorCode.unsupportedLayer,
      severity: 'error',
      nodeId: node.origin,
      ...(inBlock ? { partId: node.id } : {}),
      message: `${getKind(node.kind)?.label ?? node.kind} '${node.name}'${inBlock ? ` (part ${node.id} of block '${node.origin}')` : ''} ${issue.problem}`,
      fix: issue.fix,
    });
  }
  return out;
}

/** The message a refusal carries: the problem, then its fix. */
export const withFix = (d: Diagnostic): string =>
  d.fix === undefined ? d.message : `${d.message} Fix: ${d.fix}.`;
