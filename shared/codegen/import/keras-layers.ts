import type { ActivationName } from '../../layers/common/params';
import type { KerasClassName } from '../../layers/keras-classes';
import type { LayerKind } from '../../layers/types';
import type { RawLayer, RawRecord } from './source';
import { ACTIVATIONS } from '../../layers/common/params';

/**
 * One Keras/tfjs layer → one Stride node, or the reason it cannot be one. Values are checked here (a kernel
 * size of "3", a negative rate, an object where a number belongs give a coded reason naming the key); the
 * catalog's zod schemas check the ranges again when the graph is analysed.
 */
export const ImportIssueCode = {
  unsupportedLayer: 'IMPORT_UNSUPPORTED_LAYER',
  lambda: 'IMPORT_LAMBDA_LAYER',
  unsupportedActivation: 'IMPORT_UNSUPPORTED_ACTIVATION',
  unsupportedOption: 'IMPORT_UNSUPPORTED_OPTION',
  badValue: 'IMPORT_BAD_VALUE',
  axis: 'IMPORT_UNSUPPORTED_AXIS',
} as const;

export type Mapped =
  | {
      readonly kind: 'node';
      readonly nodeKind: LayerKind;
      readonly params: Record<string, unknown>;
      /** An axis the layer works on, checked once shapes are known (Stride works on the last axis). */
      readonly axis?: number | undefined;
      /** A non-fatal difference, e.g. an activation Stride lacks, imported as linear. */
      readonly note?: { readonly code: string; readonly message: string } | undefined;
    }
  | { readonly kind: 'input'; readonly shape: readonly (number | null)[] }
  | { readonly kind: 'unsupported'; readonly code: string; readonly message: string };

class BadValue extends Error {}

const get = (c: RawRecord, key: string): unknown => c.get(key);

function int(c: RawRecord, key: string, fallback?: number): number {
  const v = get(c, key) ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) {
    throw new BadValue(`${key} must be a whole number, not ${JSON.stringify(v)?.slice(0, 40)}`);
  }
  return v;
}

function float(c: RawRecord, key: string, fallback?: number): number {
  const v = get(c, key) ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadValue(`${key} must be a number`);
  return v;
}

function bool(c: RawRecord, key: string, fallback: boolean): boolean {
  const v = get(c, key) ?? fallback;
  if (typeof v !== 'boolean') throw new BadValue(`${key} must be true or false`);
  return v;
}

/** An int or a pair of ints (kernel, strides, pool size); `[a, a]` becomes `a`. */
function size2(c: RawRecord, key: string, fallback?: number | readonly number[]): number | [number, number] {
  const v = get(c, key) ?? fallback;
  const ok = (n: unknown): n is number =>
    typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 1_000_000;
  if (ok(v)) return v;
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return v[0] === v[1] ? v[0] : [v[0], v[1]];
  throw new BadValue(`${key} must be a positive whole number or a pair of them`);
}

function padding(c: RawRecord): 'valid' | 'same' {
  const v = get(c, 'padding') ?? 'valid';
  if (v === 'valid' || v === 'same') return v;
  throw new BadValue(`padding '${String(v).slice(0, 20)}' is not 'valid' or 'same'`);
}

/** tfjs-layers and Keras activation spellings → Stride's; null for one Stride lacks. */
function activationName(v: unknown): ActivationName | null {
  if (v === undefined || v === null || v === 'linear') return 'linear';
  if (typeof v !== 'string') {
    // Keras 3 may serialise an activation as {class_name, config}; only plain names are understood.
    throw new BadValue('activation must be a name');
  }
  const name = KERAS_SPELLINGS[v] ?? v;
  return (ACTIVATIONS as readonly string[]).includes(name) && name !== 'leaky_relu'
    ? (name as ActivationName)
    : null;
}

/** Keras 3's names for activations Stride calls otherwise (swish is silu there, hard_swish hard_silu). */
const KERAS_SPELLINGS: Readonly<Record<string, ActivationName>> = { silu: 'swish', hard_silu: 'hard_swish' };

