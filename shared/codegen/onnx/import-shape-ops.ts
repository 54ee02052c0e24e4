import type { OnnxNode } from './model';
import type { TensorValue } from './import-context';
import type { Walk } from './import-walk';
import type { Pads } from './import-padding';
import { constNumbers, intAttr, intsAttr, stringAttr } from './import-context';
import { isZero, nodePads, pair2 } from './import-padding';
import { strideKindDoc } from './emitter';

type Handler = (w: Walk, node: OnnxNode) => void;

/** A zero Pad folded into the window op reading it: that op takes `input` and adds `pads` to its own. */
export interface PendingPad {
  readonly input: TensorValue;
  readonly pads: Pads;
  readonly label: string;
}

const pending = new WeakMap<Walk, Map<string, PendingPad>>();

/** The Pad folded into the reader of `value`, taken once (undefined when there is none). */
export function takePendingPad(w: Walk, value: string): PendingPad | undefined {
  const map = pending.get(w);
  const pad = map?.get(value);
  map?.delete(value);
  return pad;
}

const describe = (x: TensorValue) =>
  x.layout === 'vector' ? `[N, ${x.shape[0]}]` : `a rank-4 tensor (${x.layout}, ${x.shape.join('×')})`;

/** The window op after a Pad takes the zeros into its own padding when its own pads are zero (a Conv: any). */
function foldsPad(w: Walk, pad: OnnxNode, reader: OnnxNode | null, input: TensorValue): boolean {
  if (reader === null) return false;
  // Stride's exporter writes a pooling's zero padding as `<layer>/pad` (min pooling: before `<layer>/neg`);
  // any other Pad of its files is a ZeroPadding2D layer of its own.
  const owner = reader.name.endsWith('/neg') ? reader.name.slice(0, -'/neg'.length) : reader.name;
  if (w.facts.fromStride && pad.name !== `${owner}/pad`) return false;
  const ownPadsZero = (n: OnnxNode) => {
    const k = pair2(intsAttr(n, 'kernel_shape'), 1) ?? [1, 1];
    const p = nodePads(n, input.shape, { kernel: k, stride: [1, 1], dilation: [1, 1] });
    return (
      typeof p !== 'string' && isZero(p) && stringAttr(n, 'auto_pad', 'NOTSET').toLowerCase() !== 'same_upper'
    );
  };
  if (reader.opType === 'Conv') return true;
  if (reader.opType === 'MaxPool' || reader.opType === 'AveragePool') return ownPadsZero(reader);
  if (reader.opType === 'Neg') {
    const pool = w.soleReader(reader.outputs[0] ?? '');
    return pool?.opType === 'MaxPool' && ownPadsZero(pool);
  }
  return false;
}

function pad(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  if (x.layout !== 'nchw')
    return w.refuse(node, 'ONNX_UNSUPPORTED_SHAPE', `Pad of ${describe(x)}: Stride pads images`);
  const mode = stringAttr(node, 'mode', 'constant');
  if (mode !== 'constant')
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', `${mode} padding: Stride pads with zeros`);
  let pads: readonly number[] | null;
  let value: number;
  if (w.facts.opset >= 11) {
    const p = w.constant(node, 1, 'pads');
    if (p === null) return;
    pads = constNumbers(p.tensor);
    const v = w.optionalConstant(node, 2);
    if (v === null) return void w.constant(node, 2, 'constant value');
    value = v === undefined ? 0 : (constNumbers(v.tensor)?.[0] ?? Number.NaN);
    if ((node.inputs[3] ?? '') !== '') return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', 'Pad with axes');
  } else {
    pads = intsAttr(node, 'pads');
    const v = node.attributes.find((a) => a.name === 'value');
    value = v?.type === 'float' ? v.value : 0;
  }
  if (value !== 0)
    return w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', `padding with ${value}: Stride pads with zeros`);
  if (
    pads === null ||
    pads.length !== 8 ||
    pads.some((p) => p < 0) ||
    pads[0] !== 0 ||
    pads[1] !== 0 ||
    pads[4] !== 0 ||
    pads[5] !== 0
  ) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      `pads [${pads?.join(', ') ?? '?'}]: Stride pads rows and columns (not the batch or the channels, never negative)`,
    );
  }
  const [t, l, b, r] = [pads[2], pads[3], pads[6], pads[7]] as [number, number, number, number];
  const out = node.outputs[0] as string;
  if (foldsPad(w, node, w.soleReader(out), x)) {
    const map = pending.get(w) ?? new Map<string, PendingPad>();
    pending.set(w, map);
    map.set(out, { input: x, pads: [t, b, l, r], label: w.label(node) });
    return;
  }
  w.addLayer(node, {
    kind: 'zeropadding2d',
    params: { padding: t === b && b === l && l === r ? t : [t, b, l, r] },
    inputs: [x],
    layout: 'nchw',
    nonNegative: x.nonNegative,
  });
}

