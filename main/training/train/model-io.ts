import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { TrainingErrorCode } from '../../../shared/api/training';
import { STRIDE_GRAPH_KEY, strideGraphMeta } from '../../../shared/codegen/keras-json';
import type { KerasTopology } from '../../../shared/codegen/keras-topology';
import type { GraphDoc } from '../../../shared/graph/schema';
import '../model/custom-layers';

/**
 * The tfjs model format on disk without tfjs-node (whose `file://` handler is the usual way, and which is not
 * installed here): `model.json` (topology + weights manifest) and one `weights.bin`, exactly what
 * `tf.loadLayersModel('file://…/model.json')` under tfjs-node, or `http://…/model.json` in a browser, reads.
 */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** Written to a temp name and renamed, so a crash never leaves half a file under the real name. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

export interface SaveOptions {
  /** Kept in model.json's `userDefinedMetadata` (tfjs itself ignores it when loading). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Layer names in the order model.json should list them (tfjs writes its own topological order). */
  readonly layerOrder?: readonly string[];
}

/**
 * The topology with its layers listed in `order` (names not in it keep their place after those that are).
 * Any topological order loads the same model, and tfjs's loader resolves inbound layers listed later anyway;
 * the importer compares a model.json's layers in order with the embedded graph's, so this keeps them equal.
 */
export function inLayerOrder(topology: unknown, order: readonly string[]): unknown {
  if (typeof topology !== 'object' || topology === null) return topology;
  const config = (topology as { config?: unknown }).config;
  if (typeof config !== 'object' || config === null) return topology;
  const layers = (config as { layers?: unknown }).layers;
  if (!Array.isArray(layers)) return topology;
  const rank = new Map(order.map((name, i) => [name, i]));
  const rankOf = (layer: unknown) => {
    const name = typeof layer === 'object' && layer !== null ? (layer as { name?: unknown }).name : null;
    return typeof name === 'string' ? (rank.get(name) ?? order.length) : order.length;
  };
  const sorted = layers
    .map((layer: unknown, i) => ({ layer, i }))
    .sort((a, b) => rankOf(a.layer) - rankOf(b.layer) || a.i - b.i);
  return { ...topology, config: { ...config, layers: sorted.map((x) => x.layer) } };
}

export function fileSaveHandler(dir: string, options: SaveOptions = {}): tf.io.IOHandler {
  const { metadata = {}, layerOrder } = options;
  return tf.io.withSaveHandler(async (artifacts) => {
    mkdirSync(dir, { recursive: true });
    const weights = new Uint8Array(
      artifacts.weightData === undefined
        ? new ArrayBuffer(0)
        : tf.io.CompositeArrayBuffer.join(artifacts.weightData),
    );
    writeFileAtomicSync(join(dir, WEIGHTS_BIN), weights);
    const modelJson = {
      modelTopology:
        layerOrder === undefined
          ? artifacts.modelTopology
          : inLayerOrder(artifacts.modelTopology, layerOrder),
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: 'Stride',
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      ...(Object.keys(metadata).length === 0 ? {} : { userDefinedMetadata: metadata }),
    };
    writeFileAtomicSync(join(dir, MODEL_JSON), JSON.stringify(modelJson));
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        weightDataBytes: weights.byteLength,
      },
    };
  });
}

export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  options: SaveOptions = {},
): Promise<void> {
  await model.save(fileSaveHandler(dir, options));
}

/**
 * How a run saves its model: with the graph that trained under the key the tfjs/Keras exports use
 * (shared/codegen/keras-json.ts), and the layers in that graph's order, so `stride import
 * <run>/model/model.json` (and the designer's import) restores exactly that graph, blocks included.
 */
export const runModelOptions = (graph: GraphDoc, topology: KerasTopology): SaveOptions => ({
  metadata: { [STRIDE_GRAPH_KEY]: strideGraphMeta(graph) },
  layerOrder: topology.layers.map((l) => l.name),
});

/** Loads a model saved by saveModel (custom layers registered by the import above). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  let json: { modelTopology?: unknown; weightsManifest?: { weights?: tf.io.WeightsManifestEntry[] }[] };
  let weights: Buffer;
  try {
    json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as typeof json;
    weights = readFileSync(join(dir, WEIGHTS_BIN));
  } catch (error) {
    throw new StrideFailure(
      TrainingErrorCode.runNoModel,
      `No saved model in ${dir} (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const specs = (json.weightsManifest ?? []).flatMap((group) => group.weights ?? []);
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: specs, weightData: buffer }),
  );
}
