import type { LayerCount } from './faithful';
import type { ManifestWeight, WeightLookup } from '../onnx/weights';
import { weightOwner } from './faithful';

/** The shards are missing or short, or a weight's shape is not the one its layer needs. */
export const IMPORT_WEIGHTS_FILE = 'IMPORT_WEIGHTS_FILE';

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * The weights of an imported tfjs model under the names Stride builds the graph with: the file's
 * `<layer>/<weight>` (its layer names, nested paths such as `model1/conv1/kernel` included) → Stride's
 * `<strideLayer>/<weight>` (`LayerCount.strideLayer`). Kernel, bias, gamma, beta and the moving statistics are
 * named alike on both sides and laid out alike (channels last, as tfjs and Keras store them), so values pass
 * unchanged; a weight whose shape differs from the one Stride asks for is not given (null).
 */
export function importedWeightLookup(
  counts: readonly LayerCount[],
  manifest: readonly ManifestWeight[],
  read: (fileName: string) => Float32Array | null,
): WeightLookup {
  const strideLayer = new Map(counts.map((c) => [c.layer, c.strideLayer]));
  const byStrideName = new Map<string, ManifestWeight>();
  const layers = new Set(strideLayer.keys());
  for (const w of manifest) {
    const owner = weightOwner(w.name, layers);
    const target = owner === null ? null : strideLayer.get(owner.layer);
    if (owner !== null && target !== null && target !== undefined)
      byStrideName.set(`${target}/${owner.suffix}`, w);
  }
  return (spec) => {
    const w = byStrideName.get(spec.name);
    if (w === undefined || !sameShape(w.shape, spec.shape)) return null;
    return read(w.name);
  };
}
