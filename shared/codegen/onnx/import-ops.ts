import type { OnnxNode, OnnxTensor } from './model';
import type { ConstValue, TensorValue, WeightRef } from './import-context';
import type { Walk } from './import-walk';
import type { Pads, Window } from './import-padding';
import { constNumbers, elementCount, floatAttr, intAttr, intsAttr } from './import-context';
import { activationLayer, foldActivation } from './import-activations';
import {
  addPads,
  equalPads,
  isZero,
  nodePads,
  pair2,
  samePads,
  size2,
  stridePadding,
  windowOutputs,
} from './import-padding';
import { SHAPE_HANDLERS, takePendingPad } from './import-shape-ops';
import { convTranspose, resize } from './import-upsampling';
import { strideKindDoc } from './emitter';

export type Handler = (w: Walk, node: OnnxNode) => void;

const weight = (ref: Omit<WeightRef, 'initializer'>, tensor: OnnxTensor) => ({
  ref: { ...ref, initializer: tensor.name },
  tensor,
});

/** An image input, or a refusal saying why not. */
export function image(w: Walk, node: OnnxNode, index = 0): TensorValue | null {
  const x = w.tensor(node, index);
  if (x === null) return null;
  if (x.layout !== 'nchw') {
    w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `${node.opType} needs an [N, C, H, W] image; its input is ${describe(x)}`,
    );
    return null;
  }
  return x;
}

function vector(w: Walk, node: OnnxNode): TensorValue | null {
  const x = w.tensor(node, 0);
  if (x === null) return null;
  if (x.layout !== 'vector') {
    w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `${node.opType} needs an [N, F] matrix; its input is ${describe(x)}`,
    );
    return null;
  }
  return x;
}

export const describe = (x: TensorValue) =>
  x.layout === 'vector' ? `[N, ${x.shape[0]}]` : `a rank-4 tensor (${x.layout}, ${x.shape.join('×')})`;

/** Strides, dilations and kernel of a Conv or pooling node; a string when malformed or not 2-D. */
function windowOf(node: OnnxNode, kernel: readonly number[] | null): Window | string {
  const k = kernel === null ? null : pair2(kernel, 1);
  const stride = pair2(intsAttr(node, 'strides'), 1);
  const dilation = pair2(intsAttr(node, 'dilations'), 1);
  if (k === null || stride === null || dilation === null)
    return 'only 2-D windows (kernel, strides, dilations of two values)';
  if ([...k, ...stride, ...dilation].some((v) => v < 1)) return 'a kernel, stride or dilation below 1';
  return { kernel: k, stride, dilation };
}

function convParams(
  filters: number,
  win: Window,
  pads: Pads,
  x: TensorValue,
  useBias: boolean,
  groups = 1,
): Record<string, unknown> {
  return {
    ...(groups === 1 ? {} : { groups }),
    filters,
    kernel: size2(win.kernel),
    stride: size2(win.stride),
    padding: stridePadding(pads, x.shape, win),
    dilation: size2(win.dilation),
    activation: 'linear',
    useBias,
  };
}

