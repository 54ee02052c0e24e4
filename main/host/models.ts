import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { StrideFailure } from '../../shared/api/errors';
import type { HostService } from '../../shared/api/types';
import { TrainingErrorCode } from '../../shared/api/training';
import {
  importModelJson,
  ImportErrorCode,
  IMPORT_LIMITS,
  kerasBinaryRefusal,
} from '../../shared/codegen/import/import';
import { importedWeightLookup } from '../../shared/codegen/import/weights';
import { GraphDocSchema, type GraphDoc } from '../../shared/graph/schema';
import { ImportIdSchema, MAX_UPLOAD_SHARD_BYTES } from '../../shared/api/ns/models';
import type { HostDeps } from './deps';
import { isWithin } from './paths';
import { FileReadError, NOT_REGULAR, readRegularFile } from './regular-file';
import { checkDatasetPath } from './runs/dataset-path';
import { RUN_FILES, type RunStore } from './runs/store';
import { readTfjsWeights } from './tfjs-weights';
import { writeTfjsModel } from './tfjs-write';
import { writeFileAtomic } from './atomic';
import type { WorkerHost } from './worker/host';

/** Codes of the models namespace (besides the importer's own IMPORT_* refusals). */
export const ModelsErrorCode = {
  notFound: 'IMPORT_NOT_FOUND',
  noWeights: 'IMPORT_NO_WEIGHTS',
  pathRefused: 'IMPORT_PATH_REFUSED',
  weightsFile: 'IMPORT_WEIGHTS_FILE',
} as const;

const IMPORT_RECORD = 'import.json';
const ImportRecordSchema = z.object({ graph: GraphDocSchema, source: z.string(), createdAt: z.string() });

/** Where an import's weights live: <dataDir>/imports/<id>/ (model.json, weights.bin, import.json). */
export function importDir(dataDir: string, importId: string): string {
  if (!ImportIdSchema.safeParse(importId).success)
    throw new StrideFailure(ModelsErrorCode.notFound, `No imported model ${importId}.`);
  return join(dataDir, 'imports', importId);
}

/** The graph an import was saved with and the folder of its tfjs model. */
export async function readImport(
  dataDir: string,
  importId: string,
): Promise<{ dir: string; graph: GraphDoc }> {
  const dir = importDir(dataDir, importId);
  try {
    const record = ImportRecordSchema.parse(JSON.parse(await fs.readFile(join(dir, IMPORT_RECORD), 'utf8')));
    return { dir, graph: record.graph };
  } catch {
    throw new StrideFailure(
      ModelsErrorCode.noWeights,
      `The imported model ${importId} has no weights kept on this host (imported without its shards, or deleted).`,
    );
  }
}

/** As dataset folders: in browser mode a model file must be inside the project folder. */
async function modelPath(path: string, deps: HostDeps): Promise<string> {
  const absolute = isAbsolute(path) ? resolve(path) : resolve(deps.projectsDir, path);
  if (deps.mode !== 'browser') return absolute;
  const root = resolve(deps.projectsDir);
  const real = await fs.realpath(absolute).catch(() => absolute);
  const realRoot = await fs.realpath(root).catch(() => root);
  if (!isWithin(root, absolute) || !isWithin(realRoot, real))
    throw new StrideFailure(
      ModelsErrorCode.pathRefused,
      `Refused to read ${path}: in browser mode a model file must be inside the project folder ${root}.`,
    );
  return absolute;
}

async function readModelText(path: string): Promise<string> {
  try {
    return (await readRegularFile(path, IMPORT_LIMITS.maxChars * 4)).toString('utf8');
  } catch (error) {
    if (error instanceof FileReadError && error.code === NOT_REGULAR)
      throw new StrideFailure('FILE_NOT_REGULAR', `${path} is not a regular file.`);
    if (error instanceof FileReadError)
      throw new StrideFailure(
        ImportErrorCode.tooLarge,
        `${path} is ${error.size} bytes, far over the import limit.`,
      );
    throw new StrideFailure('FILE_NOT_FOUND', `Cannot read ${path}.`);
  }
}

const newImportId = () => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

type ImportOutput = Awaited<ReturnType<HostService['models']['import']>>;

