import type { PlannedLayer } from './plan';
import type { ActivationName } from '../layers/common/params';
import { assertNever } from '../api/errors';
import { KERAS_LEAKY_ALPHA } from '../layers/common/keras';
import { axisPads } from '../layers/common/window';
import { transposeAxis, type TransposeAxis, type TransposePadding } from '../layers/common/transpose';

/**
 * One Keras layer in PyTorch: the module it needs in `__init__` (if any) and the expression `forward` computes
 * from its inputs. Shapes come from the analysis (channels last), so every padding is spelled out exactly:
 * TensorFlow's 'same' puts the odd pixel bottom/right, which PyTorch's symmetric `padding=` cannot, so those
 * cases pad explicitly with F.pad.
 */
export interface PyLayer {
  /** `nn.Conv2d(1, 6, kernel_size=5)`; null for layers computed in forward only. */
  readonly module: string | null;
  /** Extra `__init__` lines after the module (e.g. freezing a BatchNorm β for center=False). */
  readonly setup: readonly string[];
  /** The expression, given the module attribute (`self.c1`) and the input expressions. */
  readonly expression: (self: string, inputs: readonly string[]) => string;
  /** Needs the `_avg_pool_same` helper of the generated file. */
  readonly avgPoolHelper?: boolean;
  /** Needs the `_upsample_bilinear` helper (tfjs's resizeBilinear sampling). */
  readonly bilinearHelper?: boolean;
  /** How load_keras_weights copies this layer's Keras weights (weighted layers only). */
  readonly weights?: PyWeights;
}

/** The layouts load_keras_weights ports (its table in pytorch.ts is keyed by this union). */
export type PyWeights =
  'conv' | 'depthwise' | 'dense' | 'batchnorm' | 'batchnorm_gamma' | 'batchnorm_beta' | 'batchnorm_stats';

type Config = Readonly<Record<string, unknown>>;

/** Python float/int literal: integers stay integers, floats lose float noise (1 − 0.99 → 0.01). */
export function pyNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(12)));
}

const pair = (v: unknown): readonly [number, number] => v as readonly [number, number];
const size = (v: unknown) => {
  const [a, b] = pair(v);
  return a === b ? `${a}` : `(${a}, ${b})`;
};

/** Each activation as PyTorch computes it on an NCHW (or N×features) tensor. */
const PY_ACTIVATIONS: Readonly<Record<ActivationName, (e: string) => string>> = {
  linear: (e) => e,
  relu: (e) => `F.relu(${e})`,
  sigmoid: (e) => `torch.sigmoid(${e})`,
  tanh: (e) => `torch.tanh(${e})`,
  softmax: (e) => `F.softmax(${e}, dim=1)`,
  // Only as a Conv2D/Dense param, where Keras's default slope applies; the Activation kind writes LeakyReLU.
  leaky_relu: (e) => `F.leaky_relu(${e}, ${pyNumber(KERAS_LEAKY_ALPHA)})`,
  elu: (e) => `F.elu(${e})`,
  // Exact (erf) GELU, as tfjs and Keras compute it (PyTorch's default approximate='none').
  gelu: (e) => `F.gelu(${e})`,
  selu: (e) => `F.selu(${e})`,
  // Keras's swish is x·sigmoid(x): PyTorch's SiLU.
  swish: (e) => `F.silu(${e})`,
  // Never reached from a Conv2D/Dense or Activation (they compile to a StrideHardSwish layer); kept exact.
  hard_swish: (e) => `F.hardswish(${e})`,
  relu6: (e) => `F.relu6(${e})`,
};

/** `F.relu(e)` etc.: the activation folded into a Conv2D/Dense, or an Activation layer's. */
export function activate(name: unknown, e: string): string {
  if (typeof name !== 'string' || !Object.hasOwn(PY_ACTIVATIONS, name))
    throw new Error(`No PyTorch for activation ${String(name)}`);
  return PY_ACTIVATIONS[name as ActivationName](e);
}

interface Pads {
  readonly t: number;
  readonly b: number;
  readonly l: number;
  readonly r: number;
}

