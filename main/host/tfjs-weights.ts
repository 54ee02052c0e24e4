import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Result } from '../../shared/api/errors';
import type { ManifestWeight, ManifestWeights } from '../../shared/codegen/onnx/weights';
import { ok } from '../../shared/api/errors';
import { manifestWeights, weightsFileError } from '../../shared/codegen/onnx/weights';
import { FileReadError, readRegularFile } from './regular-file';

/** model.json is topology and a manifest: far below this even for VGG-16. */
const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
/** An ONNX file holds at most 2 GiB (protobuf), so no weights it could take are larger. */
const MAX_SHARD_BYTES = 2 ** 31 - 1;

interface ManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly ManifestWeight[];
}

function manifestOf(json: unknown): ManifestGroup[] | null {
  const groups = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(groups)) return null;
  const out: ManifestGroup[] = [];
  for (const g of groups as unknown[]) {
    const { paths, weights } = (g ?? {}) as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(paths) || !Array.isArray(weights)) return null;
    if (!paths.every((p): p is string => typeof p === 'string' && p !== '')) return null;
    const ws: ManifestWeight[] = [];
    for (const w of weights as unknown[]) {
      const { name, shape, dtype } = (w ?? {}) as { name?: unknown; shape?: unknown; dtype?: unknown };
      if (typeof name !== 'string' || !Array.isArray(shape) || typeof dtype !== 'string') return null;
      if (!shape.every((d): d is number => Number.isInteger(d) && (d as number) >= 0)) return null;
      ws.push({ name, shape, dtype });
    }
    out.push({ paths, weights: ws });
  }
  return out;
}

/**
 * The weights of a tfjs layers model on disk — a folder holding model.json, or model.json itself, with its
 * weight shards beside it (a run's `model/`, `stride export --format tfjs`, `stride import --weights-out`).
 * Shards are read only from model.json's own folder: a manifest cannot point elsewhere.
 */
export async function readTfjsWeights(path: string): Promise<Result<ManifestWeights>> {
  let file = resolve(path);
  let text: string;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'model.json');
    text = (await readRegularFile(file, MAX_MODEL_JSON_BYTES)).toString('utf8');
  } catch (error) {
    return weightsFileError(error instanceof FileReadError ? error.message : `no model.json at ${path}`);
  }
  let groups: ManifestGroup[] | null;
  try {
    groups = manifestOf(JSON.parse(text) as unknown);
  } catch (error) {
    return weightsFileError(
      `${file} is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (groups === null) return weightsFileError(`${file} has no valid weightsManifest`);
  const folder = dirname(file);
  const chunks: Uint8Array[] = [];
  for (const p of groups.flatMap((g) => g.paths)) {
    const shard = resolve(folder, p);
    if (dirname(shard) !== folder)
      return weightsFileError(`the manifest names a shard outside ${folder}: ${p}`);
    try {
      chunks.push(new Uint8Array(await readRegularFile(shard, MAX_SHARD_BYTES)));
    } catch (error) {
      return weightsFileError(
        error instanceof FileReadError ? error.message : `the weight shard ${shard} is missing`,
      );
    }
  }
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  const weights = manifestWeights(
    groups.flatMap((g) => g.weights),
    data,
  );
  if ('error' in weights) return weightsFileError(`${file}: ${weights.error}`);
  return ok(weights);
}
