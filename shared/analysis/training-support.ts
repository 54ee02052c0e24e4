import { TrainingErrorCode } from '../api/training';
import type { Diagnostic, GraphAnalysis } from './types';
import { getKind } from '../layers/registry';
import { shapeText } from '../layers/common/format';

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
  const perPixel = perPixelOutput(analysis);
  if (perPixel !== null) out.push(perPixel);
  return out;
}

/**
 * A network whose output is an image as large as its input (H×W×classes) predicts every pixel: segmentation,
 * as U-Net does. It analyses and exports, but training needs per-pixel labels and a per-pixel loss, which the
 * trainer (one class label per image, cross-entropy over a vector) does not have: refused before the run with
 * TRAINING_PER_PIXEL_OUTPUT rather than failing on the first batch.
 */
function perPixelOutput(analysis: GraphAnalysis): Diagnostic | null {
  const input = analysis.expanded.input === null ? null : analysis.primitives.get(analysis.expanded.input);
  const output = analysis.output === null ? null : analysis.nodes.get(analysis.output);
  const inShape = input?.outputShape ?? null;
  const outShape = output?.outputShape ?? null;
  if (inShape === null || outShape === null || inShape.length !== 3 || outShape.length !== 3) return null;
  if (inShape[0] !== outShape[0] || inShape[1] !== outShape[1]) return null;
  return {
    code: TrainingErrorCode.perPixelOutput,
    severity: 'error',
    nodeId: analysis.output,
    message: `The graph ends in a ${shapeText(outShape)} map, one prediction for each pixel of its ${shapeText(inShape.slice(0, 2))} input (segmentation): Stride trains classifiers with one label per image and has no per-pixel loss or labels.`,
    fix: 'analyse and export it (PyTorch, Keras JSON) to train it with a per-pixel loss elsewhere, or end it in a global pooling and a Dense layer with one unit per class to classify whole images',
  };
}

/** The message a refusal carries: the problem, then its fix. */
export const withFix = (d: Diagnostic): string =>
  d.fix === undefined ? d.message : `${d.message} Fix: ${d.fix}.`;