/** The pads 'same' applies to this input (none for 'valid'; explicit pads arrive as ZeroPadding2D). */
function samePads(c: Config, p: PlannedLayer, kernelKey: string): Pads {
  if (c.padding !== 'same') return { t: 0, b: 0, l: 0, r: 0 };
  const [kh, kw] = pair(c[kernelKey]);
  const [sh, sw] = pair(c.strides);
  const [dh, dw] = c.dilationRate === undefined ? [1, 1] : pair(c.dilationRate);
  const [t, b] = axisPads('same', 0, p.inputShape[0] ?? 0, dh * (kh - 1) + 1, sh);
  const [l, r] = axisPads('same', 1, p.inputShape[1] ?? 0, dw * (kw - 1) + 1, sw);
  return { t, b, l, r };
}

const symmetric = (p: Pads) => p.t === p.b && p.l === p.r;
const none = (p: Pads) => p.t + p.b + p.l + p.r === 0;
const padArg = (p: Pads) => (p.t === p.l ? `${p.t}` : `(${p.t}, ${p.l})`);
const fpad = (e: string, p: Pads, value?: string) =>
  `F.pad(${e}, (${p.l}, ${p.r}, ${p.t}, ${p.b})${value === undefined ? '' : `, value=${value}`})`;

function windowArgs(c: Config, kernelKey: string, pads: Pads | null): string {
  const args = [size(c[kernelKey])];
  const stride = size(c.strides);
  args.push(`stride=${stride}`);
  if (pads !== null && !none(pads)) args.push(`padding=${padArg(pads)}`);
  return args.join(', ');
}

function conv(c: Config, p: PlannedLayer, channels: string | null, depthwise = false): PyLayer {
  const pads = samePads(c, p, 'kernelSize');
  const inline = symmetric(pads);
  const inChannels = channels ?? `${p.inputShape[2]}`;
  // A depthwise convolution is PyTorch's groups = C: C·M filters, each on its own channel.
  const m = depthwise ? (c.depthMultiplier as number) : 1;
  const filters = depthwise
    ? channels === null
      ? `${(p.inputShape[2] ?? 0) * m}`
      : m === 1
        ? channels
        : `(${channels}) * ${m}`
    : `${c.filters as number}`;
  const args = [inChannels, filters, `kernel_size=${size(c.kernelSize)}`];
  if (size(c.strides) !== '1') args.push(`stride=${size(c.strides)}`);
  if (inline && !none(pads)) args.push(`padding=${padArg(pads)}`);
  if (size(c.dilationRate) !== '1') args.push(`dilation=${size(c.dilationRate)}`);
  const groups = (c.groups as number | undefined) ?? 1;
  if (depthwise) args.push(`groups=${inChannels}`);
  else if (groups !== 1) args.push(`groups=${groups}`);
  if (c.useBias !== true) args.push('bias=False');
  return {
    module: `nn.Conv2d(${args.join(', ')})`,
    setup: [],
    weights: depthwise ? 'depthwise' : 'conv',
    expression: (self, [x = 'x']) => activate(c.activation, `${self}(${inline ? x : fpad(x, pads)})`),
  };
}

/** The crop per side and the rows given back, per axis, of either transposed-convolution class. */
function transposeAxes(c: Config, p: PlannedLayer, custom: boolean): readonly [TransposeAxis, TransposeAxis] {
  let padding: TransposePadding = c.padding as 'valid' | 'same';
  let outputPadding: readonly [number, number] = [0, 0];
  if (custom) {
    const [[t, b], [l, r]] = c.padding as [[number, number], [number, number]];
    padding = [t, b, l, r];
    outputPadding = pair(c.outputPadding);
  }
  const spec = {
    kernel: pair(c.kernelSize),
    stride: pair(c.strides),
    dilation: custom ? pair(c.dilationRate) : ([1, 1] as const),
    padding,
    outputPadding,
  };
  return [transposeAxis(spec, 0, p.inputShape[0] ?? 0), transposeAxis(spec, 1, p.inputShape[1] ?? 0)];
}

/**
 * nn.ConvTranspose2d crops P on both sides and gives output_padding rows back at the end. Stride's crop may be
 * uneven (TensorFlow's 'same' puts the odd row at the bottom), so the module crops the smaller side,
 * output_padding covers what must come back past the larger one, and a slice cuts the rest. Rows past the
 * full output hold the bias only, in both frameworks. The weight is [C, F, FH, FW], the Keras kernel
 * [FH, FW, F, C] permuted (3, 2, 0, 1): the same port as a convolution's.
 */