function conv(w: Walk, node: OnnxNode): void {
  const pre = takePendingPad(w, node.inputs[0] ?? '');
  const x = pre?.input ?? image(w, node);
  if (x === null) return;
  const kernel = w.constant(node, 1, 'weight');
  if (kernel === null) return;
  const dims = kernel.tensor.dims;
  const channels = x.shape[2] ?? 0;
  const group = intAttr(node, 'group', 1);
  if (dims.length !== 4 || (dims[1] ?? 0) * group !== channels) {
    w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `a weight of shape [${dims.join(', ')}] on ${channels} channels (Stride's Conv2D is 2-D)`,
    );
    return;
  }
  const [filters, , kh, kw] = dims as [number, number, number, number];
  const win = windowOf(node, [kh, kw]);
  if (typeof win === 'string') return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', win);
  const own = nodePads(node, x.shape, win);
  if (typeof own === 'string') return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', own);
  if (group < 1 || filters % group !== 0) {
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', `group ${group} does not divide ${filters} filters`);
  }
  const bias = w.optionalConstant(node, 2);
  if (bias === null) return void w.constant(node, 2, 'bias');
  if (bias !== undefined && elementCount(bias.tensor) !== filters) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `a bias of ${elementCount(bias.tensor)} values for ${filters} filters`,
    );
  }
  // Zeros either way: a Pad folded in and the Conv's own pads add up.
  const pads = addPads(pre?.pads ?? [0, 0, 0, 0], own);
  // One group per input channel is a depthwise convolution (MobileNet): its [C·M, 1, FH, FW] weight is the
  // same bytes, transposed, as Keras's [FH, FW, C, M].
  // Stride's own files say which of the two a Conv with one group per channel was (a doc string).
  const said = w.facts.fromStride ? node.docString : undefined;
  const depthwise =
    group === channels &&
    (said === strideKindDoc('depthwiseconv2d') || (group > 1 && said !== strideKindDoc('conv2d')));
  const params = convParams(filters, win, pads, x, bias !== undefined, group);
  const { filters: _f, groups: _g, dilation: _d, ...shared } = params;
  if (depthwise && params.dilation !== 1)
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', 'a dilated depthwise convolution (tfjs builds none)');
  const layer = w.addLayer(node, {
    kind: depthwise ? 'depthwiseconv2d' : 'conv2d',
    params: depthwise ? { ...shared, depthMultiplier: filters / channels } : params,
    inputs: [x],
    layout: 'nchw',
    weights: [
      weight({ suffix: depthwise ? 'depthwise_kernel' : 'kernel', layout: 'oihw', chw: null }, kernel.tensor),
      ...(bias === undefined ? [] : [weight({ suffix: 'bias', layout: 'vector', chw: null }, bias.tensor)]),
    ],
  });
  if (layer === null) return;
  if (pre !== undefined) layer.onnxNodes.unshift(pre.label);
  foldActivation(w, layer, node, 4);
}

function dense(
  w: Walk,
  node: OnnxNode,
  kernel: ConstValue,
  transposed: boolean,
  bias: ConstValue | undefined,
  biasNode: OnnxNode | null,
): void {
  const x = vector(w, node);
  if (x === null) return;
  const dims = kernel.tensor.dims;
  const n = x.shape[0] ?? 0;
  const [rows, cols] = transposed ? [dims[1], dims[0]] : [dims[0], dims[1]];
  if (dims.length !== 2 || rows !== n || cols === undefined) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `a weight of shape [${dims.join(', ')}] on ${n} features`,
    );
  }
  if (bias !== undefined && elementCount(bias.tensor) !== cols) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `a bias of ${elementCount(bias.tensor)} values for ${cols} units (broadcast biases are not Stride's)`,
    );
  }
  const layer = w.addLayer(node, {
    kind: 'dense',
    params: { units: cols, activation: 'linear', useBias: bias !== undefined },
    inputs: [x],
    output: biasNode?.outputs[0],
    layout: 'vector',
    weights: [
      weight({ suffix: 'kernel', layout: transposed ? 'gemm-t' : 'gemm', chw: x.chw }, kernel.tensor),
      ...(bias === undefined ? [] : [weight({ suffix: 'bias', layout: 'vector', chw: null }, bias.tensor)]),
    ],
  });
  if (layer === null) return;
  if (biasNode !== null) {
    w.claimed.add(biasNode);
    layer.onnxNodes.push(w.label(biasNode));
  }
  if (x.chw !== null) {
    w.notes.push({
      code: 'ONNX_UNSUPPORTED_SHAPE',
      severity: 'info',
      nodeId: layer.id,
      message: `'${layer.name}' reads a vector flattened channel-first (C·H·W, as PyTorch flattens); Stride flattens channels last, so its kernel rows are reordered when weights are taken over.`,
    });
  }
  foldActivation(w, layer, biasNode ?? node, 2);
}

