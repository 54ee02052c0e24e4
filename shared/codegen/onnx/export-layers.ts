import type { Result } from '../../api/errors';
import type { Shape } from '../../analysis/types';
import type { PrimitiveNode } from '../../analysis/types';
import type { LayerKind } from '../../layers/types';
import type { ActivationName, Padding, Size2 } from '../../layers/common/params';
import type { Conv2dParams } from '../../layers/kinds/conv2d';
import type { DepthwiseConv2dParams } from '../../layers/kinds/depthwiseconv2d';
import type { DenseParams } from '../../layers/kinds/dense';
import type { PoolParams } from '../../layers/common/pool';
import type { BatchNormParams } from '../../layers/kinds/batchnorm';
import type { LrnParams } from '../../layers/kinds/lrn';
import type { ActivationParams } from '../../layers/kinds/activation';
import type { DropoutParams } from '../../layers/kinds/dropout';
import type { ZeroPadding2dParams } from '../../layers/kinds/zeropadding2d';
import type { Conv2dTransposeParams } from '../../layers/kinds/conv2dtranspose';
import type { UpSampling2dParams } from '../../layers/kinds/upsampling2d';
import type { WeightSpec } from '../tfjs-artifacts';
import type { Emitter } from './emitter';
import { assertNever, fail, ok } from '../../api/errors';
import { pair } from '../../layers/common/params';
import { axisPads } from '../../layers/common/window';
import { kerasPadding, KERAS_LEAKY_ALPHA, SELU_ALPHA, SELU_SCALE } from '../../layers/common/keras';
import { transposeAxis } from '../../layers/common/transpose';
import { attr, strideKindDoc } from './emitter';
import { ceilAxis, resolvedPads, usesPytorchPool } from '../../layers/common/pytorch-pool';
import { chwToHwcIndex, denseToGemm, hwioToOihw, permute } from './weights';

/**
 * A value of the ONNX graph as Stride sees it. Images are NCHW in ONNX ([H, W, C] in Stride); a vector made by
 * flattening an image without a transpose keeps ONNX's channel-first feature order, recorded in `chw` (the
 * image's [H, W, C]) so that the Dense (and BatchNorm) reading it take their weights in that order.
 */
export interface Value {
  readonly name: string;
  readonly shape: Shape;
  readonly chw: readonly [number, number, number] | null;
}

/** What one primitive's emitter gets: its node, inputs, names and weights. */
export interface LayerContext {
  readonly prim: PrimitiveNode;
  /** The name of its main tfjs layer (the one holding the weights): its ONNX node and initializer prefix. */
  readonly name: string;
  readonly inputs: readonly Value[];
  readonly outputShape: Shape;
  /** Flatten only: the vector may stay in channel-first order (every reader of it is a Dense, see order.ts). */
  readonly channelFirstOk: boolean;
  readonly e: Emitter;
  /** The weight's values (tfjs layout); a coded error when the source lacks it. */
  readonly weight: (suffix: string, shape: readonly number[]) => Result<Float32Array>;
}

type Emitted = Result<Value>;

const first = (c: LayerContext): Value => c.inputs[0] as Value;
const out = (c: LayerContext, name: string, chw: Value['chw'] = null): Emitted =>
  ok({ name, shape: c.outputShape, chw });

/** [top, bottom, left, right] of a window's padding on this input, exactly as tfjs applies it. */
function explicitPads(padding: Padding, input: Shape, kernel: Size2, stride: Size2, dilation: Size2 = 1) {
  const [kh, kw] = pair(kernel);
  const [sh, sw] = pair(stride);
  const [dh, dw] = pair(dilation);
  const [t, b] = axisPads(padding, 0, input[0] ?? 0, dh * (kh - 1) + 1, sh);
  const [l, r] = axisPads(padding, 1, input[1] ?? 0, dw * (kw - 1) + 1, sw);
  return [t, b, l, r] as const;
}

/** ONNX's pads order: [top, left, bottom, right] (begins, then ends). */
const onnxPads = ([t, b, l, r]: readonly number[]) => [t ?? 0, l ?? 0, b ?? 0, r ?? 0];