/** Flatten (or a Reshape to [N, −1]) of a value, by how it lies. */
function flattenValue(w: Walk, node: OnnxNode, x: TensorValue): void {
  const out = node.outputs[0] as string;
  switch (x.layout) {
    case 'pooled':
      // [N, C, 1, 1] → [N, C]: Stride's global pooling already gives the vector.
      return w.alias(out, { ...x, layout: 'vector', chw: null });
    case 'vector':
      w.addLayer(node, {
        kind: 'flatten',
        params: {},
        inputs: [x],
        layout: 'vector',
        chw: x.chw,
        nonNegative: x.nonNegative,
      });
      return;
    case 'nhwc':
    case 'nchw': {
      const [h, wd, c] = x.shape as [number, number, number];
      const chw = x.layout === 'nchw' && h * wd > 1 && c > 1 ? ([h, wd, c] as const) : null;
      w.addLayer(node, {
        kind: 'flatten',
        params: {},
        inputs: [x],
        layout: 'vector',
        chw,
        nonNegative: x.nonNegative,
      });
      return;
    }
  }
}

function flatten(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  const rank = x.layout === 'vector' ? 2 : 4;
  const axis = intAttr(node, 'axis', 1);
  if (axis !== 1 && axis !== 1 - rank) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_ATTRIBUTE',
      `Flatten from axis ${axis}: Stride flattens everything but the batch`,
    );
  }
  flattenValue(w, node, x);
}

function reshape(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  const shape = w.constant(node, 1, 'target shape');
  if (shape === null) return;
  const target = constNumbers(shape.tensor) ?? [];
  const features = x.shape.reduce((a, b) => a * b, 1);
  if (reshapeLayer(w, node, x, target, features)) return;
  const [batch, rest] = target;
  const toMatrix =
    target.length === 2 && (batch === 0 || batch === -1 || batch === 1) && (rest === -1 || rest === features);
  if (!toMatrix || (batch === -1 && rest === -1)) {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `Reshape to [${target.join(', ')}]: Stride reshapes channels last (of a vector, or an image transposed to NHWC) to [N, features] or [N, H, W, C]`,
    );
  }
  flattenValue(w, node, x);
}

/**
 * A Reshape in channels-last order — of a vector or of an image transposed to NHWC — to [N, H, W, C] (a
 * Transpose back to NCHW follows), or to [N, F] where Stride wrote a Reshape layer: a Stride `reshape`. True
 * when it took the node.
 */
function reshapeLayer(
  w: Walk,
  node: OnnxNode,
  x: TensorValue,
  target: readonly number[],
  features: number,
): boolean {
  const [batch, ...rest] = target;
  const ownReshape = w.facts.fromStride && node.docString === strideKindDoc('reshape');
  if (!(batch === 0 || batch === -1) || (x.layout !== 'nhwc' && x.layout !== 'vector')) return false;
  if (rest.length !== 3 && !(rest.length === 1 && ownReshape)) return false;
  if (rest.some((d) => d < 1)) return false;
  if (rest.reduce((a, b) => a * b, 1) !== features) return false;
  if (x.chw !== null) return false;
  // Stride writes an image reshape as `<layer>/reshape` and the Transpose back as `<layer>`: name it so.
  const suffix = '/reshape';
  const own = ownReshape && node.name.endsWith(suffix) ? node.name.slice(0, -suffix.length) : undefined;
  w.addLayer(node, {
    kind: 'reshape',
    params: { shape: rest },
    inputs: [x],
    layout: rest.length === 3 ? 'nhwc' : 'vector',
    nonNegative: x.nonNegative,
    ...(own === undefined ? {} : { nameBase: own }),
  });
  return true;
}

