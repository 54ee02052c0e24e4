import type { Shape } from '../../analysis/types';
import type { LayerKind } from '../../layers/types';
import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor } from './model';
import { getKind, resolveParams } from '../../layers/registry';
import { OnnxDataType } from './model';

/**
 * How a value of the ONNX graph lies, seen from Stride:
 * - `nchw`: an image [N, C, H, W] (Stride's [H, W, C]);
 * - `nhwc`: an image transposed to channels last (only a Flatten may read it: Stride's own flatten order);
 * - `pooled`: [N, C, 1, 1] after global pooling (Stride's vector of C: a Flatten of it is no layer);
 * - `vector`: [N, F].
 */
export type Layout = 'nchw' | 'nhwc' | 'pooled' | 'vector';

export interface TensorValue {
  readonly kind: 'tensor';
  /** The Stride node whose output this is. */
  readonly node: string;
  readonly shape: Shape;
  readonly layout: Layout;
  /** A vector flattened from [H, W, C] in channel-first order (ONNX Flatten on NCHW, PyTorch's flatten). */
  readonly chw: readonly [number, number, number] | null;
  /** Known to hold no negative value (a ReLU output): zero and −∞ padding of a max pool then agree. */
  readonly nonNegative: boolean;
}

export interface ConstValue {
  readonly kind: 'const';
  readonly tensor: OnnxTensor;
}

/** The output of a node that was refused: its readers are not reported again. */
export interface RefusedValue {
  readonly kind: 'refused';
}

export type Value = TensorValue | ConstValue | RefusedValue;

/** Which weight of a Stride layer an initializer holds, and how its layout maps to tfjs's. */
export interface WeightRef {
  /** tfjs's weight suffix: kernel, bias, gamma, beta, moving_mean, moving_variance. */
  readonly suffix:
    'kernel' | 'depthwise_kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';
  readonly initializer: string;
  /**
   * `oihw`: a conv weight [F, C, FH, FW]; `gemm-t`: [U, N] (Gemm transB = 1); `gemm`: [N, U] (MatMul, Gemm
   * transB = 0); `vector`: per channel or unit.
   */
  readonly layout: 'oihw' | 'gemm-t' | 'gemm' | 'vector';
  /** The layer's input is a channel-first flattened [H, W, C] image: kernel rows (BatchNorm entries) reorder. */
  readonly chw: readonly [number, number, number] | null;
}

/** A Stride node being built from one or more ONNX nodes. */
export interface DraftLayer {
  readonly id: string;
  readonly name: string;
  readonly kind: LayerKind;
  params: Record<string, unknown>;
  readonly inputs: readonly string[];
  /** The ONNX nodes it stands for (the first one names it). */
  readonly onnxNodes: string[];
  /** Element counts of the ONNX initializers that are this layer's parameters. */
  readonly counted: { readonly name: string; readonly count: number }[];
  readonly weights: WeightRef[];
}

/** A node Stride cannot represent exactly. */
export interface Refusal {
  readonly code: string;
  /** The ONNX node's name (or `<op> #<index>` when it has none). */
  readonly node: string;
  readonly opType: string;
  readonly message: string;
}

/** Something the import changed or could not check, in the report. */
export interface ImportNote {
  readonly code: string;
  readonly severity: 'warning' | 'info';
  readonly nodeId: string;
  readonly message: string;
}

export const elementCount = (t: OnnxTensor) => t.dims.reduce((a, b) => a * b, 1);

/**
 * The shortest decimal a float32 reads back as (0.0001 is stored as 0.00009999999747…): ONNX keeps float
 * attributes as float32, Stride's parameters are the decimals a user typed, and a round trip keeps them so.
 */
export function float32Decimal(v: number): number {
  if (!Number.isFinite(v) || Math.fround(v) !== v) return v;
  for (let digits = 1; digits <= 9; digits += 1) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === v) return d;
  }
  return v;
}

/** A constant's values as numbers (int64, int32, float; raw or typed). Null for other types or external data. */
export function constNumbers(t: OnnxTensor): number[] | null {
  if (t.external === true) return null;
  if (t.floats !== undefined) return t.floats.map(float32Decimal);
  if (t.ints !== undefined) return [...t.ints];
  const raw = t.raw;
  if (raw === undefined) return elementCount(t) === 0 ? [] : null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = elementCount(t);
  const width =
    t.dataType === OnnxDataType.int64 || t.dataType === OnnxDataType.double
      ? 8
      : t.dataType === OnnxDataType.float || t.dataType === OnnxDataType.int32
        ? 4
        : 0;
  if (width === 0 || raw.byteLength < n * width || n > 1_000_000) return null;
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const at = i * width;
    if (t.dataType === OnnxDataType.int64) out.push(Number(view.getBigInt64(at, true)));
    else if (t.dataType === OnnxDataType.double) out.push(view.getFloat64(at, true));
    else if (t.dataType === OnnxDataType.float) out.push(float32Decimal(view.getFloat32(at, true)));
    else out.push(view.getInt32(at, true));
  }
  return out;
}

/** A float tensor's values (raw or float_data); null when they are elsewhere (external data) or not floats. */
export function constFloats(t: OnnxTensor): Float32Array | null {
  if (t.dataType !== OnnxDataType.float || t.external === true) return null;
  const n = elementCount(t);
  if (t.floats !== undefined) return t.floats.length === n ? Float32Array.from(t.floats) : null;
  const raw = t.raw;
  if (raw === undefined || raw.byteLength !== n * 4) return null;
  const out = new Float32Array(n);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < n; i += 1) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function attribute(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attributes.find((a) => a.name === name);
}

export function intAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = attribute(node, name);
  return a?.type === 'int' ? a.value : fallback;
}

export function floatAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = attribute(node, name);
  if (a?.type === 'float') return float32Decimal(a.value);
  if (a?.type === 'int') return a.value;
  return fallback;
}

export function intsAttr(node: OnnxNode, name: string): readonly number[] | null {
  const a = attribute(node, name);
  return a?.type === 'ints' ? a.value : null;
}

export function stringAttr(node: OnnxNode, name: string, fallback: string): string {
  const a = attribute(node, name);
  return a?.type === 'string' ? a.value : fallback;
}

/** The output shape a Stride layer infers for these params and inputs, or the reason it cannot. */
export function inferLayer(
  kind: LayerKind,
  params: Record<string, unknown>,
  inputs: readonly Shape[],
): { ok: true; shape: Shape; params: Record<string, unknown> } | { ok: false; message: string } {
  const def = getKind(kind);
  if (def?.infer === undefined) return { ok: false, message: `${kind} is not a primitive layer` };
  const resolved = resolveParams(def, params);
  if (!resolved.ok) return { ok: false, message: resolved.error.message };
  const result = def.infer(resolved.value, inputs);
  const error = result.diagnostics?.find((d) => d.severity === 'error');
  if (result.shape === null || error !== undefined) {
    return { ok: false, message: error?.message ?? `${def.label} cannot take ${JSON.stringify(inputs)}` };
  }
  return { ok: true, shape: result.shape, params: resolved.value };
}

export interface ModelFacts {
  readonly model: OnnxModel;
  /** The standard domain's opset. */
  readonly opset: number;
  /** Written by Stride: its helper nodes are named `<layer>/<what>` and only such nodes fold. */
  readonly fromStride: boolean;
}
