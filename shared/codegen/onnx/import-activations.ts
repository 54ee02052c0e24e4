import type { ActivationName } from '../../layers/common/params';
import type { OnnxNode } from './model';
import type { DraftLayer, TensorValue } from './import-context';
import type { Walk } from './import-walk';
import { KERAS_LEAKY_ALPHA, SELU_ALPHA, SELU_SCALE } from '../../layers/common/keras';
import { constNumbers, floatAttr, intAttr, stringAttr } from './import-context';
import { strideKindDoc } from './emitter';

export interface ActivationMatch {
  readonly activation: ActivationName;
  readonly alpha: number;
  /** The ONNX nodes it spans (one, or the five of a written-out GELU). */
  readonly nodes: readonly OnnxNode[];
  /** The value holding the activation's result. */
  readonly output: string;
}

/** Who reads a value (null: the graph output); the folds ask it, a standalone node asks about itself only. */
type Readers = (value: string) => readonly (OnnxNode | null)[];
const sole = (readers: Readers, value: string): OnnxNode | null => {
  const r = readers(value);
  return r.length === 1 ? (r[0] ?? null) : null;
};

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

function scalarInput(w: Walk, node: OnnxNode, value: number): string | null {
  for (const name of node.inputs) {
    const v = w.values.get(name);
    if (v?.kind !== 'const') continue;
    const numbers = constNumbers(v.tensor);
    if (numbers?.length === 1 && near(numbers[0] as number, value)) return name;
  }
  return null;
}

/** The other input of a binary node (the one that is not `value`). */
const other = (node: OnnxNode, value: string) =>
  node.inputs.length === 2 ? (node.inputs[0] === value ? node.inputs[1] : node.inputs[0]) : undefined;

/**
 * GELU written out as x · ½(1 + erf(x/√2)) — what PyTorch (opset < 20) and Stride's exporter write:
 * Div(x, √2) → Erf → Add 1 → Mul x → Mul ½.
 */
function matchGelu(w: Walk, x: string, readersOf: Readers): ActivationMatch | null {
  const readers = readersOf(x);
  if (readers.length !== 2) return null;
  const div = readers.find((n) => n?.opType === 'Div');
  const mulX = readers.find((n) => n?.opType === 'Mul');
  if (div == null || mulX == null || div.inputs[0] !== x || scalarInput(w, div, Math.SQRT2) === null)
    return null;
  const erf = sole(readersOf, div.outputs[0] ?? '');
  if (erf?.opType !== 'Erf') return null;
  const add = sole(readersOf, erf.outputs[0] ?? '');
  if (add?.opType !== 'Add' || scalarInput(w, add, 1) === null) return null;
  const viaAdd = sole(readersOf, add.outputs[0] ?? '');
  if (viaAdd !== mulX || other(mulX, x) !== add.outputs[0]) return null;
  const half = sole(readersOf, mulX.outputs[0] ?? '');
  if (half?.opType !== 'Mul' || scalarInput(w, half, 0.5) === null) return null;
  return {
    activation: 'gelu',
    alpha: 0,
    nodes: [div, erf, add, mulX, half],
    output: half.outputs[0] as string,
  };
}

/** A HardSigmoid with α = 1/6, β = ½: relu6(x + 3)/6, the gate of a hard swish. */
const hardSwishGate = (n: OnnxNode) =>
  n.opType === 'HardSigmoid' &&
  near(floatAttr(n, 'alpha', 0.2), 1 / 6) &&
  near(floatAttr(n, 'beta', 0.5), 0.5);

/**
 * x · gate(x), the gated activations opset 13 has no operator for: swish (SiLU) as x · Sigmoid(x), what
 * PyTorch (opset < 14 has no SiLU) and Stride write, and hard swish as x · HardSigmoid(x; α = 1/6, β = ½).
 */
function matchGated(x: string, readersOf: Readers): ActivationMatch | null {
  const readers = readersOf(x);
  if (readers.length !== 2) return null;
  const gate = readers.find((n) => n?.opType === 'Sigmoid' || (n != null && hardSwishGate(n)));
  const mul = readers.find((n) => n?.opType === 'Mul');
  if (gate == null || mul == null || gate.inputs[0] !== x) return null;
  if (sole(readersOf, gate.outputs[0] ?? '') !== mul || other(mul, x) !== gate.outputs[0]) return null;
  return {
    activation: gate.opType === 'Sigmoid' ? 'swish' : 'hard_swish',
    alpha: 0,
    nodes: [gate, mul],
    output: mul.outputs[0] as string,
  };
}

