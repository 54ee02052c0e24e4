import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../shared/api/errors';
import type { GraphDoc } from '../../shared/graph/schema';
import type { WeightLookup } from '../../shared/codegen/onnx/weights';
import { ok } from '../../shared/api/errors';
import { initialWeights } from '../../shared/codegen/onnx/weights';
import { IMPORT_WEIGHTS_FILE } from '../../shared/codegen/import/weights';
import { tfjsArtifacts, WEIGHTS_FILE } from '../../shared/codegen/tfjs-artifacts';
import { tempPathFor, writeFileAtomic } from './atomic';

export interface TfjsWritten {
  /** Stride weight names `lookup` had no values for, drawn from the seeded initialisation instead. */
  readonly reinitialised: readonly string[];
  readonly bytes: number;
}

/**
 * A graph and its weights as a tfjs layers model in `dir` (model.json + weights.bin, Stride's layer names, the
 * graph kept in the metadata): what tf.loadLayersModel, a run's `model/`, training's initial weights and
 * `stride export --format onnx --weights` read. Each weight comes from `lookup`; one it lacks is drawn from the
 * seeded initialisation (`seed`) and named in `reinitialised`, or fails the write when `seed` is null.
 * weights.bin is written chunk by chunk to a temp file and renamed; model.json last, so a folder never holds
 * a model.json whose weights are partial.
 */
export async function writeTfjsModel(
  dir: string,
  doc: GraphDoc,
  lookup: WeightLookup,
  options: { readonly generatedBy: string; readonly seed: number | null },
): Promise<Result<TfjsWritten>> {
  const artifacts = tfjsArtifacts(doc, { generatedBy: options.generatedBy });
  if (!artifacts.ok) return artifacts;
  await fs.mkdir(dir, { recursive: true });
  const target = join(dir, WEIGHTS_FILE);
  const temp = tempPathFor(target);
  const handle = await fs.open(temp, 'w');
  const reinitialised: string[] = [];
  const fresh = options.seed === null ? null : initialWeights(options.seed);
  try {
    for (const spec of artifacts.value.weights) {
      let values = lookup(spec);
      if (values === null && fresh !== null) {
        values = fresh(spec);
        reinitialised.push(spec.name);
      }
      if (values === null) throw new MissingWeight(spec.name, spec.shape);
      await handle.write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    if (error instanceof MissingWeight)
      return {
        ok: false,
        error: { code: IMPORT_WEIGHTS_FILE, severity: 'error', nodeId: null, message: error.message },
      };
    throw error;
  }
  await fs.rename(temp, target);
  await writeFileAtomic(join(dir, 'model.json'), `${JSON.stringify(artifacts.value.modelJson)}\n`);
  return ok({ reinitialised, bytes: artifacts.value.totalBytes });
}

class MissingWeight extends Error {
  constructor(name: string, shape: readonly number[]) {
    super(`The weights hold no ${name} of shape [${shape.join(', ')}].`);
  }
}
