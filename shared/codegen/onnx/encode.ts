import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './model';
import type { Chunks } from './proto';
import { AttributeType, F } from './model';
import { MessageWriter } from './proto';

function tensor(t: OnnxTensor): MessageWriter {
  const w = new MessageWriter().packedInts(F.tensor.dims, t.dims).int(F.tensor.dataType, t.dataType);
  w.string(F.tensor.name, t.name);
  if (t.raw !== undefined) w.bytes(F.tensor.rawData, t.raw);
  if (t.floats !== undefined) w.packedFloats(F.tensor.floatData, t.floats);
  if (t.ints !== undefined) w.packedInts(F.tensor.int64Data, t.ints);
  return w;
}

function attribute(a: OnnxAttribute): MessageWriter {
  const w = new MessageWriter().string(F.attribute.name, a.name);
  switch (a.type) {
    case 'float':
      return w.float(F.attribute.f, a.value).int(F.attribute.type, AttributeType.float);
    case 'int':
      return w.int(F.attribute.i, a.value).int(F.attribute.type, AttributeType.int);
    case 'string':
      return w.string(F.attribute.s, a.value).int(F.attribute.type, AttributeType.string);
    case 'floats':
      // Attribute lists are written unpacked, as onnx.proto2's `repeated` fields originally were.
      for (const v of a.value) w.float(F.attribute.floats, v);
      return w.int(F.attribute.type, AttributeType.floats);
    case 'ints':
      for (const v of a.value) w.int(F.attribute.ints, v);
      return w.int(F.attribute.type, AttributeType.ints);
    case 'tensor':
      return w.message(F.attribute.t, tensor(a.value)).int(F.attribute.type, AttributeType.tensor);
    case 'other':
      throw new Error(`attribute ${a.name}: cannot write an attribute of an unknown type`);
  }
}

function node(n: OnnxNode): MessageWriter {
  const w = new MessageWriter();
  for (const i of n.inputs) w.string(F.node.input, i);
  for (const o of n.outputs) w.string(F.node.output, o);
  w.string(F.node.name, n.name).string(F.node.opType, n.opType);
  for (const a of n.attributes) w.message(F.node.attribute, attribute(a));
  if (n.docString !== undefined && n.docString !== '') w.string(F.node.docString, n.docString);
  if (n.domain !== '') w.string(F.node.domain, n.domain);
  return w;
}

function valueInfo(v: OnnxValueInfo): MessageWriter {
  const shape = new MessageWriter();
  for (const d of v.shape ?? []) {
    const dim = new MessageWriter();
    if (typeof d === 'number') dim.int(F.dim.value, d);
    else if (typeof d === 'string') dim.string(F.dim.param, d);
    shape.message(F.shape.dim, dim);
  }
  const tensorType = new MessageWriter();
  if (v.elemType !== null) tensorType.int(F.tensorType.elemType, v.elemType);
  if (v.shape !== null) tensorType.message(F.tensorType.shape, shape);
  const type = new MessageWriter().message(F.typeProto.tensorType, tensorType);
  return new MessageWriter().string(F.valueInfo.name, v.name).message(F.valueInfo.type, type);
}

function graph(g: OnnxGraph): MessageWriter {
  const w = new MessageWriter();
  for (const n of g.nodes) w.message(F.graph.node, node(n));
  w.string(F.graph.name, g.name);
  for (const t of g.initializers) w.message(F.graph.initializer, tensor(t));
  if (g.docString !== undefined && g.docString !== '') w.string(F.graph.docString, g.docString);
  for (const i of g.inputs) w.message(F.graph.input, valueInfo(i));
  for (const o of g.outputs) w.message(F.graph.output, valueInfo(o));
  return w;
}

/**
 * The model as protobuf bytes, in chunks: tensor data is referenced, not copied. Write `parts` in order (a
 * file, a Blob) or `concat()` them.
 */
export function encodeModel(m: OnnxModel): Chunks {
  const w = new MessageWriter().int(F.model.irVersion, m.irVersion);
  for (const o of m.opsets) {
    const opset = new MessageWriter();
    if (o.domain !== '') opset.string(F.opset.domain, o.domain);
    w.message(F.model.opsetImport, opset.int(F.opset.version, o.version));
  }
  w.string(F.model.producerName, m.producerName).string(F.model.producerVersion, m.producerVersion);
  if (m.docString !== undefined && m.docString !== '') w.string(F.model.docString, m.docString);
  w.message(F.model.graph, graph(m.graph));
  for (const e of m.metadata) {
    w.message(
      F.model.metadataProps,
      new MessageWriter().string(F.entry.key, e.key).string(F.entry.value, e.value),
    );
  }
  return w.chunks;
}
