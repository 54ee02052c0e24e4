import type { GraphDoc } from '../../graph/schema';
import type { OnnxTensor } from './model';
import type { WeightRef } from './import-context';
import type { WeightLookup } from './weights';
import { toKerasTopology } from '../keras-topology';
import { analyzeGraph } from '../../analysis/analyze';
import { constFloats } from './import-context';
import { chwToHwcIndex, gemmToDense, oihwToHwio, unpermute, weightLayers } from './weights';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** One imported layer's weights: its id and where each weight's values are in the ONNX file. */
export interface ImportedLayerWeights {
  readonly nodeId: string;
  readonly weights: readonly WeightRef[];
}

/**
 * An imported graph's weights as the exporters and tfjs name and lay them out (`<layer>/kernel` [FH, FW, C, F],
 * dense kernels [N, U], BatchNorm vectors in Stride's feature order): what `toOnnx`, a tfjs model.json's
 * weights or a tf.LayersModel take. Values are converted when asked for (VGG-16 holds 528 MB of them).
 */
export function importedWeights(
  doc: GraphDoc,
  layers: readonly ImportedLayerWeights[],
  tensors: ReadonlyMap<string, OnnxTensor>,
): WeightLookup {
  const topology = toKerasTopology(doc, analyzeGraph(doc));
  const refs = new Map<string, WeightRef>();
  if (topology.ok) {
    const main = weightLayers(topology.value);
    for (const l of layers) {
      const layer = main.get(l.nodeId);
      if (layer !== undefined) for (const w of l.weights) refs.set(`${layer.name}/${w.suffix}`, w);
    }
  }
  return (spec) => {
    const ref = refs.get(spec.name);
    const tensor = ref === undefined ? undefined : tensors.get(ref.initializer);
    const values = tensor === undefined ? null : constFloats(tensor);
    if (ref === undefined || tensor === undefined || values === null || values.length !== size(spec.shape))
      return null;
    const order = ref.chw === null ? null : chwToHwcIndex(ref.chw);
    switch (ref.layout) {
      case 'oihw':
        return oihwToHwio(values, tensor.dims);
      case 'gemm-t':
      case 'gemm':
        return gemmToDense(values, [spec.shape[0] ?? 0, spec.shape[1] ?? 0], ref.layout === 'gemm-t', order);
      case 'vector':
        return unpermute(values, order);
    }
  };
}