function padNode(c: LayerContext, x: string, pads: readonly number[], name: string): string {
  const [t, b, l, r] = pads;
  const p = c.e.int64s(`${name}.pads`, [8], [0, 0, t ?? 0, l ?? 0, 0, 0, b ?? 0, r ?? 0]);
  return c.e.op('Pad', name, [x, p], [{ name: 'mode', type: 'string', value: 'constant' }]);
}

/**
 * An activation as ONNX nodes; the last is named `name`. GELU is written out (Erf form, as tfjs computes it):
 * opset 13 has no Gelu operator.
 */
export function activationNodes(
  c: LayerContext,
  activation: ActivationName,
  alpha: number,
  x: string,
  name: string,
): string {
  const { e } = c;
  switch (activation) {
    case 'linear':
      return e.op('Identity', name, [x]);
    case 'relu':
      return e.op('Relu', name, [x]);
    case 'sigmoid':
      return e.op('Sigmoid', name, [x]);
    case 'tanh':
      return e.op('Tanh', name, [x]);
    case 'softmax':
      // Over the channels: axis 1 of NCHW and of [N, F] alike.
      return e.op('Softmax', name, [x], [attr.int('axis', 1)]);
    case 'leaky_relu':
      return e.op('LeakyRelu', name, [x], [attr.float('alpha', alpha)]);
    case 'elu':
      return e.op('Elu', name, [x], [attr.float('alpha', 1)]);
    case 'relu6': {
      // Opset 13's Clip takes its bounds as inputs (scalars), not attributes.
      const lo = e.floats(`${name}.min`, [], Float32Array.of(0));
      const hi = e.floats(`${name}.max`, [], Float32Array.of(6));
      return e.op('Clip', name, [x, lo, hi]);
    }
    case 'gelu': {
      const scalar = (suffix: string, v: number) => e.floats(`${name}.${suffix}`, [], Float32Array.of(v));
      const d = e.op('Div', `${name}/div`, [x, scalar('sqrt2', Math.SQRT2)]);
      const f = e.op('Erf', `${name}/erf`, [d]);
      const a = e.op('Add', `${name}/add`, [f, scalar('one', 1)]);
      const m = e.op('Mul', `${name}/mul`, [x, a]);
      return e.op('Mul', name, [m, scalar('half', 0.5)]);
    }
    case 'selu':
      return e.op('Selu', name, [x], [attr.float('alpha', SELU_ALPHA), attr.float('gamma', SELU_SCALE)]);
    case 'swish':
      // x·σ(x); opset 13 has no Swish/SiLU operator.
      return e.op('Mul', name, [x, e.op('Sigmoid', `${name}/sigmoid`, [x])]);
    case 'hard_swish': {
      // x·relu6(x + 3)/6 = x·HardSigmoid(x) with α = 1/6, β = ½ (HardSwish itself is opset 14).
      const gate = e.op(
        'HardSigmoid',
        `${name}/hard_sigmoid`,
        [x],
        [attr.float('alpha', 1 / 6), attr.float('beta', 0.5)],
      );
      return e.op('Mul', name, [x, gate]);
    }
    default:
      return assertNever(activation, 'activation');
  }
}

/** A Conv2D/Dense's own activation after its main node (leaky_relu at Keras's slope, as tfjs builds it). */
function folded(c: LayerContext, activation: ActivationName, x: string): string {
  if (activation === 'linear') return x;
  return activationNodes(c, activation, KERAS_LEAKY_ALPHA, x, `${c.name}/${activation}`);
}