function gemm(w: Walk, node: OnnxNode): void {
  if (intAttr(node, 'transA', 0) !== 0)
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', 'transA = 1 (a transposed input)');
  const alpha = floatAttr(node, 'alpha', 1);
  const beta = floatAttr(node, 'beta', 1);
  if (alpha !== 1 || (beta !== 1 && node.inputs[2] !== undefined && node.inputs[2] !== '')) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      `alpha = ${alpha}, beta = ${beta}: Stride's Dense has no scale factors`,
    );
  }
  const kernel = w.constant(node, 1, 'weight');
  if (kernel === null) return;
  const bias = w.optionalConstant(node, 2);
  if (bias === null) return void w.constant(node, 2, 'bias');
  dense(w, node, kernel, intAttr(node, 'transB', 0) === 1, bias, null);
}

/** MatMul by a constant [N, U], and the Add of a constant [U] after it when there is one: a Dense. */
function matmul(w: Walk, node: OnnxNode): void {
  const kernel = w.constant(node, 1, 'weight');
  if (kernel === null) return;
  const next = w.soleReader(node.outputs[0] ?? '');
  let bias: ConstValue | undefined;
  let biasNode: OnnxNode | null = null;
  if (next?.opType === 'Add') {
    const otherIndex = next.inputs[0] === node.outputs[0] ? 1 : 0;
    const c = w.optionalConstant(next, otherIndex);
    if (c !== null && c !== undefined && elementCount(c.tensor) === kernel.tensor.dims[1]) {
      bias = c;
      biasNode = next;
    }
  }
  dense(w, node, kernel, false, bias, biasNode);
}

