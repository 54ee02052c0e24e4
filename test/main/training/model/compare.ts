import type * as tf from '@tensorflow/tfjs';
import type { GraphAnalysis } from '../../../../shared/analysis/types';
import type { KerasTopology } from '../../../../shared/codegen/keras-topology';

export interface Mismatch {
  readonly primitive: string;
  readonly what: string;
  readonly tfjs: unknown;
  readonly analysis: unknown;
}

/** Per primitive: the output shape of its last tfjs layer and the parameters of all its layers. */
export function compareModel(
  model: tf.LayersModel,
  topology: KerasTopology,
  analysis: GraphAnalysis,
): Mismatch[] {
  const out: Mismatch[] = [];
  const layersOf = new Map<string, string[]>();
  for (const l of topology.layers)
    (layersOf.get(l.primitiveId) ?? layersOf.set(l.primitiveId, []).get(l.primitiveId))?.push(l.name);
  for (const prim of analysis.expanded.nodes) {
    const a = analysis.primitives.get(prim.id);
    const last = model.getLayer(topology.outputLayerOf[prim.id] as string);
    const shape = (last.outputShape as (number | null)[]).slice(1);
    if (JSON.stringify(shape) !== JSON.stringify(a?.outputShape)) {
      out.push({ primitive: prim.id, what: 'output shape', tfjs: shape, analysis: a?.outputShape });
    }
    const layers = (layersOf.get(prim.id) ?? []).map((name) => model.getLayer(name));
    const params = layers.reduce((n, l) => n + l.countParams(), 0);
    const trainable = layers.reduce(
      (n, l) =>
        n + l.trainableWeights.reduce((m, w) => m + w.shape.reduce<number>((x, y) => x * (y ?? 0), 1), 0),
      0,
    );
    if (params !== a?.params.total)
      out.push({ primitive: prim.id, what: 'params', tfjs: params, analysis: a?.params.total });
    if (trainable !== a?.params.trainable)
      out.push({
        primitive: prim.id,
        what: 'trainable params',
        tfjs: trainable,
        analysis: a?.params.trainable,
      });
  }
  return out;
}
