import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { Result } from '../../shared/api/errors';
import type { GraphDoc } from '../../shared/graph/schema';
import { fail, ok } from '../../shared/api/errors';
import { analyzeGraph } from '../../shared/analysis/analyze';
import { onnxBytes } from '../../shared/codegen/onnx/export';
import { tempPathFor } from './atomic';
import { readTfjsWeights } from './tfjs-weights';

export interface OnnxFileOptions {
  /** A tfjs model (folder or model.json) holding the graph's weights by name: a run's `model/` folder. */
  readonly weights?: string | undefined;
  /** Seed of the initial weights when `weights` is not given (as `stride export --format tfjs`). */
  readonly seed?: number | undefined;
  readonly producerVersion?: string;
}

export interface OnnxFileWritten {
  readonly bytes: number;
  /** Where the weights came from: the tfjs model given, or the seeded initial weights. */
  readonly weights: 'given' | 'initial';
}

/**
 * Writes `doc` as one ONNX file, chunk by chunk (ResNet-50 is 100 MB) to a temp file renamed into place. With
 * `weights`, every weight of the graph must be there by name and shape and every weight there must be the
 * graph's: a run's weights never land in another network (ONNX_EXPORT_WEIGHTS).
 */
export async function writeOnnxFile(
  path: string,
  doc: GraphDoc,
  options: OnnxFileOptions = {},
): Promise<Result<OnnxFileWritten>> {
  const source = options.weights === undefined ? null : await readTfjsWeights(options.weights);
  if (source !== null && !source.ok) return source;
  const encoded = onnxBytes(
    doc,
    {
      ...(source === null ? { seed: options.seed ?? 1 } : { weights: source.value.lookup }),
      ...(options.producerVersion === undefined ? {} : { producerVersion: options.producerVersion }),
    },
    analyzeGraph(doc),
  );
  if (!encoded.ok) return encoded;
  const unused = source === null ? [] : source.value.unused();
  if (unused.length > 0) {
    return fail(
      'ONNX_EXPORT_WEIGHTS',
      `${unused.length} weight(s) of ${options.weights ?? ''} are not in the graph (${unused.slice(0, 3).join(', ')}${unused.length > 3 ? ', …' : ''}): they belong to another network.`,
    );
  }
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const handle = await fs.open(temp, 'wx', 0o666);
  try {
    for (const part of encoded.value.parts) await handle.write(part);
    await handle.sync();
    await handle.close();
    await fs.rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  return ok({ bytes: encoded.value.length, weights: source === null ? 'initial' : 'given' });
}