function pool(w: Walk, node: OnnxNode): void {
  const max = node.opType === 'MaxPool';
  const pre = takePendingPad(w, node.inputs[0] ?? '');
  const x = pre?.input ?? image(w, node);
  if (x === null) return;
  const win = windowOf(node, intsAttr(node, 'kernel_shape'));
  if (typeof win === 'string') return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', win);
  if (win.dilation[0] !== 1 || win.dilation[1] !== 1) {
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', 'a dilated pooling window');
  }
  if (
    max &&
    node.outputs.length > 1 &&
    node.outputs[1] !== '' &&
    w.readersOf(node.outputs[1] as string).length > 0
  ) {
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', 'the indices output of MaxPool is used');
  }
  const own = nodePads(node, x.shape, win);
  if (typeof own === 'string') return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', own);
  const pads = addPads(pre?.pads ?? [0, 0, 0, 0], own);
  if (max && pre !== undefined && !isZero(own)) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      `zero padding (a Pad) before a MaxPool with pads [${own.join(', ')}] of its own (cells that never win)`,
    );
  }
  if (intAttr(node, 'ceil_mode', 0) === 1) {
    const rows = windowOutputs(x.shape[0] ?? 0, pads[0] + pads[1], win.kernel[0], win.stride[0], 1);
    const cols = windowOutputs(x.shape[1] ?? 0, pads[2] + pads[3], win.kernel[1], win.stride[1], 1);
    if (max && pre === undefined && (rows.floor !== rows.ceil || cols.floor !== cols.ceil)) {
      // PyTorch's MaxPool2d(ceil_mode=True) as it is: Stride's max pooling with its PyTorch options.
      w.addLayer(node, {
        kind: 'maxpool2d',
        params: {
          size: size2(win.kernel),
          stride: size2(win.stride),
          padding: isZero(own) ? 'valid' : stridePadding(own, x.shape, win, false),
          ceilMode: true,
          ignorePadding: !isZero(own),
        },
        inputs: [x],
        layout: 'nchw',
        nonNegative: x.nonNegative,
      });
      return;
    }
    if (rows.floor !== rows.ceil || cols.floor !== cols.ceil) {
      return w.refuse(
        node,
        'ONNX_UNSUPPORTED_ATTRIBUTE',
        `ceil_mode = 1 gives ${rows.ceil}×${cols.ceil} here where Stride (floor) gives ${rows.floor}×${cols.floor}`,
      );
    }
  }
  const same = equalPads(pads, samePads(x.shape, win));
  // How the padded cells count. ONNX: max pooling pads with −∞ (ignored), average pooling with zeros that
  // count (count_include_pad = 1) or not; a Pad node pads with zeros that count. Stride (tfjs): 'same' ignores
  // padded cells, explicit padding is zeros that count.
  const zerosCount = pre !== undefined || (!max && intAttr(node, 'count_include_pad', 0) === 1);
  let input = x;
  let padding = stridePadding(pads, x.shape, win);
  if (!isZero(pads) && same && zerosCount) {
    // Zeros that count, exactly where 'same' would ignore them: a ZeroPadding2D layer, then a valid window.
    const padded = w.addLayer(node, {
      kind: 'zeropadding2d',
      params: { padding: stridePadding(pads, x.shape, win, false) },
      inputs: [x],
      output: `${node.outputs[0] ?? ''}#pad`,
      layout: 'nchw',
      nonNegative: x.nonNegative,
      nameBase: `${w.label(node)}/pad`,
    });
    if (padded === null) return;
    input = w.values.get(`${node.outputs[0] ?? ''}#pad`) as TensorValue;
    padding = 'valid';
  } else if (!isZero(pads) && !same && !zerosCount) {
    if (!max) {
      return w.refuse(
        node,
        'ONNX_UNSUPPORTED_ATTRIBUTE',
        `average pooling that leaves padded cells out (count_include_pad = 0) with pads [${pads.join(', ')}] other than 'same'`,
      );
    }
  }
  // ONNX max pooling pads with −∞: Stride's padding that never wins, unless the input has no negative values
  // (a ReLU's output), where zeros compute the same and keep the Keras layer.
  const ignorePadding =
    max && !isZero(pads) && !same && !zerosCount && (!x.nonNegative || w.facts.fromStride);
  const layer = w.addLayer(node, {
    kind: max ? 'maxpool2d' : 'avgpool2d',
    params: {
      size: size2(win.kernel),
      stride: size2(win.stride),
      padding,
      ...(ignorePadding ? { ignorePadding: true } : {}),
    },
    inputs: [input],
    layout: 'nchw',
    nonNegative: x.nonNegative,
  });
  if (layer !== null && pre !== undefined) layer.onnxNodes.unshift(pre.label);
}

/** Neg → MaxPool → Neg (with an optional Pad before): min pooling, as Stride's exporter writes it. */
function neg(w: Walk, node: OnnxNode): void {
  const pool2 = w.soleReader(node.outputs[0] ?? '');
  const back = pool2?.opType === 'MaxPool' ? w.soleReader(pool2.outputs[0] ?? '') : null;
  if (pool2 === null || back?.opType !== 'Neg' || pool2.opType !== 'MaxPool') {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_OP',
      'a negation that is not part of a min pooling (Neg, MaxPool, Neg)',
    );
  }
  const pre = takePendingPad(w, node.inputs[0] ?? '');
  const x = pre?.input ?? image(w, node);
  if (x === null) return;
  const win = windowOf(pool2, intsAttr(pool2, 'kernel_shape'));
  if (typeof win === 'string') return w.refuse(pool2, 'ONNX_UNSUPPORTED_ATTRIBUTE', win);
  const own = nodePads(pool2, x.shape, win);
  if (typeof own === 'string') return w.refuse(pool2, 'ONNX_UNSUPPORTED_ATTRIBUTE', own);
  if (win.dilation[0] !== 1 || win.dilation[1] !== 1 || intAttr(pool2, 'ceil_mode', 0) === 1) {
    return w.refuse(pool2, 'ONNX_UNSUPPORTED_ATTRIBUTE', 'a dilated or ceil_mode pooling window');
  }
  const same = equalPads(own, samePads(x.shape, win));
  if (!isZero(own) && pre !== undefined) {
    return w.refuse(
      pool2,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      `min pooling with zero padding and −∞ pads [${own.join(', ')}] of its own`,
    );
  }
  // −∞ pads of the negated input other than 'same': +∞ padding of the min pooling, which never wins.
  const ignorePadding = !isZero(own) && !same;
  const pads: Pads = pre?.pads ?? own;
  w.claimed.add(pool2);
  w.claimed.add(back);
  const layer = w.addLayer(node, {
    kind: 'minpool2d',
    params: {
      size: size2(win.kernel),
      stride: size2(win.stride),
      padding: stridePadding(pads, x.shape, win, pre === undefined && !ignorePadding),
      ...(ignorePadding ? { ignorePadding: true } : {}),
    },
    inputs: [x],
    output: back.outputs[0],
    layout: 'nchw',
    nameBase: w.label(back),
  });
  if (layer === null) return;
  if (pre !== undefined) layer.onnxNodes.unshift(pre.label);
  layer.onnxNodes.push(w.label(pool2), w.label(back));
}