function activation(c: RawRecord): { activation: ActivationName; note?: { code: string; message: string } } {
  const v = get(c, 'activation');
  const name = activationName(v);
  if (name !== null) return { activation: name };
  return {
    activation: 'linear',
    note: {
      code: ImportIssueCode.unsupportedActivation,
      message: `activation '${String(v).slice(0, 30)}' is not available in Stride; imported as linear`,
    },
  };
}

function channelsLast(c: RawRecord): void {
  const f = get(c, 'data_format');
  if (f !== undefined && f !== null && f !== 'channels_last') {
    throw new Unsupported(
      ImportIssueCode.unsupportedOption,
      `data_format '${String(f)}': Stride works channels-last`,
    );
  }
}

class Unsupported extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const node = (nodeKind: LayerKind, params: Record<string, unknown>, extra: Partial<Mapped> = {}): Mapped =>
  ({ kind: 'node', nodeKind, params, ...extra }) as Mapped;

/** A single axis (-1, 3, [3], …) or throws. */
function axisOf(c: RawRecord, fallback: number): number {
  const v = get(c, 'axis') ?? fallback;
  const one = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (typeof one !== 'number' || !Number.isInteger(one)) {
    throw new Unsupported(
      ImportIssueCode.axis,
      `axis ${JSON.stringify(v)?.slice(0, 30)}: Stride works on one axis, the last`,
    );
  }
  return one;
}

function pool(kind: LayerKind, c: RawRecord): Mapped {
  channelsLast(c);
  const size = size2(c, 'pool_size', 2);
  const strides = get(c, 'strides');
  return node(kind, {
    size,
    stride: strides === null || strides === undefined ? size : size2(c, 'strides'),
    padding: padding(c),
  });
}

function globalPool(kind: LayerKind, c: RawRecord): Mapped {
  channelsLast(c);
  if (get(c, 'keepdims') === true)
    throw new Unsupported(ImportIssueCode.unsupportedOption, 'keepdims=True is not available');
  return node(kind, {});
}

function zeroPadding(c: RawRecord): Mapped {
  channelsLast(c);
  const v = get(c, 'padding') ?? 1;
  const n = (x: unknown): x is number =>
    typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 16_384;
  if (n(v)) return node('zeropadding2d', { padding: v });
  if (Array.isArray(v) && v.length === 2 && n(v[0]) && n(v[1]))
    return node('zeropadding2d', { padding: [v[0], v[0], v[1], v[1]] });
  if (Array.isArray(v) && v.length === 2 && Array.isArray(v[0]) && Array.isArray(v[1])) {
    const [t, b] = v[0] as unknown[];
    const [l, r] = v[1] as unknown[];
    if (n(t) && n(b) && n(l) && n(r)) return node('zeropadding2d', { padding: [t, b, l, r] });
  }
  throw new BadValue('padding must be P, [rows, cols] or [[top, bottom], [left, right]]');
}

type Mapper = (c: RawRecord) => Mapped;

function convTranspose(c: RawRecord): Mapped {
  channelsLast(c);
  const op = get(c, 'output_padding') ?? null;
  const pad = padding(c);
  const act = activation(c);
  const params = {
    filters: int(c, 'filters'),
    kernel: size2(c, 'kernel_size'),
    stride: size2(c, 'strides', 1),
    padding: pad as 'valid' | 'same' | number,
    outputPadding: 0 as number | [number, number],
    dilation: size2(c, 'dilation_rate', 1),
    activation: act.activation,
    useBias: bool(c, 'use_bias', true),
  };
  if (op !== null) {
    // Keras's output_padding re-derives the crop; 'valid' crops nothing, so it is PyTorch's P = 0.
    if (pad === 'same')
      throw new Unsupported(
        ImportIssueCode.unsupportedOption,
        "output_padding with padding 'same' is not available (give it as padding P in Stride)",
      );
    params.padding = 0;
    params.outputPadding = nonNegativePair(op, 'output_padding');
  }
  return node('conv2dtranspose', params, { note: act.note });
}

const nonNegative = (x: unknown): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 16_384;

