import type { OnnxAttribute, OnnxNode, OnnxTensor } from './model';
import { OnnxDataType } from './model';
import { floatBytes } from './weights';

export const attr = {
  int: (name: string, value: number): OnnxAttribute => ({ name, type: 'int', value }),
  float: (name: string, value: number): OnnxAttribute => ({ name, type: 'float', value }),
  ints: (name: string, value: readonly number[]): OnnxAttribute => ({ name, type: 'ints', value }),
};

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

  floats(name: string, dims: readonly number[], values: Float32Array): string {
    this.initializers.push({ name, dims, dataType: OnnxDataType.float, raw: floatBytes(values) });
    return name;
  }

  int64s(name: string, dims: readonly number[], values: readonly number[]): string {
    this.initializers.push({ name, dims, dataType: OnnxDataType.int64, ints: values });
    return name;
  }
}