const FIXED = { scale: '.fixed_weight', bias: '.fixed_bias' } as const;

function batchnorm(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  if (x.layout !== 'nchw' && x.layout !== 'vector') {
    return w.refuse(node, 'ONNX_UNSUPPORTED_SHAPE', `BatchNormalization on ${describe(x)}`);
  }
  if (
    intAttr(node, 'training_mode', 0) === 1 ||
    node.outputs.slice(1).some((o) => o !== '' && w.readersOf(o).length > 0)
  ) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      'BatchNormalization in training mode (batch statistics as outputs)',
    );
  }
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const parts: ConstValue[] = [];
  for (const [i, what] of ['scale', 'bias', 'mean', 'variance'].entries()) {
    const c = w.constant(node, i + 1, what);
    if (c === null) return;
    if (elementCount(c.tensor) !== channels) {
      return w.refuse(
        node,
        'ONNX_UNSUPPORTED_SHAPE',
        `its ${what} has ${elementCount(c.tensor)} values for ${channels} channels`,
      );
    }
    parts.push(c);
  }
  const [scale, bias, mean, variance] = parts as [ConstValue, ConstValue, ConstValue, ConstValue];
  // Stride's exporter writes the γ = 1 / β = 0 of BatchNorm(scale/center = false) under these names.
  const fixedScale =
    scale.tensor.name.endsWith(FIXED.scale) && constNumbers(scale.tensor)?.every((v) => v === 1) === true;
  const fixedBias =
    bias.tensor.name.endsWith(FIXED.bias) && constNumbers(bias.tensor)?.every((v) => v === 0) === true;
  const vec = (suffix: WeightRef['suffix'], c: ConstValue) =>
    weight({ suffix, layout: 'vector', chw: x.chw }, c.tensor);
  w.addLayer(node, {
    kind: 'batchnorm',
    params: {
      momentum: floatAttr(node, 'momentum', 0.9),
      epsilon: floatAttr(node, 'epsilon', 1e-5),
      center: !fixedBias,
      scale: !fixedScale,
    },
    inputs: [x],
    layout: x.layout,
    chw: x.chw,
    weights: [
      ...(fixedScale ? [] : [vec('gamma', scale)]),
      ...(fixedBias ? [] : [vec('beta', bias)]),
      vec('moving_mean', mean),
      vec('moving_variance', variance),
    ],
  });
}

function lrn(w: Walk, node: OnnxNode): void {
  const x = image(w, node);
  if (x === null) return;
  w.addLayer(node, {
    kind: 'lrn',
    params: {
      size: intAttr(node, 'size', 0),
      alpha: floatAttr(node, 'alpha', 1e-4),
      beta: floatAttr(node, 'beta', 0.75),
      k: floatAttr(node, 'bias', 1),
    },
    inputs: [x],
    layout: 'nchw',
  });
}