function conv2d(c: LayerContext, p: Conv2dParams): Emitted {
  const x = first(c);
  const [kh, kw] = pair(p.kernel);
  const groups = p.groups ?? 1;
  // A grouped kernel is [FH, FW, C/g, F] in Keras and [F, C/g, FH, FW] in ONNX: the same transpose.
  const channels = (x.shape[2] ?? 0) / groups;
  const kernelShape = [kh, kw, channels, p.filters];
  const kernel = c.weight('kernel', kernelShape);
  if (!kernel.ok) return kernel;
  const inputs = [
    x.name,
    c.e.floats(`${c.name}.weight`, [p.filters, channels, kh, kw], hwioToOihw(kernel.value, kernelShape)),
  ];
  if (p.useBias) {
    const bias = c.weight('bias', [p.filters]);
    if (!bias.ok) return bias;
    inputs.push(c.e.floats(`${c.name}.bias`, [p.filters], bias.value));
  }
  // 'same' and explicit padding both pad with zeros before a 'valid' window in tfjs: Conv's pads say it.
  const pads = explicitPads(p.padding, x.shape, p.kernel, p.stride, p.dilation);
  const y = c.e.op('Conv', c.name, inputs, [
    attr.ints('kernel_shape', [kh, kw]),
    attr.ints('strides', [...pair(p.stride)]),
    attr.ints('dilations', [...pair(p.dilation)]),
    attr.ints('pads', onnxPads(pads)),
    attr.int('group', groups),
  ]);
  // One group per channel reads as a depthwise convolution on import: the doc string keeps the kind.
  const kept = groups > 1 && groups === (x.shape[2] ?? 0) ? c.e.doc(y, strideKindDoc('conv2d')) : y;
  return out(c, folded(c, p.activation, kept));
}

/** A depthwise convolution is ONNX's Conv with group = C: weight [C·M, 1, FH, FW], filter c·M + m on channel c. */
function depthwise(c: LayerContext, p: DepthwiseConv2dParams): Emitted {
  const x = first(c);
  const [kh, kw] = pair(p.kernel);
  const channels = x.shape[2] ?? 0;
  const filters = channels * p.depthMultiplier;
  const kernel = c.weight('depthwise_kernel', [kh, kw, channels, p.depthMultiplier]);
  if (!kernel.ok) return kernel;
  // [FH, FW, C, M] read as [FH, FW, 1, C·M] is the same bytes; its transpose is ONNX's layout.
  const inputs = [
    x.name,
    c.e.floats(`${c.name}.weight`, [filters, 1, kh, kw], hwioToOihw(kernel.value, [kh, kw, 1, filters])),
  ];
  if (p.useBias) {
    const bias = c.weight('bias', [filters]);
    if (!bias.ok) return bias;
    inputs.push(c.e.floats(`${c.name}.bias`, [filters], bias.value));
  }
  const pads = explicitPads(p.padding, x.shape, p.kernel, p.stride);
  const y = c.e.op('Conv', c.name, inputs, [
    attr.ints('kernel_shape', [kh, kw]),
    attr.ints('strides', [...pair(p.stride)]),
    attr.ints('dilations', [1, 1]),
    attr.ints('pads', onnxPads(pads)),
    attr.int('group', channels),
  ]);
  // On one channel a depthwise convolution is an ordinary one (group 1): the doc string keeps the kind.
  return out(c, folded(c, p.activation, c.e.doc(y, strideKindDoc('depthwiseconv2d'))));
}

/**
 * ConvTranspose says what Stride's transposed convolution does in its own terms: pads are the crop per side and
 * output_padding the rows given back ((H − 1)·S + K_eff − pads + output_padding, rows past the full output
 * holding the bias). The tfjs kernel [FH, FW, F, C] is ONNX's [C, F, FH, FW]: hwioToOihw with i = F, o = C.
 */