/**
 * The activation reading `x`, when `x` has no other reader: one of Stride's (ReLU, sigmoid, tanh, softmax
 * over the channels, leaky ReLU, ELU with α = 1, GELU exact, SELU, swish, hard swish). `rank` is the ONNX rank of x.
 */
export function matchActivation(
  w: Walk,
  x: string,
  rank: number,
  readersOf: Readers = (v) => w.readersOf(v),
): ActivationMatch | null {
  const gelu = matchGelu(w, x, readersOf);
  if (gelu !== null) return gelu;
  const gated = matchGated(x, readersOf);
  if (gated !== null) return gated;
  const node = sole(readersOf, x);
  if (node === null || node.inputs[0] !== x || (node.domain !== '' && node.domain !== 'ai.onnx')) return null;
  const one = (activation: ActivationName, alpha = 0): ActivationMatch => ({
    activation,
    alpha,
    nodes: [node],
    output: node.outputs[0] as string,
  });
  switch (node.opType) {
    case 'Relu':
      return one('relu');
    case 'Sigmoid':
      return one('sigmoid');
    case 'Tanh':
      return one('tanh');
    case 'LeakyRelu':
      return one('leaky_relu', floatAttr(node, 'alpha', 0.01));
    case 'Elu':
      return near(floatAttr(node, 'alpha', 1), 1) ? one('elu') : null;
    case 'Gelu':
      return stringAttr(node, 'approximate', 'none') === 'none' ? one('gelu') : null;
    case 'Selu':
      return near(floatAttr(node, 'alpha', SELU_ALPHA), SELU_ALPHA) &&
        near(floatAttr(node, 'gamma', SELU_SCALE), SELU_SCALE)
        ? one('selu')
        : null;
    case 'HardSwish':
      return one('hard_swish');
    case 'Clip': {
      // ReLU6 (MobileNet): Clip to [0, 6]; with no upper bound a Clip at 0 is a ReLU.
      const [lo, hi] = clipBounds(w, node);
      if (lo !== 0) return null;
      return hi === 6 ? one('relu6') : hi === Infinity ? one('relu') : null;
    }
    case 'Softmax': {
      // Before opset 13 Softmax flattens everything after `axis`: over the channels only on [N, C].
      const axis = intAttr(node, 'axis', w.facts.opset >= 13 ? -1 : 1);
      const channels = axis === 1 || axis === 1 - rank;
      return (w.facts.opset >= 13 || rank === 2) && channels ? one('softmax') : null;
    }
    default:
      return null;
  }
}

/**
 * Folds the activation after a Conv/Gemm into it (Stride's conv and dense carry one), as Stride's exporter
 * split it off: for Stride's own files only when the activation is named `<layer>/…`. Leaky ReLU folds only
 * at Keras's slope 0.3, the one a folded activation has.
 */
export function foldActivation(w: Walk, layer: DraftLayer, node: OnnxNode, rank: number): void {
  const out = node.outputs[0] as string;
  const match = matchActivation(w, out, rank);
  if (match === null) return;
  const last = match.nodes[match.nodes.length - 1] as OnnxNode;
  if (w.facts.fromStride && !last.name.startsWith(`${node.name}/`)) return;
  if (match.activation === 'leaky_relu' && !near(match.alpha, KERAS_LEAKY_ALPHA)) return;
  layer.params.activation = match.activation;
  for (const n of match.nodes) {
    w.claimed.add(n);
    layer.onnxNodes.push(w.label(n));
  }
  const value = w.values.get(out) as TensorValue;
  w.alias(match.output, { ...value, nonNegative: match.activation === 'relu' });
}