function convTranspose(c: Config, p: PlannedLayer, channels: string | null, custom: boolean): PyLayer {
  const plan = transposeAxes(c, p, custom).map((a) => {
    const crop = Math.min(a.before, a.after);
    const give = Math.max(0, a.extra - (a.after - crop));
    return { crop, give, start: a.before - crop, length: a.full - 2 * crop + give, out: a.out };
  });
  const [h, w] = plan as [(typeof plan)[number], (typeof plan)[number]];
  const two = (a: number, b: number) => (a === b ? `${a}` : `(${a}, ${b})`);
  const args = [
    channels ?? `${p.inputShape[2]}`,
    `${c.filters as number}`,
    `kernel_size=${size(c.kernelSize)}`,
  ];
  if (size(c.strides) !== '1') args.push(`stride=${size(c.strides)}`);
  if (h.crop + w.crop > 0) args.push(`padding=${two(h.crop, w.crop)}`);
  if (h.give + w.give > 0) args.push(`output_padding=${two(h.give, w.give)}`);
  if (custom && size(c.dilationRate) !== '1') args.push(`dilation=${size(c.dilationRate)}`);
  if (c.useBias !== true) args.push('bias=False');
  const sliced = h.start !== 0 || h.length !== h.out || w.start !== 0 || w.length !== w.out;
  const cut = (e: string) =>
    sliced ? `${e}[:, :, ${h.start}:${h.start + h.out}, ${w.start}:${w.start + w.out}]` : e;
  return {
    module: `nn.ConvTranspose2d(${args.join(', ')})`,
    setup: [],
    weights: 'conv',
    expression: (self, [x = 'x']) => activate(c.activation, cut(`${self}(${x})`)),
  };
}

/** Nearest repeats each pixel (exact); bilinear calls the file's helper with tfjs's sampling (i/s). */
function upSampling(c: Config): PyLayer {
  const [sh, sw] = pair(c.size);
  if (c.interpolation === 'bilinear') {
    return {
      module: null,
      setup: [],
      bilinearHelper: true,
      expression: (_s, [x = 'x']) => `_upsample_bilinear(${x}, ${sh}, ${sw})`,
    };
  }
  const rows = (e: string) => (sh === 1 ? e : `${e}.repeat_interleave(${sh}, dim=2)`);
  const cols = (e: string) => (sw === 1 ? e : `${e}.repeat_interleave(${sw}, dim=3)`);
  return { module: null, setup: [], expression: (_s, [x = 'x']) => cols(rows(x)) };
}

function maxPool(c: Config, p: PlannedLayer, negate: boolean): PyLayer {
  const pads = samePads(c, p, 'poolSize');
  const inline = symmetric(pads);
  const args = windowArgs(c, 'poolSize', inline ? pads : null);
  // Max pooling ignores padded cells (PyTorch and TensorFlow alike): pad with −inf where F.pad must do it.
  const padded = (x: string) => (inline ? x : fpad(x, pads, "float('-inf')"));
  if (negate) {
    return {
      module: null,
      setup: [],
      expression: (_s, [x = 'x']) => `-F.max_pool2d(${padded(`-${x}`)}, ${args})`,
    };
  }
  return {
    module: `nn.MaxPool2d(${args})`,
    setup: [],
    expression: (self, [x = 'x']) => `${self}(${padded(x)})`,
  };
}

/**
 * StridePool2D is PyTorch's own pooling: nn.MaxPool2d(padding=P, ceil_mode=…) as such where PyTorch can say it
 * (max, padding that never wins or none, symmetric and at most half the window); otherwise the padding spelled
 * out with F.pad (zeros or ±∞, then ceil mode's overhang as ±∞) before a floor-mode window.
 */