function conv2dTranspose(c: LayerContext, p: Conv2dTransposeParams): Emitted {
  const x = first(c);
  const [kh, kw] = pair(p.kernel);
  const channels = x.shape[2] ?? 0;
  const kernelShape = [kh, kw, p.filters, channels];
  const kernel = c.weight('kernel', kernelShape);
  if (!kernel.ok) return kernel;
  const inputs = [
    x.name,
    c.e.floats(`${c.name}.weight`, [channels, p.filters, kh, kw], hwioToOihw(kernel.value, kernelShape)),
  ];
  if (p.useBias) {
    const bias = c.weight('bias', [p.filters]);
    if (!bias.ok) return bias;
    inputs.push(c.e.floats(`${c.name}.bias`, [p.filters], bias.value));
  }
  const h = transposeAxis(p, 0, x.shape[0] ?? 0);
  const w = transposeAxis(p, 1, x.shape[1] ?? 0);
  const y = c.e.op('ConvTranspose', c.name, inputs, [
    attr.ints('kernel_shape', [kh, kw]),
    attr.ints('strides', [...pair(p.stride)]),
    attr.ints('dilations', [...pair(p.dilation)]),
    attr.ints('pads', [h.before, w.before, h.after, w.after]),
    attr.ints('output_padding', [h.extra, w.extra]),
    attr.int('group', 1),
  ]);
  return out(c, folded(c, p.activation, y));
}

/**
 * Resize at whole scales with tfjs's sampling: output pixel i reads the input at i/s ('asymmetric'), the
 * nearest one rounded down, or the two around it linearly (the last clamped), as resizeBilinear computes it.
 */
function upSampling(c: LayerContext, p: UpSampling2dParams): Emitted {
  const [sh, sw] = pair(p.size);
  // roi is unused by 'asymmetric' and left out (the empty name of an optional input).
  const scales = c.e.floats(`${c.name}.scales`, [4], Float32Array.of(1, 1, sh, sw));
  const attrs = [
    { name: 'mode', type: 'string', value: p.interpolation === 'nearest' ? 'nearest' : 'linear' } as const,
    { name: 'coordinate_transformation_mode', type: 'string', value: 'asymmetric' } as const,
    ...(p.interpolation === 'nearest'
      ? [{ name: 'nearest_mode', type: 'string', value: 'floor' } as const]
      : []),
  ];
  return out(c, c.e.op('Resize', c.name, [first(c).name, '', scales], attrs));
}

function dense(c: LayerContext, p: DenseParams): Emitted {
  const x = first(c);
  const n = x.shape[0] ?? 0;
  const kernel = c.weight('kernel', [n, p.units]);
  if (!kernel.ok) return kernel;
  const order = x.chw === null ? null : chwToHwcIndex(x.chw);
  const inputs = [
    x.name,
    c.e.floats(`${c.name}.weight`, [p.units, n], denseToGemm(kernel.value, [n, p.units], order)),
  ];
  if (p.useBias) {
    const bias = c.weight('bias', [p.units]);
    if (!bias.ok) return bias;
    inputs.push(c.e.floats(`${c.name}.bias`, [p.units], bias.value));
  }
  const y = c.e.op('Gemm', c.name, inputs, [attr.int('transB', 1)]);
  return out(c, folded(c, p.activation, y));
}

/**
 * Pooling as tfjs computes it: 'same' ignores the padded cells (ONNX pads: −∞ for max, count_include_pad = 0
 * for average), explicit and 'full' padding are zeros that take part (a Pad node before max/min pooling — for
 * max pooling around a negation, see below —, count_include_pad = 1 for average). Min pooling is −MaxPool(−x),
 * as Stride's tfjs layer computes it.
 */