/** A standalone activation node (or the first node of a written-out GELU). */
export function activationLayer(w: Walk, node: OnnxNode): void {
  const x = w.tensor(node, 0);
  if (x === null) return;
  if (x.layout === 'nhwc') {
    w.refuse(node, 'ONNX_UNSUPPORTED_SHAPE', 'an activation on a transposed (NHWC) image');
    return;
  }
  const rank = x.layout === 'vector' ? 2 : 4;
  const match = matchActivation(w, node.inputs[0] as string, rank);
  const matched = match !== null && match.nodes[0] === node ? match : null;
  // A node matchActivation did not take because x has other readers: match it alone.
  const alone = matched ?? singleActivation(w, node, rank);
  if (alone === null) {
    w.refuse(node, 'ONNX_UNSUPPORTED_ATTRIBUTE', unsupportedActivation(w, node, rank));
    return;
  }
  for (const n of alone.nodes) w.claimed.add(n);
  // A softmax is Stride's Softmax layer, unless Stride wrote it for a softmax activation layer.
  const asActivation = w.facts.fromStride && node.docString === strideKindDoc('activation');
  const kind = alone.activation === 'softmax' && !asActivation ? 'softmax' : 'activation';
  const layer = w.addLayer(node, {
    kind,
    params: kind === 'softmax' ? {} : { activation: alone.activation, alpha: alone.alpha },
    inputs: [x],
    output: alone.output,
    layout: x.layout,
    chw: x.chw,
    nonNegative: alone.activation === 'relu',
    nameBase: w.label(alone.nodes[alone.nodes.length - 1] as OnnxNode),
  });
  if (layer !== null) for (const n of alone.nodes.slice(1)) layer.onnxNodes.push(w.label(n));
}

/** matchActivation for this node alone, as if it were its input's only reader (the input has others). */
function singleActivation(w: Walk, node: OnnxNode, rank: number): ActivationMatch | null {
  const x = node.inputs[0] ?? '';
  if (node.opType === 'Div') {
    // A GELU's input has two readers (Div and Mul): keep those two, drop the rest.
    const gelu = (v: string) =>
      v === x
        ? w
            .readersOf(x)
            .filter((n) => n !== null && ['Div', 'Mul'].includes(n.opType) && matchesGeluEntry(w, n, x, node))
        : w.readersOf(v);
    return matchGelu(w, x, gelu);
  }
  if (node.opType === 'Sigmoid' || hardSwishGate(node)) {
    // A swish's input has two readers (the gate and the Mul): keep those two, drop the rest.
    const gated = matchGated(x, (v) =>
      v === x
        ? w.readersOf(x).filter((n) => n === node || (n?.opType === 'Mul' && other(n, x) === node.outputs[0]))
        : w.readersOf(v),
    );
    if (gated !== null) return gated;
  }
  return matchActivation(w, x, rank, (v) => (v === x ? [node] : w.readersOf(v)));
}

/** The Mul of a GELU reads x and the Add that follows `div`; other Muls of x are not this GELU's. */
function matchesGeluEntry(w: Walk, n: OnnxNode, x: string, div: OnnxNode): boolean {
  if (n === div) return true;
  const erf = w.soleReader(div.outputs[0] ?? '');
  const add = erf === null ? null : w.soleReader(erf.outputs[0] ?? '');
  return add !== null && n.opType === 'Mul' && other(n, x) === add.outputs[0];
}

/** A Clip's [min, max]: inputs 1 and 2 since opset 11 (absent: unbounded), attributes before; NaN if unknown. */
function clipBounds(w: Walk, node: OnnxNode): [number, number] {
  if (w.facts.opset < 11) return [floatAttr(node, 'min', -Infinity), floatAttr(node, 'max', Infinity)];
  const bound = (index: number, none: number): number => {
    const c = w.optionalConstant(node, index);
    if (c === undefined) return none;
    const values = c === null ? null : constNumbers(c.tensor);
    return values?.length === 1 ? (values[0] as number) : NaN;
  };
  return [bound(1, -Infinity), bound(2, Infinity)];
}

function unsupportedActivation(w: Walk, node: OnnxNode, rank: number): string {
  switch (node.opType) {
    case 'Clip':
      return `Clip to [${clipBounds(w, node).join(', ')}]: Stride has ReLU6 (Clip to [0, 6]) and ReLU (Clip at 0)`;
    case 'Elu':
      return `ELU with α = ${floatAttr(node, 'alpha', 1)}: Stride's ELU has α = 1`;
    case 'Selu':
      return "SELU with other constants than the paper's: Stride's SELU has α ≈ 1.6733, γ ≈ 1.0507";
    case 'HardSigmoid':
      return 'a HardSigmoid that is not the gate of a hard swish (α = 1/6, β = ½): Stride has no layer for it';
    case 'Gelu':
      return "GELU with the tanh approximation: Stride's GELU is the exact (erf) one";
    case 'Softmax':
      return `Softmax over axis ${intAttr(node, 'axis', -1)} of a rank-${rank} tensor: Stride's softmax is over the channels`;
    case 'Div':
      return 'a division that is not part of a GELU: Stride has no layer for it';
    default:
      return `${node.opType} is not one of Stride's activations`;
  }
}
