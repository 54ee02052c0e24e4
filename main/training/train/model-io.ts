import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { TrainingErrorCode } from '../../../shared/api/training';
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

export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (artifacts) => {
    mkdirSync(dir, { recursive: true });
    const weights = new Uint8Array(
      artifacts.weightData === undefined
        ? new ArrayBuffer(0)
        : tf.io.CompositeArrayBuffer.join(artifacts.weightData),
    );
    writeFileAtomicSync(join(dir, WEIGHTS_BIN), weights);
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: 'Stride',
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
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

export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(fileSaveHandler(dir));
}

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