function pool(c: LayerContext, p: PoolParams, kind: 'max' | 'avg' | 'min'): Emitted {
  const x = first(c);
  if (kind !== 'avg' && usesPytorchPool(p)) return pytorchPoolNodes(c, p, kind);
  const keras = kerasPadding(p.padding, x.shape, p.size, p.stride);
  const zeroPadded = keras.pre.length > 0;
  const pads = explicitPads(zeroPadded ? p.padding : keras.padding, x.shape, p.size, p.stride);
  const window = [attr.ints('kernel_shape', [...pair(p.size)]), attr.ints('strides', [...pair(p.stride)])];
  if (kind === 'avg') {
    return out(
      c,
      c.e.op(
        'AveragePool',
        c.name,
        [x.name],
        [...window, attr.ints('pads', onnxPads(pads)), attr.int('count_include_pad', zeroPadded ? 1 : 0)],
      ),
    );
  }
  let input = x.name;
  if (zeroPadded && kind === 'max') {
    // −Pad(−x, 0), not Pad(x, 0): ONNX Runtime's Pad fusion (optimization level basic and up) moves a zero
    // Pad straight before a MaxPool into the MaxPool's pads, which count as −∞ — wrong wherever a border
    // window holds only negative values. The values are the zero-padded ones (the pads read −0).
    const negated = c.e.op('Neg', `${c.name}/neg`, [input]);
    const padded = padNode(c, negated, pads, `${c.name}/pad`);
    input = c.e.op('Neg', `${c.name}/unneg`, [padded]);
  } else if (zeroPadded) input = padNode(c, input, pads, `${c.name}/pad`);
  const poolPads = zeroPadded ? [0, 0, 0, 0] : onnxPads(pads);
  if (kind === 'max')
    return out(c, c.e.op('MaxPool', c.name, [input], [...window, attr.ints('pads', poolPads)]));
  const negated = c.e.op('Neg', `${c.name}/neg`, [input]);
  const pooled = c.e.op('MaxPool', `${c.name}/max`, [negated], [...window, attr.ints('pads', poolPads)]);
  return out(c, c.e.op('Neg', c.name, [pooled]));
}

/**
 * Max/min pooling with PyTorch's options. ONNX's MaxPool pads are cells that never win, so padding that never
 * wins is its `pads`, and ceil mode's overhang is more of them at the bottom/right (ceil_mode = 0: the sizes
 * are Stride's, worked out here, whatever rule a runtime applies to ceil_mode). Zero padding that takes part
 * is a Pad node first (around a negation for max pooling, see `pool`).
 */
function pytorchPoolNodes(c: LayerContext, p: PoolParams, kind: 'max' | 'min'): Emitted {
  const x = first(c);
  const [t, b, l, r] = resolvedPads(p, x.shape);
  const [kh, kw] = pair(p.size);
  const [sh, sw] = pair(p.stride);
  const ceil = p.ceilMode === true;
  const eh = ceil ? ceilAxis(x.shape[0] ?? 0, kh, sh, t, b).extra : 0;
  const ew = ceil ? ceilAxis(x.shape[1] ?? 0, kw, sw, l, r).extra : 0;
  const ignore = p.ignorePadding === true;
  let input = kind === 'min' ? c.e.op('Neg', `${c.name}/neg`, [x.name]) : x.name;
  if (!ignore && t + b + l + r > 0) {
    // Zeros that take part: −Pad(−y, 0) (for min pooling y is already −x, so Pad(y) then).
    const inner = kind === 'max' ? c.e.op('Neg', `${c.name}/padneg`, [input]) : input;
    const padded = padNode(c, inner, [t, b, l, r], `${c.name}/pad`);
    input = kind === 'max' ? c.e.op('Neg', `${c.name}/unneg`, [padded]) : padded;
  }
  const pads = ignore ? [t, l, b + eh, r + ew] : [0, 0, eh, ew];
  const window = [attr.ints('kernel_shape', [kh, kw]), attr.ints('strides', [sh, sw])];
  const pooled = c.e.op(
    'MaxPool',
    kind === 'max' ? c.name : `${c.name}/max`,
    [input],
    [...window, attr.ints('pads', pads)],
  );
  return out(c, kind === 'max' ? pooled : c.e.op('Neg', c.name, [pooled]));
}

/** Global pooling keeps [N, C, 1, 1] in ONNX; Stride's gives a vector of C, hence the Flatten. */
function globalPool(c: LayerContext, op: 'GlobalAveragePool' | 'GlobalMaxPool'): Emitted {
  const pooled = c.e.op(op, c.name, [first(c).name]);
  return out(c, c.e.op('Flatten', `${c.name}/flatten`, [pooled], [attr.int('axis', 1)]));
}

