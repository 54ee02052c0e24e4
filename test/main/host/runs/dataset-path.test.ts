import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatasetPath } from '../../../../main/host/runs/dataset-path';

const root = mkdtempSync(join(tmpdir(), 'stride-dataset-path-'));
const projectsDir = join(root, 'projects');
const outside = join(root, 'outside');
mkdirSync(join(projectsDir, 'photos'), { recursive: true });
mkdirSync(outside, { recursive: true });
symlinkSync(outside, join(projectsDir, 'sneaky'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dataset folders a page may name', () => {
  it('built-in datasets are always allowed', async () => {
    expect(await checkDatasetPath('mnist', { mode: 'browser', projectsDir })).toBe('mnist');
    expect(await checkDatasetPath('shapes', { mode: 'browser', projectsDir })).toBe('shapes');
  });

  it('browser mode: inside the project folder only (relative paths resolve there), symlinks included', async () => {
    expect(await checkDatasetPath('photos', { mode: 'browser', projectsDir })).toBe(
      join(projectsDir, 'photos'),
    );
    expect(await checkDatasetPath(join(projectsDir, 'photos'), { mode: 'browser', projectsDir })).toBe(
      join(projectsDir, 'photos'),
    );
    for (const path of [outside, '../outside', join(projectsDir, 'sneaky'), '/etc'])
      await expect(checkDatasetPath(path, { mode: 'browser', projectsDir })).rejects.toMatchObject({
        code: 'DATASET_PATH_REFUSED',
      });
  });

  it('the desktop app may name any folder', async () => {
    expect(await checkDatasetPath(outside, { mode: 'electron', projectsDir })).toBe(outside);
  });
});
