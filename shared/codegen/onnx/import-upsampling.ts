import type { OnnxNode, OnnxTensor } from './model';
import type { Walk } from './import-walk';
import type { WeightRef } from './import-context';
import { constNumbers, elementCount, intAttr, intsAttr, stringAttr } from './import-context';
import { foldActivation } from './import-activations';
import { image } from './import-ops';

/**
 * ConvTranspose and Resize read back as Conv2DTranspose and UpSampling2D. ConvTranspose's pads are Stride's
 * crop per side and its output_padding the rows given back, so they become the explicit padding (P when all
 * four agree, else [t, b, l, r]) and the output padding as they are; auto_pad and output_shape are refused
 * (ask for an explicit output instead). Resize must be a whole-factor up-sampling with tfjs's sampling:
 * nearest (asymmetric + floor, or half-pixel, which picks the same pixels at whole factors) or linear
 * asymmetric; PyTorch's half-pixel bilinear is not what tfjs computes and is refused.
 */
const weight = (ref: Omit<WeightRef, 'initializer'>, tensor: OnnxTensor) => ({
  ref: { ...ref, initializer: tensor.name },
  tensor,
});

export function convTranspose(w: Walk, node: OnnxNode): void {
  const x = image(w, node);
  if (x === null) return;
  const kernel = w.constant(node, 1, 'weight');
  if (kernel === null) return;
  const dims = kernel.tensor.dims;
  const channels = x.shape[2] ?? 0;
  if (intAttr(node, 'group', 1) !== 1)
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      'a grouped transposed convolution (group > 1): Stride has none',
    );
  if (dims.length !== 4 || dims[0] !== channels) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `a weight of shape [${dims.join(', ')}] on ${channels} channels (Stride's Conv2DTranspose is 2-D)`,
    );
  }
  const [, filters, kh, kw] = dims as [number, number, number, number];
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' || intsAttr(node, 'output_shape') !== null) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      'auto_pad or output_shape: Stride needs the explicit pads and output_padding',
    );
  }
  const two = (name: string, fallback: number): [number, number] | null => {
    const v = intsAttr(node, name) ?? [fallback, fallback];
    return v.length === 2 && v.every((n) => Number.isInteger(n) && n >= 0) ? [v[0] ?? 0, v[1] ?? 0] : null;
  };
  const stride = two('strides', 1);
  const dilation = two('dilations', 1);
  const op = two('output_padding', 0);
  const pads = intsAttr(node, 'pads') ?? [0, 0, 0, 0];
  if (stride === null || dilation === null || op === null || pads.length !== 4 || pads.some((p) => p < 0)) {
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', 'only 2-D windows with pads ≥ 0');
  }
  const [t = 0, l = 0, b = 0, r = 0] = pads;
  const bias = w.optionalConstant(node, 2);
  if (bias === null) return void w.constant(node, 2, 'bias');
  if (bias !== undefined && elementCount(bias.tensor) !== filters) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `a bias of ${elementCount(bias.tensor)} values for ${filters} filters`,
    );
  }
  const one = ([a, c]: [number, number]) => (a === c ? a : [a, c]);
  const layer = w.addLayer(node, {
    kind: 'conv2dtranspose',
    params: {
      filters,
      kernel: one([kh, kw]),
      stride: one(stride),
      padding: t === b && t === l && t === r ? t : [t, b, l, r],
      outputPadding: one(op),
      dilation: one(dilation),
      activation: 'linear',
      useBias: bias !== undefined,
    },
    inputs: [x],
    layout: 'nchw',
    weights: [
      // ONNX's [C, F, FH, FW] is an OIHW kernel with O = C, I = F: read back as [FH, FW, F, C].
      weight({ suffix: 'kernel', layout: 'oihw', chw: null }, kernel.tensor),
      ...(bias === undefined ? [] : [weight({ suffix: 'bias', layout: 'vector', chw: null }, bias.tensor)]),
    ],
  });
  if (layer === null) return;
  foldActivation(w, layer, node, 4);
}

const NEAREST_MODES: Readonly<Record<string, readonly string[]>> = {
  asymmetric: ['floor'],
  half_pixel: ['round_prefer_floor', 'round_prefer_ceil'],
  pytorch_half_pixel: ['round_prefer_floor', 'round_prefer_ceil'],
};

export function resize(w: Walk, node: OnnxNode): void {
  const x = image(w, node);
  if (x === null) return;
  const mode = stringAttr(node, 'mode', 'nearest');
  const transform = stringAttr(node, 'coordinate_transformation_mode', 'half_pixel');
  const nearestMode = stringAttr(node, 'nearest_mode', 'round_prefer_floor');
  const fits =
    mode === 'nearest'
      ? (NEAREST_MODES[transform] ?? []).includes(nearestMode)
      : mode === 'linear' && transform === 'asymmetric';
  if (!fits) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      `Resize mode '${mode}' with '${transform}'${mode === 'nearest' ? ` and '${nearestMode}'` : ''}: Stride's UpSampling2D samples as tfjs does (nearest, or linear 'asymmetric')`,
    );
  }
  // Opset 10: (X, scales); 11 and later: (X, roi, scales, sizes), one of scales and sizes given.
  const values = (index: number): number[] | null | undefined => {
    const c = w.optionalConstant(node, index);
    if (c === undefined) return undefined;
    return c === null ? null : constNumbers(c.tensor as OnnxTensor);
  };
  const scalesIndex = node.inputs.length === 2 ? 1 : 2;
  const scales = values(scalesIndex);
  const sizes = node.inputs.length > 3 ? values(3) : undefined;
  const [h = 0, wd = 0, c = 0] = x.shape;
  let factors: number[] | null = null;
  if (scales !== undefined && scales !== null && scales.length === 4) factors = scales;
  else if (sizes !== undefined && sizes !== null && sizes.length === 4)
    factors = [1, (sizes[1] ?? 0) / c, (sizes[2] ?? 0) / h, (sizes[3] ?? 0) / wd];
  if (scales === null || sizes === null)
    return void w.constant(node, scales === null ? scalesIndex : 3, 'scales');
  const [n, ch, sh = 0, sw = 0] = factors ?? [];
  if (factors === null || n !== 1 || ch !== 1 || ![sh, sw].every((s) => Number.isInteger(s) && s >= 1)) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      `Resize by ${factors === null ? 'unknown scales' : `[${factors.join(', ')}]`}: Stride up-samples H and W by whole factors`,
    );
  }
  w.addLayer(node, {
    kind: 'upsampling2d',
    params: { size: sh === sw ? sh : [sh, sw], interpolation: mode === 'nearest' ? 'nearest' : 'bilinear' },
    inputs: [x],
    layout: 'nchw',
  });
}
