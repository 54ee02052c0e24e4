import type { NodeAnalysis, Shape } from '../analysis/types';
import type { Conv2dParams } from '../layers/kinds/conv2d';
import type { DepthwiseConv2dParams } from '../layers/kinds/depthwiseconv2d';
import type { PoolParams } from '../layers/common/pool';
import type { ActivationName, Padding } from '../layers/common/params';
import { pair } from '../layers/common/params';
import { getKind } from '../layers/registry';
import type { PoolMode } from './pool';

/**
 * "Explain this layer": which lesson a node opens and with which of its real numbers. A convolution opens the
 * convolution explainer with its input shape, kernel, filter count, stride, padding, dilation and bias, the
 * parameter count and the receptive field as the analysis worked them out (a grouped convolution with its groups,
 * a depthwise one as C groups of M filters each); a pooling the pooling explainer; a
 * softmax (or a Dense layer ending in one) the softmax lesson with its classes; anything else the feature-map
 * size lesson with the node's own formulas.
 */
export interface NodeSource {
  readonly nodeId: string;
  readonly name: string;
  /** The catalog's notation, e.g. `Conv 64@3×3 /1 same relu`. */
  readonly notation: string;
  readonly inputShape: Shape | null;
  readonly outputShape: Shape | null;
  /** The analysis' worked formulas (output size per axis, filter, params, im2col). */
  readonly formulas: readonly string[];
  readonly receptiveField: NodeAnalysis['receptiveField'];
  readonly params: number;
}

export interface ConvSetup {
  readonly source: NodeSource | null;
  /** [H, W, C] of the real input. */
  readonly inputShape: readonly [number, number, number];
  readonly kernel: readonly [number, number];
  readonly filters: number;
  /** G: 1, the layer's groups, or C for a depthwise convolution. */
  readonly groups: number;
  readonly stride: readonly [number, number];
  readonly padding: Padding;
  readonly dilation: readonly [number, number];
  readonly useBias: boolean;
  readonly activation: ActivationName;
}

export interface PoolSetup {
  readonly source: NodeSource | null;
  readonly inputShape: readonly [number, number, number];
  readonly mode: PoolMode;
  readonly size: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: Padding;
  /** PyTorch's options of a max or min pooling (false for Keras's behaviour). */
  readonly ceilMode: boolean;
  readonly ignorePadding: boolean;
}

export interface SoftmaxSetup {
  readonly source: NodeSource | null;
  readonly classes: number;
}

export interface SizesSetup {
  readonly source: NodeSource;
}

export type ExplainTarget =
  | { readonly lesson: 'conv'; readonly setup: ConvSetup }
  | { readonly lesson: 'pool'; readonly setup: PoolSetup }
  | { readonly lesson: 'softmax'; readonly setup: SoftmaxSetup }
  | { readonly lesson: 'sizes'; readonly setup: SizesSetup };

const POOL_KINDS: Readonly<Record<string, PoolMode>> = {
  maxpool2d: 'max',
  avgpool2d: 'avg',
  minpool2d: 'min',
};

const image = (s: Shape | null | undefined): readonly [number, number, number] | null =>
  s !== null && s !== undefined && s.length === 3 ? [s[0] ?? 0, s[1] ?? 0, s[2] ?? 0] : null;

/** The node's params validated with the kind's defaults filled in (null when they do not validate). */
function validParams(
  kind: string,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> | null {
  const def = getKind(kind);
  if (def === undefined) return null;
  const parsed = def.params.safeParse({ ...def.defaults, ...params });
  return parsed.success ? (parsed.data as Record<string, unknown>) : null;
}

function convTarget(
  source: NodeSource,
  inputShape: readonly [number, number, number],
  p: Pick<Conv2dParams, 'kernel' | 'filters' | 'stride' | 'padding' | 'useBias' | 'activation'> & {
    readonly groups: number;
    readonly dilation: readonly [number, number];
  },
): ExplainTarget {
  return {
    lesson: 'conv',
    setup: {
      source,
      inputShape,
      kernel: pair(p.kernel),
      filters: p.filters,
      groups: p.groups,
      stride: pair(p.stride),
      padding: p.padding,
      dilation: p.dilation,
      useBias: p.useBias,
      activation: p.activation,
    },
  };
}

export function explainNode(
  node: {
    readonly id: string;
    readonly kind: string;
    readonly name: string;
    readonly params: Readonly<Record<string, unknown>>;
  },
  analysis: NodeAnalysis,
): ExplainTarget {
  const source: NodeSource = {
    nodeId: node.id,
    name: node.name,
    notation: analysis.notation,
    inputShape: analysis.inputShapes[0] ?? null,
    outputShape: analysis.outputShape,
    formulas: analysis.formulas,
    receptiveField: analysis.receptiveField,
    params: analysis.params.total,
  };
  const input = image(source.inputShape);
  const params = validParams(node.kind, node.params);
  if (node.kind === 'conv2d' && input !== null && params !== null) {
    const p = params as Conv2dParams;
    const groups = p.groups ?? 1;
    return convTarget(source, input, { ...p, groups, dilation: pair(p.dilation) });
  }
  if (node.kind === 'depthwiseconv2d' && input !== null && params !== null) {
    // A depthwise convolution is a grouped one with a group per channel and M filters in each.
    const p = params as DepthwiseConv2dParams;
    const filters = input[2] * p.depthMultiplier;
    return convTarget(source, input, { ...p, filters, groups: input[2], dilation: [1, 1] });
  }
  const mode = POOL_KINDS[node.kind];
  if (mode !== undefined && input !== null && params !== null) {
    const p = params as PoolParams;
    return {
      lesson: 'pool',
      setup: {
        source,
        inputShape: input,
        mode,
        size: pair(p.size),
        stride: pair(p.stride),
        padding: p.padding,
        ceilMode: p.ceilMode === true,
        ignorePadding: p.ignorePadding === true,
      },
    };
  }
  const classes = analysis.outputShape?.length === 1 ? (analysis.outputShape[0] ?? 0) : 0;
  const endsInSoftmax =
    node.kind === 'softmax' ||
    ((node.kind === 'dense' || node.kind === 'activation') && params?.activation === 'softmax');
  if (endsInSoftmax && classes >= 2) return { lesson: 'softmax', setup: { source, classes } };
  return { lesson: 'sizes', setup: { source } };
}
