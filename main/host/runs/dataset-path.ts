import { promises as fs } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { isWithin } from '../paths';
import { isBuiltInDataset } from '../../../shared/datasets/builtin';

export const DATASET_PATH_REFUSED = 'DATASET_PATH_REFUSED';

/**
 * Which dataset folders a page may name. The worker decodes every image of the folder and `runs.testImages`
 * hands their pixels back, so in browser mode — where any script in the page reaches the host — a folder must
 * lie inside the project folder (after resolving symlinks), as project files must. The desktop app's renderer
 * is our own code under a strict CSP and may name any folder; `stride train` runs as the user and is not
 * checked. Built-in datasets are always allowed. Returns the spec to give the worker (an absolute path).
 */
export async function checkDatasetPath(
  dataset: string,
  options: { mode: 'electron' | 'browser' | 'test'; projectsDir: string },
): Promise<string> {
  if (isBuiltInDataset(dataset)) return dataset;
  const absolute = isAbsolute(dataset) ? resolve(dataset) : resolve(options.projectsDir, dataset);
  if (options.mode !== 'browser') return absolute;
  const root = resolve(options.projectsDir);
  const real = await fs.realpath(absolute).catch(() => absolute);
  const realRoot = await fs.realpath(root).catch(() => root);
  if (!isWithin(root, absolute) || !isWithin(realRoot, real))
    throw new StrideFailure(
      DATASET_PATH_REFUSED,
      `Refused to read ${dataset}: in browser mode a dataset folder must be inside the project folder ${root}.`,
    );
  return absolute;
}
