/**
 * The parts of ONNX's protobuf schema (onnx.proto, IR version 7+) that Stride writes and reads, as plain
 * data. Field numbers are onnx.proto's; unknown fields are skipped when reading, as protobuf requires.
 */

/** TensorProto.DataType values Stride meets. */
export const OnnxDataType = {
  float: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  double: 11,
} as const;

/** An initializer or a constant: dims, type, and where its values are (raw bytes, typed fields, elsewhere). */
export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  /** raw_data, little-endian (a view into the file when read). */
  readonly raw?: Uint8Array;
  /** float_data. */
  readonly floats?: readonly number[];
  /** int64_data or int32_data. */
  readonly ints?: readonly number[];
  /** data_location = EXTERNAL: the values are in another file (their count is still known from dims). */
  readonly external?: boolean;
}

export type OnnxAttribute =
  | { readonly name: string; readonly type: 'float'; readonly value: number }
  | { readonly name: string; readonly type: 'int'; readonly value: number }
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly name: string; readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly name: string; readonly type: 'tensor'; readonly value: OnnxTensor }
  /** Graphs, sparse tensors, type protos: kept by name only (no Stride layer takes them). */
  | { readonly name: string; readonly type: 'other'; readonly value: null };

export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  /** '' (or 'ai.onnx') for the standard operators. */
  readonly domain: string;
  /** Value names; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly OnnxAttribute[];
  readonly docString?: string;
}

/** A graph input/output: element type and shape; a dim is a number, a symbolic name, or null (unknown). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: number | null;
  readonly shape: readonly (number | string | null)[] | null;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly docString?: string;
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  readonly graph: OnnxGraph;
  readonly metadata: readonly { readonly key: string; readonly value: string }[];
}

/** onnx.proto field numbers. */
export const F = {
  model: {
    irVersion: 1,
    producerName: 2,
    producerVersion: 3,
    domain: 4,
    modelVersion: 5,
    docString: 6,
    graph: 7,
    opsetImport: 8,
    metadataProps: 14,
  },
  opset: { domain: 1, version: 2 },
  entry: { key: 1, value: 2 },
  graph: {
    node: 1,
    name: 2,
    initializer: 5,
    docString: 10,
    input: 11,
    output: 12,
    valueInfo: 13,
  },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5, docString: 6, domain: 7 },
  attribute: { name: 1, f: 2, i: 3, s: 4, t: 5, g: 6, floats: 7, ints: 8, strings: 9, type: 20 },
  tensor: {
    dims: 1,
    dataType: 2,
    floatData: 4,
    int32Data: 5,
    int64Data: 7,
    name: 8,
    rawData: 9,
    dataLocation: 14,
  },
  valueInfo: { name: 1, type: 2 },
  typeProto: { tensorType: 1 },
  tensorType: { elemType: 1, shape: 2 },
  shape: { dim: 1 },
  dim: { value: 1, param: 2 },
} as const;

/** AttributeProto.AttributeType. */
export const AttributeType = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;

/** The opset Stride writes: 13 has every operator it needs (Softmax on one axis, Pad with input pads). */
export const ONNX_OPSET = 13;
/** IR version 7 is the one that came with opset 13 (every runtime since 2020 reads it). */
export const ONNX_IR_VERSION = 7;
