import type { Diagnostic, NodeAnalysis, ReceptiveField, Shape } from './types';
import type { Flow } from './primitive';

/**
 * The analysis of a block (Inception, Residual, a user block) from the analyses of its primitive parts: the
 * sums of their counts, the output of its output part, and their formulas (built when first read, by the
 * inspector, not for every block of every analysis).
 */
export function blockAnalysis(
  fullId: string,
  kind: string,
  notation: string,
  inputs: readonly Flow[],
  parts: readonly NodeAnalysis[],
  diagnostics: readonly Diagnostic[],
  output: { readonly shape: Shape | null; readonly rf: ReceptiveField | null },
): NodeAnalysis {
  let total = 0;
  let trainable = 0;
  let nonTrainable = 0;
  let macs = 0;
  let activationBytes = 0;
  for (const a of parts) {
    total += a.params.total;
    trainable += a.params.trainable;
    nonTrainable += a.params.nonTrainable;
    macs += a.macs;
    activationBytes += a.activationBytes;
  }
  const prefix = fullId.length + 1;
  let formulas: readonly string[] | null = null;
  return {
    nodeId: fullId,
    kind,
    inputShapes: inputs.map((i) => i.shape),
    outputShape: output.shape,
    params: { total, trainable, nonTrainable },
    macs,
    // A block holds every part's output for backpropagation, so its memory is the sum of its parts.
    activationBytes,
    receptiveField: output.rf,
    get formulas() {
      return (formulas ??= parts.flatMap((a) => a.formulas.map((f) => `${a.nodeId.slice(prefix)} ${f}`)));
    },
    im2col: null,
    notation,
    diagnostics,
    parts,
  };
}