function dropout(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  if (node.outputs.slice(1).some((o) => o !== '' && w.readersOf(o).length > 0)) {
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', 'the dropout mask is used');
  }
  let rate = floatAttr(node, 'ratio', 0.5);
  if (w.facts.opset >= 12) {
    const ratio = w.optionalConstant(node, 1);
    if (ratio === null) return void w.constant(node, 1, 'ratio');
    rate = ratio === undefined ? 0.5 : (constNumbers(ratio.tensor)?.[0] ?? 0.5);
  }
  w.addLayer(node, {
    kind: 'dropout',
    params: { rate },
    inputs: [x],
    layout: x.layout,
    chw: x.chw,
    nonNegative: x.nonNegative,
  });
}

function merge(w: Walk, node: OnnxNode): void {
  const inputs: TensorValue[] = [];
  for (let i = 0; i < node.inputs.length; i += 1) {
    if (w.values.get(node.inputs[i] ?? '')?.kind === 'const') {
      return w.refuse(
        node,
        'ONNX_UNSUPPORTED_OP',
        `${node.opType} of a constant: Stride adds, multiplies or joins layer outputs only`,
      );
    }
    const x = w.tensor(node, i);
    if (x === null) return;
    inputs.push(x);
  }
  const first = inputs[0];
  if (
    first === undefined ||
    inputs.some(
      (x) =>
        x.layout !== first.layout ||
        (x.layout !== 'nchw' && x.layout !== 'vector') ||
        x.chw?.join() !== first.chw?.join(),
    )
  ) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `${node.opType} of ${inputs.map(describe).join(' and ')}`,
    );
  }
  if (node.opType === 'Concat') {
    const axis = intAttr(node, 'axis', 1);
    const rank = first.layout === 'vector' ? 2 : 4;
    if (axis !== 1 && axis !== 1 - rank) {
      return w.refuse(
        node,
        'ONNX_UNSUPPORTED_ATTRIBUTE',
        `Concat on axis ${axis}: Stride joins along the channels (axis 1)`,
      );
    }
  }
  if (inputs.length < 2) return w.refuse(node, 'ONNX_UNSUPPORTED_SHAPE', `${node.opType} of one input`);
  w.addLayer(node, {
    kind: node.opType === 'Concat' ? 'concatenate' : node.opType === 'Mul' ? 'multiply' : 'add',
    params: {},
    inputs,
    layout: first.layout,
    chw: first.chw,
    nonNegative: node.opType === 'Concat' && inputs.every((x) => x.nonNegative),
  });
}

/** ONNX operators Stride reads (standard domain), each to the layers it becomes. */
export const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['Conv', conv],
  ['ConvTranspose', convTranspose],
  ['Resize', resize],
  ['Gemm', gemm],
  ['MatMul', matmul],
  ['MaxPool', pool],
  ['AveragePool', pool],
  ['Neg', neg],
  ['BatchNormalization', batchnorm],
  ['LRN', lrn],
  ['Dropout', dropout],
  ['Add', merge],
  ['Sum', merge],
  ['Concat', merge],
  // A Mul not taken by a swish / hard swish (import-activations.ts): the Multiply layer.
  ['Mul', merge],
  ['Relu', activationLayer],
  ['Sigmoid', activationLayer],
  ['Tanh', activationLayer],
  ['LeakyRelu', activationLayer],
  ['Elu', activationLayer],
  ['Gelu', activationLayer],
  ['Selu', activationLayer],
  ['HardSigmoid', activationLayer],
  ['HardSwish', activationLayer],
  ['Clip', activationLayer],
  ['Softmax', activationLayer],
  ['Div', activationLayer],
  ...SHAPE_HANDLERS,
]);
