import type { ProtoField } from './proto';
import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './model';
import { AttributeType, F } from './model';
import { fields, ProtoError, pushFloats, pushInts, text, WireType } from './proto';

/** Hard limits for reading a file nobody vouched for (each far above any real CNN). */
export const ONNX_LIMITS = {
  maxNodes: 100_000,
  maxInitializers: 100_000,
  /** Values in one attribute list or one tensor's typed field (raw data is a view, not counted). */
  maxListLength: 1_000_000,
  maxRank: 8,
  maxNameLength: 4096,
} as const;

const bytesOf = (f: ProtoField): Uint8Array => {
  if (f.wire !== WireType.bytes) throw new ProtoError(`field ${f.field}: expected a length-delimited value`);
  return f.value;
};
const intOf = (f: ProtoField): number => {
  if (f.wire !== WireType.varint) throw new ProtoError(`field ${f.field}: expected an integer`);
  return f.value;
};
const floatOf = (f: ProtoField): number => {
  if (f.wire !== WireType.fixed32) throw new ProtoError(`field ${f.field}: expected a float`);
  return f.value.getFloat32(0, true);
};
const stringOf = (f: ProtoField): string => {
  const s = text(bytesOf(f));
  if (s.length > ONNX_LIMITS.maxNameLength) throw new ProtoError('a name is longer than 4096 characters');
  return s;
};

function checkList(list: readonly unknown[], what: string): void {
  if (list.length > ONNX_LIMITS.maxListLength) throw new ProtoError(`${what}: more than a million values`);
}

export function decodeTensor(bytes: Uint8Array): OnnxTensor {
  const dims: number[] = [];
  let dataType = 0;
  let name = '';
  let raw: Uint8Array | undefined;
  const floats: number[] = [];
  const ints: number[] = [];
  let external = false;
  for (const f of fields(bytes)) {
    if (f.field === F.tensor.dims) pushInts(dims, f);
    else if (f.field === F.tensor.dataType) dataType = intOf(f);
    else if (f.field === F.tensor.name) name = stringOf(f);
    else if (f.field === F.tensor.rawData) raw = bytesOf(f);
    else if (f.field === F.tensor.floatData) pushFloats(floats, f);
    else if (f.field === F.tensor.int64Data || f.field === F.tensor.int32Data) pushInts(ints, f);
    else if (f.field === F.tensor.dataLocation) external = intOf(f) === 1;
    checkList(floats, `tensor ${name}`);
    checkList(ints, `tensor ${name}`);
  }
  if (dims.length > ONNX_LIMITS.maxRank) throw new ProtoError(`tensor ${name}: rank ${dims.length}`);
  if (dims.some((d) => d < 0)) throw new ProtoError(`tensor ${name}: negative dimension`);
  return {
    name,
    dims,
    dataType,
    ...(raw === undefined ? {} : { raw }),
    ...(floats.length === 0 ? {} : { floats }),
    ...(ints.length === 0 ? {} : { ints }),
    ...(external ? { external } : {}),
  };
}

function decodeAttribute(bytes: Uint8Array): OnnxAttribute {
  let name = '';
  let type = 0;
  let f: number | undefined;
  let i: number | undefined;
  let s: string | undefined;
  let t: OnnxTensor | undefined;
  const floats: number[] = [];
  const ints: number[] = [];
  let other = false;
  for (const field of fields(bytes)) {
    switch (field.field) {
      case F.attribute.name:
        name = stringOf(field);
        break;
      case F.attribute.type:
        type = intOf(field);
        break;
      case F.attribute.f:
        f = floatOf(field);
        break;
      case F.attribute.i:
        i = intOf(field);
        break;
      case F.attribute.s:
        s = text(bytesOf(field));
        break;
      case F.attribute.t:
        t = decodeTensor(bytesOf(field));
        break;
      case F.attribute.floats:
        pushFloats(floats, field);
        checkList(floats, `attribute ${name}`);
        break;
      case F.attribute.ints:
        pushInts(ints, field);
        checkList(ints, `attribute ${name}`);
        break;
      case F.attribute.g:
      case F.attribute.strings:
        other = true;
        break;
      default:
        break;
    }
  }
  // Files written before AttributeProto.type existed say what they hold by the field that is set.
  if (type === AttributeType.float || (type === 0 && f !== undefined))
    return { name, type: 'float', value: f ?? 0 };
  if (type === AttributeType.int || (type === 0 && i !== undefined))
    return { name, type: 'int', value: i ?? 0 };
  if (type === AttributeType.string || (type === 0 && s !== undefined))
    return { name, type: 'string', value: s ?? '' };
  if (type === AttributeType.tensor || (type === 0 && t !== undefined)) {
    if (t === undefined) throw new ProtoError(`attribute ${name}: tensor missing`);
    return { name, type: 'tensor', value: t };
  }
  if (type === AttributeType.floats || (type === 0 && !other && floats.length > 0))
    return { name, type: 'floats', value: floats };
  if (type === AttributeType.ints || (type === 0 && !other && ints.length > 0))
    return { name, type: 'ints', value: ints };
  return { name, type: 'other', value: null };
}