function flatten(c: LayerContext): Emitted {
  const x = first(c);
  const [h, w, ch] = x.shape;
  if (x.shape.length !== 3 || h === undefined || w === undefined || ch === undefined) {
    return out(c, c.e.op('Flatten', c.name, [x.name], [attr.int('axis', 1)]), x.chw);
  }
  if (c.channelFirstOk) {
    return out(c, c.e.op('Flatten', c.name, [x.name], [attr.int('axis', 1)]), [h, w, ch]);
  }
  // Read by something that needs Stride's (channels-last) feature order: transpose to NHWC first.
  const nhwc = c.e.op('Transpose', `${c.name}/nhwc`, [x.name], [attr.ints('perm', [0, 2, 3, 1])]);
  return out(c, c.e.op('Flatten', c.name, [nhwc], [attr.int('axis', 1)]));
}

function batchnorm(c: LayerContext, p: BatchNormParams): Emitted {
  const x = first(c);
  const n = x.shape[x.shape.length - 1] ?? 0;
  const order = x.chw === null ? null : chwToHwcIndex(x.chw);
  const param = (suffix: string, onnxName: string, fixed: number | null): Result<string> => {
    if (fixed !== null) {
      // Keras's center/scale = false: β or γ is no parameter; ONNX needs the input, so a constant stands in.
      return ok(c.e.floats(`${c.name}.fixed_${onnxName}`, [n], new Float32Array(n).fill(fixed)));
    }
    const values = c.weight(suffix, [n]);
    if (!values.ok) return values;
    return ok(c.e.floats(`${c.name}.${onnxName}`, [n], permute(values.value, order)));
  };
  const names: string[] = [];
  for (const [suffix, onnxName, fixed] of [
    ['gamma', 'weight', p.scale ? null : 1],
    ['beta', 'bias', p.center ? null : 0],
    ['moving_mean', 'running_mean', null],
    ['moving_variance', 'running_var', null],
  ] as const) {
    const r = param(suffix, onnxName, fixed);
    if (!r.ok) return r;
    names.push(r.value);
  }
  return out(
    c,
    c.e.op(
      'BatchNormalization',
      c.name,
      [x.name, ...names],
      [attr.float('epsilon', p.epsilon), attr.float('momentum', p.momentum)],
    ),
    x.chw,
  );
}

function lrn(c: LayerContext, p: LrnParams): Emitted {
  // ONNX's LRN is AlexNet's: x / (bias + α/n · Σ x²)^β over n channels — Stride's parameters as they are.
  return out(
    c,
    c.e.op(
      'LRN',
      c.name,
      [first(c).name],
      [
        attr.int('size', p.size),
        attr.float('alpha', p.alpha),
        attr.float('beta', p.beta),
        attr.float('bias', p.k),
      ],
    ),
  );
}

/**
 * Reshape as Keras computes it, channels last: an image goes to NHWC first, the target is [N, …] with the
 * analysed sizes (0 keeps the batch), and an image result goes back to NCHW. The Reshape node carries the kind
 * so an import tells it from a Flatten.
 */
function reshapeLayer(c: LayerContext): Emitted {
  const x = first(c);
  const image = c.outputShape.length === 3;
  const input =
    x.shape.length === 3
      ? c.e.op('Transpose', `${c.name}/nhwc`, [x.name], [attr.ints('perm', [0, 2, 3, 1])])
      : x.name;
  const target = c.e.int64s(`${c.name}.shape`, [c.outputShape.length + 1], [0, ...c.outputShape]);
  const y = c.e.op('Reshape', image ? `${c.name}/reshape` : c.name, [input, target]);
  c.e.doc(y, strideKindDoc('reshape'));
  if (!image) return out(c, y);
  return out(c, c.e.op('Transpose', c.name, [y], [attr.ints('perm', [0, 3, 1, 2])]));
}

/** Element-wise product; a 1×1×C input is [N, C, 1, 1] and broadcasts over H×W (Mul is two-input). */
function multiplyLayer(c: LayerContext): Emitted {
  const names = c.inputs.map((v) => v.name);
  let y = names[0] as string;
  for (let i = 1; i < names.length; i += 1)
    y = c.e.op('Mul', i === names.length - 1 ? c.name : `${c.name}/mul${i}`, [y, names[i] as string]);
  c.e.doc(y, strideKindDoc('multiply'));
  return out(c, y);
}

