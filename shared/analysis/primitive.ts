import type { Diagnostic, NodeAnalysis, ReceptiveField, Shape } from './types';
import type { LayerKindDef } from '../layers/types';
import { product } from '../layers/common/format';

/** What flows along a wire during analysis. */
export interface Flow {
  readonly shape: Shape | null;
  readonly rf: ReceptiveField | null;
}

export const UNKNOWN: Flow = { shape: null, rf: null };

/** tfjs indexes tensors with 32-bit ints: a larger activation cannot be built. */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

const NO_COUNTS = { total: 0, trainable: 0, nonTrainable: 0 } as const;

export function blankAnalysis(
  nodeId: string,
  kind: string,
  notation: string,
  inputs: readonly Flow[],
  diagnostics: readonly Diagnostic[] = [],
): NodeAnalysis {
  return {
    nodeId,
    kind,
    inputShapes: inputs.map((i) => i.shape),
    outputShape: null,
    params: NO_COUNTS,
    macs: 0,
    activationBytes: 0,
    receptiveField: null,
    formulas: [],
    im2col: null,
    notation,
    diagnostics,
  };
}

/**
 * Receptive field on the graph input, per axis: r_out = r_in + (K_eff − 1)·j_in and j_out = j_in·S for a
 * sliding window; other image layers pass it on (merges take the largest). Vectors have none.
 */
function receptiveField(
  shape: Shape | null,
  inputs: readonly Flow[],
  window:
    { readonly kernel: readonly [number, number]; readonly stride: readonly [number, number] } | undefined,
): ReceptiveField | null {
  if (shape === null || shape.length !== 3) return null;
  if (inputs.length === 0) return { size: [1, 1], jump: [1, 1] };
  let size: [number, number] = [0, 0];
  let jump: [number, number] = [0, 0];
  for (const input of inputs) {
    if (input.rf === null) return null;
    size = [Math.max(size[0], input.rf.size[0]), Math.max(size[1], input.rf.size[1])];
    jump = [Math.max(jump[0], input.rf.jump[0]), Math.max(jump[1], input.rf.jump[1])];
  }
  if (window === undefined) return { size, jump };
  return {
    size: [size[0] + (window.kernel[0] - 1) * jump[0], size[1] + (window.kernel[1] - 1) * jump[1]],
    jump: [jump[0] * window.stride[0], jump[1] * window.stride[1]],
  };
}

/**
 * One primitive layer: its kind's rules applied to validated params and the incoming flows. `reportAs` is
 * the user node the diagnostics belong to (a block, for its parts), with `partLabel` prefixed to messages.
 */
export function analyzePrimitive(
  id: string,
  def: LayerKindDef,
  params: Record<string, unknown>,
  inputs: readonly Flow[],
  reportAs: { readonly nodeId: string; readonly partLabel: string | null },
): { readonly analysis: NodeAnalysis; readonly flow: Flow } {
  const notation = def.notation(params);
  if (def.infer === undefined || inputs.some((i) => i.shape === null)) {
    return { analysis: blankAnalysis(id, def.kind, notation, inputs), flow: UNKNOWN };
  }
  const result = def.infer(
    params,
    inputs.map((i) => i.shape as Shape),
  );
  const diagnostics: Diagnostic[] = (result.diagnostics ?? []).map((d) => ({
    ...d,
    nodeId: reportAs.nodeId,
    ...(reportAs.partLabel === null ? {} : { partId: id, message: `${reportAs.partLabel}: ${d.message}` }),
  }));
  let shape = result.shape;
  if (shape !== null && product(shape) > MAX_TENSOR_ELEMENTS) {
    diagnostics.push({
      code: 'TENSOR_TOO_LARGE',
      severity: 'error',
      nodeId: reportAs.nodeId,
      ...(reportAs.partLabel === null ? {} : { partId: id }),
      message: `${reportAs.partLabel === null ? '' : `${reportAs.partLabel}: `}the output ${shape.join('×')} has ${product(shape).toExponential(2)} values per sample, more than a tensor can hold.`,
      fix: 'Use a smaller input, fewer filters or a larger stride.',
    });
    shape = null;
  }
  const rf = receptiveField(shape, inputs, result.window);
  return {
    analysis: {
      nodeId: id,
      kind: def.kind,
      inputShapes: inputs.map((i) => i.shape),
      outputShape: shape,
      params: result.params ?? NO_COUNTS,
      macs: result.macs ?? 0,
      activationBytes: shape === null ? 0 : product(shape) * 4,
      receptiveField: rf,
      formulas: result.formulas ?? [],
      im2col: result.im2col ?? null,
      notation,
      diagnostics,
    },
    flow: { shape, rf },
  };
}