/** One model file on the host → the import (refused, or with its weights kept under <data>/imports/<id>). */
async function importFileWith(
  deps: HostDeps,
  file: string,
  lenient: boolean,
  shownAs: string | null,
): Promise<ImportOutput> {
  const binary = kerasBinaryRefusal(file);
  if (binary !== null) throw new StrideFailure(binary.code, binary.message);
  const result = importModelJson(await readModelText(file), { lenient });
  if (!result.ok) {
    // One message naming every layer (the UI shows it; the CLI prints the same list line by line).
    const lines = result.errors.filter((e) => e !== result.error).map((e) => `${e.code}: ${e.message}`);
    throw new StrideFailure(result.error.code, [result.error.message, ...lines].join('\n'));
  }
  const { manifest } = result.value;
  const r = result.value.report;
  const report = {
    ...r,
    issues: r.issues.map((i) => ({ ...i })),
    diagnostics: r.diagnostics.map((d) => ({ ...d })),
    counts: r.counts.map((c) => ({ ...c })),
  };
  let graph = result.value.doc;
  if (manifest === null)
    return { graph, report, importId: null, weights: { status: 'none', reinitialised: [] } };
  const shards = await readTfjsWeights(file);
  if (!shards.ok)
    return {
      graph,
      report,
      importId: null,
      weights: { status: 'missing', reinitialised: [], message: shards.error.message },
    };
  const importId = newImportId();
  const dir = importDir(deps.dataDir, importId);
  graph = { ...graph, meta: { ...graph.meta, importId } };
  const written = await writeTfjsModel(
    dir,
    graph,
    importedWeightLookup(report.counts, manifest, shards.value.get),
    // Exact imports take every weight from the file; a lenient one reinitialises what it changed.
    { generatedBy: `Stride ${deps.version} (import of ${shownAs ?? file})`, seed: lenient ? 1 : null },
  );
  if (!written.ok) {
    await fs.rm(dir, { recursive: true, force: true });
    throw new StrideFailure(ModelsErrorCode.weightsFile, `${file}: ${written.error.message}`);
  }
  await writeFileAtomic(
    join(dir, IMPORT_RECORD),
    JSON.stringify({ graph, source: shownAs ?? file, createdAt: new Date().toISOString() }),
  );
  return {
    graph,
    report,
    importId,
    weights: { status: 'kept', reinitialised: [...written.value.reinitialised] },
  };
}

export function createModelsNamespace(
  deps: HostDeps,
  runs: { readonly store: RunStore; readonly inspector: WorkerHost },
): HostService['models'] {
  const importFile = (file: string, lenient: boolean, shownAs: string | null) =>
    importFileWith(deps, file, lenient, shownAs);
  return {
    async import({ path, upload, lenient }) {
      if (upload !== undefined) {
        // Written to a private folder and imported from there as from any path, then removed.
        const staging = join(deps.dataDir, 'imports', `.upload-${newImportId()}`);
        await fs.mkdir(staging, { recursive: true });
        try {
          await fs.writeFile(join(staging, 'model.json'), upload.modelJson);
          let total = 0;
          for (const shard of upload.shards) {
            const bytes = Buffer.from(shard.base64, 'base64');
            total += bytes.length;
            if (total > MAX_UPLOAD_SHARD_BYTES)
              throw new StrideFailure(
                ImportErrorCode.tooLarge,
                'The weight shards are over 64 MB: import the model from a path.',
              );
            await fs.writeFile(join(staging, basename(shard.name)), bytes);
          }
          return await importFile(join(staging, 'model.json'), lenient, upload.name);
        } finally {
          await fs.rm(staging, { recursive: true, force: true });
        }
      }
      return importFile(await modelPath(path ?? '', deps), lenient, null);
    },

    async evaluate({ source, dataset, limit, seed, transform, normalize }) {
      let modelDir: string;
      let graph: GraphDoc;
      if (source.kind === 'import') {
        const imported = await readImport(deps.dataDir, source.importId);
        ({ graph } = imported);
        modelDir = imported.dir;
      } else {
        const detail = await runs.store.detail(source.runId);
        if (!detail.hasModel)
          throw new StrideFailure(
            TrainingErrorCode.runNoModel,
            `The run ${source.runId} has no saved model.`,
          );
        graph = (await runs.store.read(source.runId)).graph;
        modelDir = join(runs.store.dir(source.runId), RUN_FILES.model);
      }
      return runs.inspector.run({
        kind: 'evaluate',
        modelDir,
        graph,
        dataset: await checkDatasetPath(dataset, deps),
        seed,
        normalize,
        ...(limit === undefined ? {} : { limit }),
        ...(transform === undefined ? {} : { transform }),
      });
    },
  };
}