function pytorchPool(c: Config, p: PlannedLayer): PyLayer {
  const [kh, kw] = pair(c.poolSize);
  const [t, b, l, r] = c.pads as readonly [number, number, number, number];
  const min = c.mode === 'min';
  const ceil = c.ceilMode === true;
  const ignore = c.ignorePadding === true || t + b + l + r === 0;
  const window = `${size(c.poolSize)}, stride=${size(c.strides)}`;
  if (!min && ignore && t === b && l === r && 2 * t <= kh && 2 * l <= kw) {
    const padding = t + l === 0 ? '' : `, padding=${t === l ? t : `(${t}, ${l})`}`;
    return {
      module: `nn.MaxPool2d(${window}${padding}${ceil ? ', ceil_mode=True' : ''})`,
      setup: [],
      expression: (self, [x = 'x']) => `${self}(${x})`,
    };
  }
  const [sh, sw] = pair(c.strides);
  const overhang = (n: number, k: number, s: number, before: number, after: number) => {
    if (!ceil) return 0;
    const span = n + before + after - k;
    let out = Math.ceil(span / s) + 1;
    if (out > 1 && (out - 1) * s >= n + before) out -= 1;
    return Math.max(0, (out - 1) * s + k - (n + before + after));
  };
  const eh = overhang(p.inputShape[0] ?? 0, kh, sh, t, b);
  const ew = overhang(p.inputShape[1] ?? 0, kw, sw, l, r);
  const inf = "float('-inf')";
  return {
    module: null,
    setup: [],
    expression: (_s, [x = 'x']) => {
      let e = min ? `-${x}` : x;
      if (t + b + l + r > 0) e = fpad(e, { t, b, l, r }, ignore ? inf : undefined);
      if (eh + ew > 0) e = fpad(e, { t: 0, b: eh, l: 0, r: ew }, inf);
      const pooled = `F.max_pool2d(${e}, ${window})`;
      return min ? `-${pooled}` : pooled;
    },
  };
}

function avgPool(c: Config, p: PlannedLayer): PyLayer {
  const pads = samePads(c, p, 'poolSize');
  if (!symmetric(pads)) {
    return {
      module: null,
      setup: [],
      avgPoolHelper: true,
      expression: (_s, [x = 'x']) =>
        `_avg_pool_same(${x}, ${size(c.poolSize)}, ${size(c.strides)}, (${pads.l}, ${pads.r}, ${pads.t}, ${pads.b}))`,
    };
  }
  // TensorFlow averages over the real pixels only: count_include_pad=False.
  const args = windowArgs(c, 'poolSize', pads) + (none(pads) ? '' : ', count_include_pad=False');
  return { module: `nn.AvgPool2d(${args})`, setup: [], expression: (self, [x = 'x']) => `${self}(${x})` };
}

function batchNorm(c: Config, p: PlannedLayer, attr: string, given: string | null): PyLayer {
  const channels = given ?? `${p.inputShape[p.inputShape.length - 1] ?? 0}`;
  const cls = p.inputShape.length === 3 ? 'nn.BatchNorm2d' : 'nn.BatchNorm1d';
  const setup: string[] = [];
  // Keras center/scale=False drop β/γ; here they stay at 0/1 and are frozen, which computes the same.
  if (c.center !== true) setup.push(`${attr}.bias.requires_grad_(False)  # Keras center=False: β stays 0`);
  if (c.scale !== true) setup.push(`${attr}.weight.requires_grad_(False)  # Keras scale=False: γ stays 1`);
  return {
    module: `${cls}(${channels}, eps=${pyNumber(c.epsilon as number)}, momentum=${pyNumber(1 - (c.momentum as number))})`,
    setup,
    weights:
      c.scale === true && c.center === true
        ? 'batchnorm'
        : c.scale === true
          ? 'batchnorm_gamma'
          : c.center === true
            ? 'batchnorm_beta'
            : 'batchnorm_stats',
    expression: (self, [x = 'x']) => `${self}(${x})`,
  };
}

function padding2d(c: Config): PyLayer {
  const [[t, b], [l, r]] = c.padding as readonly (readonly [number, number])[] as [
    [number, number],
    [number, number],
  ];
  return { module: null, setup: [], expression: (_s, [x = 'x']) => fpad(x, { t, b, l, r }) };
}

/**
 * Keras reshapes channels last: an image is read in (H, W, C) order and a new image is laid out so. On NCHW
 * tensors that is a permute to NHWC first and back after; the target is the analysed output (−1 resolved).
 */
function reshape(p: PlannedLayer): PyLayer {
  const out = p.outputShape;
  return {
    module: null,
    setup: [],
    expression: (_s, [x = 'x']) => {
      const hwc = p.inputShape.length === 3 ? `${x}.permute(0, 2, 3, 1)` : x;
      const shaped = `${hwc}.reshape(${x}.shape[0], ${out.join(', ')})`;
      return out.length === 3 ? `${shaped}.permute(0, 3, 1, 2)` : shaped;
    },
  };
}

const withoutSoftmax = (c: Config): Config =>
  c.activation === 'softmax' ? { ...c, activation: 'linear' } : c;

