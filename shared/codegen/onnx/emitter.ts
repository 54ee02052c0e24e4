import type { OnnxAttribute, OnnxNode, OnnxTensor } from './model';
import { OnnxDataType } from './model';
import { floatBytes } from './weights';

export const attr = {
  int: (name: string, value: number): OnnxAttribute => ({ name, type: 'int', value }),
  float: (name: string, value: number): OnnxAttribute => ({ name, type: 'float', value }),
  ints: (name: string, value: readonly number[]): OnnxAttribute => ({ name, type: 'ints', value }),
};

/**
 * The doc_string of a node that is a whole Stride layer of a kind ONNX cannot tell from another (a softmax
 * activation layer and a Softmax layer are both one Softmax node): Stride's import reads the kind back.
 */
export const strideKindDoc = (kind: string) => `Stride layer kind: ${kind}`;

/**
 * Collects the nodes and initializers of the graph being written. Every node has one output, named like the
 * node, so value names are as readable (and as unique) as node names.
 */
export class Emitter {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];

  op(
    opType: string,
    name: string,
    inputs: readonly string[],
    attributes: readonly OnnxAttribute[] = [],
  ): string {
    this.nodes.push({ name, opType, domain: '', inputs, outputs: [name], attributes });
    return name;
  }

  /** Sets the doc_string of the node named `name` (what viewers such as Netron show beside it). */
  doc(name: string, text: string): string {
    const i = this.nodes.findIndex((n) => n.name === name);
    const node = this.nodes[i];
    if (node !== undefined) this.nodes[i] = { ...node, docString: text };
    return name;
  }

  floats(name: string, dims: readonly number[], values: Float32Array): string {
    this.initializers.push({ name, dims, dataType: OnnxDataType.float, raw: floatBytes(values) });
    return name;
  }

  int64s(name: string, dims: readonly number[], values: readonly number[]): string {
    this.initializers.push({ name, dims, dataType: OnnxDataType.int64, ints: values });
    return name;
  }
}
