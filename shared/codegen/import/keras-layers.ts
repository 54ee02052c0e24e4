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
  return (ACTIVATIONS as readonly string[]).includes(v) && v !== 'leaky_relu' ? (v as ActivationName) : null;
}

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

/** Classes Stride reads but never writes: each becomes a kind that compiles to another class. */
type ImportOnlyClassName = 'ReLU' | 'ELU';

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
  Conv2D: (c) => {
    channelsLast(c);
    if ((get(c, 'groups') ?? 1) !== 1)
      throw new Unsupported(
        ImportIssueCode.unsupportedOption,
        'grouped convolutions (groups > 1) are not available',
      );
    const act = activation(c);
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
  GlobalAveragePooling2D: (c) => globalPool('globalavgpool', c),
  GlobalMaxPooling2D: (c) => globalPool('globalmaxpool', c),
  ZeroPadding2D: zeroPadding,
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
    if ((get(c, 'max_value') ?? null) !== null || float(c, 'threshold', 0) !== 0) {
      throw new Unsupported(
        ImportIssueCode.unsupportedOption,
        'ReLU with max_value or threshold is not available',
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
  Softmax: (c) => node('softmax', {}, { axis: axisOf(c, -1) }),
  Add: () => node('add', {}),
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