function nonNegativePair(v: unknown, key: string): number | [number, number] {
  if (nonNegative(v)) return v;
  if (Array.isArray(v) && v.length === 2 && nonNegative(v[0]) && nonNegative(v[1]))
    return v[0] === v[1] ? v[0] : [v[0], v[1]];
  throw new BadValue(`${key} must be a whole number ≥ 0 or a pair of them`);
}

/**
 * Stride's own transposed convolution: crops per side and the rows given back. A dilated layer whose crops
 * are what Keras's 'valid'/'same' give (they depend on K_eff and S only) reads back as that mode; otherwise
 * the crops are PyTorch's P (or [t, b, l, r]) with the output padding.
 */
function strideConvTranspose(c: RawRecord): Mapped {
  const act = activation(c);
  const kernel = size2(c, 'kernel_size');
  const stride = size2(c, 'strides', 1);
  const dilation = size2(c, 'dilation_rate', 1);
  const crops = get(c, 'padding');
  const pads =
    Array.isArray(crops) && crops.length === 2 && Array.isArray(crops[0]) && Array.isArray(crops[1])
      ? [...(crops[0] as unknown[]), ...(crops[1] as unknown[])]
      : [];
  if (pads.length !== 4 || !pads.every(nonNegative))
    throw new BadValue('padding must be [[top, bottom], [left, right]]');
  const [t, b, l, r] = pads as [number, number, number, number];
  const op = nonNegativePair(get(c, 'output_padding') ?? 0, 'output_padding');
  const [oh, ow] = typeof op === 'number' ? [op, op] : op;
  const pair = (v: number | [number, number]) => (typeof v === 'number' ? [v, v] : v);
  const mode = (['valid', 'same'] as const).find((m) =>
    [0, 1].every((i) => {
      const k = (pair(dilation)[i] ?? 1) * ((pair(kernel)[i] ?? 1) - 1) + 1;
      const s = pair(stride)[i] ?? 1;
      const total = Math.max(k - s, 0);
      const before = m === 'same' ? Math.floor(total / 2) : 0;
      const after = m === 'same' ? total - before : 0;
      const got = i === 0 ? [t, b, oh] : [l, r, ow];
      return got[0] === before && got[1] === after && got[2] === Math.max(s - k, 0);
    }),
  );
  const dilated = pair(dilation).some((d) => d !== 1);
  const explicit = t === b && t === l && t === r ? t : [t, b, l, r];
  return node(
    'conv2dtranspose',
    {
      filters: int(c, 'filters'),
      kernel,
      stride,
      padding: dilated && mode !== undefined ? mode : explicit,
      outputPadding: dilated && mode !== undefined ? 0 : op,
      dilation,
      activation: act.activation,
      useBias: bool(c, 'use_bias', true),
    },
    { note: act.note },
  );
}

function upSampling(c: RawRecord): Mapped {
  channelsLast(c);
  const interpolation = get(c, 'interpolation') ?? 'nearest';
  if (interpolation !== 'nearest' && interpolation !== 'bilinear')
    throw new Unsupported(
      ImportIssueCode.unsupportedOption,
      `interpolation '${String(interpolation).slice(0, 20)}' is not available (nearest or bilinear)`,
    );
  return node('upsampling2d', { size: size2(c, 'size', 2), interpolation });
}

/** tfjs-layers 4.22 builds a DepthwiseConv2D without its dilation: Stride's depthwise kinds have none. */
function noDilation(c: RawRecord): void {
  if (size2(c, 'dilation_rate', 1) !== 1)
    throw new Unsupported(
      ImportIssueCode.unsupportedOption,
      'a dilated depthwise convolution is not available (tfjs builds it without its dilation)',
    );
}

/** Keras's Conv2D (with `groups` since TF 2.3) and Stride's own grouped class read alike. */
function conv(c: RawRecord): Mapped {
  channelsLast(c);
  const act = activation(c);
  const groups = int(c, 'groups', 1);
  if (groups < 1) throw new BadValue('groups must be at least 1');
  return node(
    'conv2d',
    {
      filters: int(c, 'filters'),
      kernel: size2(c, 'kernel_size'),
      stride: size2(c, 'strides', 1),
      padding: padding(c),
      dilation: size2(c, 'dilation_rate', 1),
      activation: act.activation,
      useBias: bool(c, 'use_bias', true),
      groups,
    },
    { note: act.note },
  );
}