/**
 * The PyTorch form of a planned layer (null for the InputLayer, which each language declares its own way).
 * `channels` is how the
 * module's input channels (features, for Linear) are written when not as a number: inside a user block's
 * class they follow the `in_channels` it is constructed with.
 */
export function pyLayer(
  p: PlannedLayer,
  attr: string,
  channels: string | null = null,
  /** The network's output layer when it ends in softmax: `forward` returns the logits before it. */
  logits = false,
): PyLayer | null {
  const c = logits ? withoutSoftmax(p.layer.config) : p.layer.config;
  if (logits && (p.layer.className === 'Softmax' || p.layer.className === 'Activation'))
    return { module: null, setup: [], expression: (_s, [x = 'x']) => x };
  const simple = (expression: PyLayer['expression'], module: string | null = null): PyLayer => ({
    module,
    setup: [],
    expression,
  });
  switch (p.layer.className) {
    case 'Conv2D':
    case 'StrideGroupedConv2D':
      return conv(c, p, channels);
    case 'DepthwiseConv2D':
      return conv(c, p, channels, true);
    case 'Dense':
      return {
        module: `nn.Linear(${channels ?? p.inputShape[0]}, ${c.units as number}${c.useBias === true ? '' : ', bias=False'})`,
        setup: [],
        weights: 'dense',
        expression: (self, [x = 'x']) => activate(c.activation, `${self}(${x})`),
      };
    case 'MaxPooling2D':
      return maxPool(c, p, false);
    case 'StrideMinPool2D':
      return maxPool(c, p, true);
    case 'StridePool2D':
      return pytorchPool(c, p);
    case 'AveragePooling2D':
      return avgPool(c, p);
    case 'GlobalAveragePooling2D':
      return simple((_s, [x = 'x']) => `${x}.mean(dim=(2, 3))`);
    case 'GlobalMaxPooling2D':
      return simple((_s, [x = 'x']) => `${x}.amax(dim=(2, 3))`);
    case 'ZeroPadding2D':
      return padding2d(c);
    case 'Conv2DTranspose':
      return convTranspose(c, p, channels, false);
    case 'StrideConv2DTranspose':
      return convTranspose(c, p, channels, true);
    case 'UpSampling2D':
      return upSampling(c);
    case 'Flatten':
      // Keras flattens channels-last (H, W, C); permuting first keeps that order, so Dense weights port as is.
      return simple((_s, [x = 'x']) =>
        p.inputShape.length === 3 ? `${x}.permute(0, 2, 3, 1).flatten(1)` : `${x}.flatten(1)`,
      );
    case 'Dropout':
      return simple((self, [x = 'x']) => `${self}(${x})`, `nn.Dropout(p=${pyNumber(c.rate as number)})`);
    case 'BatchNormalization':
      return batchNorm(c, p, attr, channels);
    case 'Activation':
      return simple((_s, [x = 'x']) => activate(c.activation, x));
    case 'LeakyReLU':
      return simple((_s, [x = 'x']) => `F.leaky_relu(${x}, ${pyNumber(c.alpha as number)})`);
    case 'StrideHardSwish':
      return simple((_s, [x = 'x']) => `F.hardswish(${x})`);
    case 'Softmax':
      return simple((_s, [x = 'x']) => `F.softmax(${x}, dim=1)`);
    case 'Add':
      return simple((_s, xs) => xs.join(' + '));
    case 'Multiply':
      // NCHW: a 1×1×C scale is [N, C, 1, 1] and broadcasts over H×W as in Keras.
      return simple((_s, xs) => xs.join(' * '));
    case 'Reshape':
      return reshape(p);
    case 'Concatenate':
      return simple((_s, xs) => `torch.cat([${xs.join(', ')}], dim=1)`);
    case 'StrideLRN': {
      // PyTorch divides α by the window size itself, as the paper does; the tfjs config holds α/n.
      const n = 2 * (c.depthRadius as number) + 1;
      const alpha = pyNumber((c.alpha as number) * n);
      return simple(
        (self, [x = 'x']) => `${self}(${x})`,
        `nn.LocalResponseNorm(${n}, alpha=${alpha}, beta=${pyNumber(c.beta as number)}, k=${pyNumber(c.bias as number)})`,
      );
    }
    case 'InputLayer':
      return null;
    default:
      return assertNever(p.layer.className, 'Keras class');
  }
}