function decodeNode(bytes: Uint8Array): OnnxNode {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: OnnxAttribute[] = [];
  let name = '';
  let opType = '';
  let domain = '';
  let docString = '';
  for (const f of fields(bytes)) {
    if (f.field === F.node.input) inputs.push(stringOf(f));
    else if (f.field === F.node.output) outputs.push(stringOf(f));
    else if (f.field === F.node.name) name = stringOf(f);
    else if (f.field === F.node.opType) opType = stringOf(f);
    else if (f.field === F.node.domain) domain = stringOf(f);
    else if (f.field === F.node.docString) docString = text(bytesOf(f));
    else if (f.field === F.node.attribute) attributes.push(decodeAttribute(bytesOf(f)));
    if (inputs.length + outputs.length + attributes.length > 10_000)
      throw new ProtoError(`node ${name}: too many inputs, outputs or attributes`);
  }
  return { name, opType, domain, inputs, outputs, attributes, ...(docString === '' ? {} : { docString }) };
}

function decodeValueInfo(bytes: Uint8Array): OnnxValueInfo {
  let name = '';
  let elemType: number | null = null;
  let shape: (number | string | null)[] | null = null;
  for (const f of fields(bytes)) {
    if (f.field === F.valueInfo.name) name = stringOf(f);
    else if (f.field === F.valueInfo.type) {
      for (const tf of fields(bytesOf(f))) {
        if (tf.field !== F.typeProto.tensorType) continue;
        for (const tt of fields(bytesOf(tf))) {
          if (tt.field === F.tensorType.elemType) elemType = intOf(tt);
          else if (tt.field === F.tensorType.shape) {
            shape = [];
            for (const d of fields(bytesOf(tt))) {
              if (d.field !== F.shape.dim) continue;
              let dim: number | string | null = null;
              for (const df of fields(bytesOf(d))) {
                if (df.field === F.dim.value) dim = intOf(df);
                else if (df.field === F.dim.param) dim = stringOf(df);
              }
              shape.push(dim);
              if (shape.length > ONNX_LIMITS.maxRank) throw new ProtoError(`value ${name}: rank too high`);
            }
          }
        }
      }
    }
  }
  return { name, elemType, shape };
}

function decodeGraph(bytes: Uint8Array): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  let name = '';
  let docString = '';
  for (const f of fields(bytes)) {
    if (f.field === F.graph.node) {
      nodes.push(decodeNode(bytesOf(f)));
      if (nodes.length > ONNX_LIMITS.maxNodes) throw new ProtoError('more than 100,000 nodes');
    } else if (f.field === F.graph.initializer) {
      initializers.push(decodeTensor(bytesOf(f)));
      if (initializers.length > ONNX_LIMITS.maxInitializers)
        throw new ProtoError('more than 100,000 initializers');
    } else if (f.field === F.graph.input) inputs.push(decodeValueInfo(bytesOf(f)));
    else if (f.field === F.graph.output) outputs.push(decodeValueInfo(bytesOf(f)));
    else if (f.field === F.graph.name) name = stringOf(f);
    else if (f.field === F.graph.docString) docString = text(bytesOf(f));
  }
  return { name, nodes, initializers, inputs, outputs, ...(docString === '' ? {} : { docString }) };
}

/** Decodes a ModelProto; throws ProtoError on malformed bytes (the importer reports it with a code). */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  let irVersion = 0;
  const opsets: { domain: string; version: number }[] = [];
  let producerName = '';
  let producerVersion = '';
  let docString = '';
  let graph: OnnxGraph | null = null;
  const metadata: { key: string; value: string }[] = [];
  for (const f of fields(bytes)) {
    switch (f.field) {
      case F.model.irVersion:
        irVersion = intOf(f);
        break;
      case F.model.producerName:
        producerName = stringOf(f);
        break;
      case F.model.producerVersion:
        producerVersion = stringOf(f);
        break;
      case F.model.docString:
        docString = text(bytesOf(f));
        break;
      case F.model.graph:
        graph = decodeGraph(bytesOf(f));
        break;
      case F.model.opsetImport: {
        let domain = '';
        let version = 0;
        for (const o of fields(bytesOf(f))) {
          if (o.field === F.opset.domain) domain = stringOf(o);
          else if (o.field === F.opset.version) version = intOf(o);
        }
        opsets.push({ domain, version });
        break;
      }
      case F.model.metadataProps: {
        let key = '';
        let value = '';
        for (const e of fields(bytesOf(f))) {
          if (e.field === F.entry.key) key = stringOf(e);
          else if (e.field === F.entry.value) value = text(bytesOf(e));
        }
        metadata.push({ key, value });
        break;
      }
      default:
        break;
    }
  }
  if (graph === null) throw new ProtoError('the model has no graph');
  return {
    irVersion,
    opsets,
    producerName,
    producerVersion,
    graph,
    metadata,
    ...(docString === '' ? {} : { docString }),
  };
}