/** Classes Stride reads but never writes: each becomes a kind that compiles to another class. */
type ImportOnlyClassName = 'ReLU' | 'ELU' | 'SeparableConv2D';

/**
 * How each class becomes a node. Every class a kind compiles to is here (what Stride exports, it imports),
 * plus the import-only ones.
 */
const MAPPERS: Readonly<Record<KerasClassName | ImportOnlyClassName, Mapper>> = {
  InputLayer: (c) => {
    const shape = get(c, 'batch_input_shape') ?? get(c, 'batch_shape');
    if (!Array.isArray(shape)) throw new BadValue('an InputLayer needs batch_input_shape');
    return { kind: 'input', shape: shape.map((d) => (typeof d === 'number' ? d : null)) };
  },
  Conv2D: (c) => conv(c),
  StrideGroupedConv2D: (c) => conv(c),
  DepthwiseConv2D: (c) => {
    channelsLast(c);
    noDilation(c);
    const act = activation(c);
    return node(
      'depthwiseconv2d',
      {
        kernel: size2(c, 'kernel_size'),
        stride: size2(c, 'strides', 1),
        padding: padding(c),
        depthMultiplier: int(c, 'depth_multiplier', 1),
        activation: act.activation,
        useBias: bool(c, 'use_bias', true),
      },
      { note: act.note },
    );
  },
  SeparableConv2D: (c) => {
    channelsLast(c);
    noDilation(c);
    const act = activation(c);
    return node(
      'separableconv2d',
      {
        filters: int(c, 'filters'),
        kernel: size2(c, 'kernel_size'),
        stride: size2(c, 'strides', 1),
        padding: padding(c),
        depthMultiplier: int(c, 'depth_multiplier', 1),
        activation: act.activation,
        useBias: bool(c, 'use_bias', true),
      },
      { note: act.note },
    );
  },
  Dense: (c) => {
    const act = activation(c);
    return node(
      'dense',
      { units: int(c, 'units'), activation: act.activation, useBias: bool(c, 'use_bias', true) },
      { note: act.note },
    );
  },
  MaxPooling2D: (c) => pool('maxpool2d', c),
  AveragePooling2D: (c) => pool('avgpool2d', c),
  StrideMinPool2D: (c) => pool('minpool2d', c),
  StridePool2D: (c) => {
    const mode = get(c, 'mode');
    if (mode !== 'max' && mode !== 'min') throw new BadValue("mode must be 'max' or 'min'");
    const pads = get(c, 'pads');
    const n = (x: unknown): x is number =>
      typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 16_384;
    if (!Array.isArray(pads) || pads.length !== 4 || !pads.every(n))
      throw new BadValue('pads must be [top, bottom, left, right]');
    const [t, b, l, r] = pads as [number, number, number, number];
    return node(mode === 'max' ? 'maxpool2d' : 'minpool2d', {
      size: size2(c, 'pool_size'),
      stride: size2(c, 'strides'),
      padding: t + b + l + r === 0 ? 'valid' : t === b && b === l && l === r ? t : [t, b, l, r],
      ceilMode: bool(c, 'ceil_mode', false),
      ignorePadding: bool(c, 'ignore_padding', false),
    });
  },
  GlobalAveragePooling2D: (c) => globalPool('globalavgpool', c),
  GlobalMaxPooling2D: (c) => globalPool('globalmaxpool', c),
  ZeroPadding2D: zeroPadding,
  Conv2DTranspose: convTranspose,
  StrideConv2DTranspose: strideConvTranspose,
  UpSampling2D: upSampling,
  Flatten: (c) => (channelsLast(c), node('flatten', {})),
  Dropout: (c) => node('dropout', { rate: float(c, 'rate') }),
  BatchNormalization: (c) =>
    node(
      'batchnorm',
      {
        momentum: float(c, 'momentum', 0.99),
        epsilon: float(c, 'epsilon', 0.001),
        center: bool(c, 'center', true),
        scale: bool(c, 'scale', true),
      },
      { axis: axisOf(c, -1) },
    ),
  Activation: (c) => {
    const v = get(c, 'activation');
    if (v === 'leaky_relu') return node('activation', { activation: 'leaky_relu', alpha: 0.2 });
    const name = activationName(v);
    if (name === null)
      throw new Unsupported(
        ImportIssueCode.unsupportedActivation,
        `activation '${String(v).slice(0, 30)}' is not available`,
      );
    return node('activation', { activation: name, alpha: 0.3 });
  },
  ReLU: (c) => {
    const slope = float(c, 'negative_slope', 0);
    const max = get(c, 'max_value') ?? null;
    // MobileNet's ReLU(6.): Stride's relu6.
    if (max === 6 && slope === 0 && float(c, 'threshold', 0) === 0)
      return node('activation', { activation: 'relu6', alpha: 0.3 });
    if (max !== null || float(c, 'threshold', 0) !== 0) {
      throw new Unsupported(
        ImportIssueCode.unsupportedOption,
        'ReLU with a threshold, or a max_value other than 6 (ReLU6), is not available',
      );
    }
    return node(
      'activation',
      slope === 0 ? { activation: 'relu', alpha: 0.3 } : { activation: 'leaky_relu', alpha: slope },
    );
  },
  LeakyReLU: (c) =>
    node('activation', {
      activation: 'leaky_relu',
      alpha: float(c, get(c, 'negative_slope') !== undefined ? 'negative_slope' : 'alpha', 0.3),
    }),
  ELU: (c) => {
    if (float(c, 'alpha', 1) !== 1)
      throw new Unsupported(
        ImportIssueCode.unsupportedOption,
        'ELU with alpha ≠ 1 is not available (tfjs builds only α = 1)',
      );
    return node('activation', { activation: 'elu', alpha: 0.3 });
  },
  StrideHardSwish: () => node('activation', { activation: 'hard_swish', alpha: 0.3 }),
  Softmax: (c) => node('softmax', {}, { axis: axisOf(c, -1) }),
  Add: () => node('add', {}),
  Multiply: () => node('multiply', {}),
  Reshape: (c) => {
    const v = get(c, 'target_shape');
    const dim = (d: unknown): d is number =>
      typeof d === 'number' && Number.isInteger(d) && (d === -1 || (d >= 1 && d <= 1_000_000));
    if (!Array.isArray(v) || !v.every(dim))
      throw new BadValue('target_shape must be a list of positive whole numbers (one may be −1)');
    if (v.length !== 1 && v.length !== 3)
      throw new Unsupported(
        ImportIssueCode.unsupportedOption,
        `Reshape to rank ${v.length} ([${v.join(', ')}]): Stride's tensors are vectors [N] or images [H, W, C]`,
      );
    return node('reshape', { shape: v });
  },
  Concatenate: (c) => node('concatenate', {}, { axis: axisOf(c, -1) }),
  StrideLRN: (c) => {
    const radius = int(c, 'depth_radius', 2);
    const size = 2 * radius + 1;
    return node('lrn', {
      size,
      alpha: Number((float(c, 'alpha', 1) * size).toPrecision(15)),
      beta: float(c, 'beta', 0.5),
      k: float(c, 'bias', 1),
    });
  },
};

export function mapLayer(layer: RawLayer): Mapped {
  if (layer.className === 'Lambda') {
    return {
      kind: 'unsupported',
      code: ImportIssueCode.lambda,
      message: 'Lambda layers hold Python code, which Stride never runs',
    };
  }
  const mapper = Object.hasOwn(MAPPERS, layer.className)
    ? MAPPERS[layer.className as keyof typeof MAPPERS]
    : undefined;
  if (mapper === undefined) {
    return {
      kind: 'unsupported',
      code: ImportIssueCode.unsupportedLayer,
      message: `Stride has no ${layer.className.slice(0, 60)} layer`,
    };
  }
  try {
    return mapper(layer.config);
  } catch (error) {
    if (error instanceof Unsupported)
      return { kind: 'unsupported', code: error.code, message: error.message };
    if (error instanceof BadValue)
      return { kind: 'unsupported', code: ImportIssueCode.badValue, message: error.message };
    throw error;
  }
}