function merge(c: LayerContext, op: 'add' | 'concatenate'): Emitted {
  const names = c.inputs.map((v) => v.name);
  if (op === 'concatenate') return out(c, c.e.op('Concat', c.name, names, [attr.int('axis', 1)]));
  return out(c, c.e.op(names.length === 2 ? 'Add' : 'Sum', c.name, names));
}

/**
 * The ONNX nodes of one primitive layer. Exhaustive over the layer kinds: a new kind does not compile until
 * it says how it is written (block kinds never reach here: the expanded graph holds primitives only).
 */
export function emitLayer(c: LayerContext): Emitted {
  const kind = c.prim.kind as LayerKind;
  const params = c.prim.params;
  switch (kind) {
    case 'input':
      return out(c, first(c).name);
    case 'conv2d':
      return conv2d(c, params as Conv2dParams);
    case 'dense':
      return dense(c, params as DenseParams);
    case 'maxpool2d':
      return pool(c, params as PoolParams, 'max');
    case 'avgpool2d':
      return pool(c, params as PoolParams, 'avg');
    case 'minpool2d':
      return pool(c, params as PoolParams, 'min');
    case 'globalavgpool':
      return globalPool(c, 'GlobalAveragePool');
    case 'globalmaxpool':
      return globalPool(c, 'GlobalMaxPool');
    case 'zeropadding2d': {
      const pd = (params as ZeroPadding2dParams).padding;
      const pads = typeof pd === 'number' ? [pd, pd, pd, pd] : pd;
      return out(c, padNode(c, first(c).name, pads, c.name));
    }
    case 'conv2dtranspose':
      return conv2dTranspose(c, params as Conv2dTransposeParams);
    case 'upsampling2d':
      return upSampling(c, params as UpSampling2dParams);
    case 'flatten':
      return flatten(c);
    case 'dropout': {
      // Inference only: ONNX Dropout without training_mode passes its input through, like tfjs's predict.
      const ratio = c.e.floats(`${c.name}.ratio`, [], Float32Array.of((params as DropoutParams).rate));
      return out(c, c.e.op('Dropout', c.name, [first(c).name, ratio]), first(c).chw);
    }
    case 'batchnorm':
      return batchnorm(c, params as BatchNormParams);
    case 'lrn':
      return lrn(c, params as LrnParams);
    case 'activation': {
      const p = params as ActivationParams;
      const y = activationNodes(c, p.activation, p.alpha, first(c).name, c.name);
      return out(c, p.activation === 'softmax' ? c.e.doc(y, strideKindDoc('activation')) : y, first(c).chw);
    }
    case 'softmax':
      return out(c, c.e.op('Softmax', c.name, [first(c).name], [attr.int('axis', 1)]), first(c).chw);
    case 'add':
      return merge(c, 'add');
    case 'multiply':
      return multiplyLayer(c);
    case 'reshape':
      return reshapeLayer(c);
    case 'concatenate':
      return merge(c, 'concatenate');
    case 'depthwiseconv2d':
      return depthwise(c, params as DepthwiseConv2dParams);
    case 'inception':
    case 'residual':
    case 'separableconv2d':
    case 'group':
      return fail(
        'CODEGEN_UNSUPPORTED',
        `'${c.prim.id}' is a block; only its parts can be written.`,
        c.prim.origin,
      );
    default: {
      const never: never = kind;
      return fail(
        'CODEGEN_UNSUPPORTED',
        `No ONNX mapping for the layer kind '${String(never)}'.`,
        c.prim.origin,
      );
    }
  }
}

/** Kinds a channel-first flattened vector may pass through on its way to a Dense (see order.ts). */
export const ORDER_TOLERANT: ReadonlySet<LayerKind> = new Set<LayerKind>([
  'dropout',
  'activation',
  'softmax',
  'batchnorm',
  'flatten',
]);

export type { WeightSpec };