function squeeze(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  let axes: readonly number[] | null = intsAttr(node, 'axes');
  if (w.facts.opset >= 13) {
    const c = w.optionalConstant(node, 1);
    if (c === null) return void w.constant(node, 1, 'axes');
    axes = c === undefined ? null : constNumbers(c.tensor);
  }
  const sorted = [...(axes ?? [2, 3])].map((a) => (a < 0 ? a + 4 : a)).sort();
  if (x.layout !== 'pooled' || sorted.join() !== '2,3') {
    return w.refuse(
      node,
      'ONNX_UNSUPPORTED_SHAPE',
      `Squeeze of ${describe(x)} on axes [${axes?.join(', ') ?? 'all'}]`,
    );
  }
  w.alias(node.outputs[0] as string, { ...x, layout: 'vector' });
}

function transpose(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  const perm = intsAttr(node, 'perm')?.join() ?? '';
  if (x.layout === 'nchw' && perm === '0,2,3,1')
    return w.alias(node.outputs[0] as string, { ...x, layout: 'nhwc' });
  if (x.layout === 'nhwc' && perm === '0,3,1,2')
    return w.alias(node.outputs[0] as string, { ...x, layout: 'nchw' });
  w.refuse(
    node,
    'ONNX_UNSUPPORTED_SHAPE',
    `Transpose [${perm}] of ${describe(x)}: only to channels last before a Flatten or Reshape, and back`,
  );
}

function globalPool(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  if (x.layout !== 'nchw')
    return w.refuse(node, 'ONNX_UNSUPPORTED_SHAPE', `${node.opType} of ${describe(x)}`);
  const max = node.opType === 'GlobalMaxPool' || node.opType === 'ReduceMax';
  let keep = true;
  if (node.opType.startsWith('Reduce')) {
    let axes: readonly number[] | null = intsAttr(node, 'axes');
    if (w.facts.opset >= 18) {
      const c = w.optionalConstant(node, 1);
      if (c === null) return void w.constant(node, 1, 'axes');
      axes = c === undefined ? null : constNumbers(c.tensor);
    }
    const sorted = [...(axes ?? [])].map((a) => (a < 0 ? a + 4 : a)).sort();
    if (sorted.join() !== '2,3') {
      return w.refuse(
        node,
        'ONNX_UNSUPPORTED_ATTRIBUTE',
        `${node.opType} over axes [${axes?.join(', ') ?? 'all'}]: Stride pools over H and W`,
      );
    }
    keep = intAttr(node, 'keepdims', 1) === 1;
  }
  w.addLayer(node, {
    kind: max ? 'globalmaxpool' : 'globalavgpool',
    params: {},
    inputs: [x],
    layout: keep ? 'pooled' : 'vector',
    nonNegative: x.nonNegative,
  });
}

/**
 * Identity: Stride's own linear activation layer when Stride wrote the file, otherwise no layer at all; of a
 * constant, the same constant.
 */
function identity(w: Walk, node: OnnxNode): void {
  // PyTorch's exporter shares one initializer between equal weights through Identity nodes: still a constant.
  const c = w.optionalConstant(node, 0);
  if (c !== null && c !== undefined) {
    w.values.set(node.outputs[0] as string, {
      kind: 'const',
      tensor: { ...c.tensor, name: node.outputs[0] as string },
    });
    return;
  }
  const x = w.tensor(node, 0);
  if (x === null) return;
  if (!w.facts.fromStride || x.layout === 'nhwc' || x.layout === 'pooled')
    return w.alias(node.outputs[0] as string, x);
  w.addLayer(node, {
    kind: 'activation',
    params: { activation: 'linear', alpha: 0.3 },
    inputs: [x],
    layout: x.layout,
    chw: x.chw,
    nonNegative: x.nonNegative,
  });
}

export const SHAPE_HANDLERS: readonly (readonly [string, Handler])[] = [
  ['Pad', pad],
  ['Flatten', flatten],
  ['Reshape', reshape],
  ['Squeeze', squeeze],
  ['Transpose', transpose],
  ['GlobalAveragePool', globalPool],
  ['GlobalMaxPool', globalPool],
  ['ReduceMean', globalPool],
  ['ReduceMax', globalPool],
  ['Identity', identity],
];
