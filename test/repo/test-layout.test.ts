import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoFiles } from './files';

/**
 * test/ mirrors the sources: the tests of shared/graph/ are in test/shared/graph/, of main/host/runs/ in
 * test/main/host/runs/, of renderer/src/canvas/ in test/renderer/canvas/ (renderer/src is the renderer's root).
 * Beside the mirror, test/ holds suites that cut across the layers, each in a folder of its own.
 */
const CROSS_CUTTING = ['bench', 'e2e', 'fixtures', 'fuzz', 'gpu', 'repo', 'security', 'setup'];
const MIRRORED: Readonly<Record<string, string>> = {
  shared: 'shared',
  main: 'main',
  renderer: 'renderer/src',
};

function sourceFolderOf(testFolder: string): string | null {
  const [top, ...rest] = testFolder.split('/').slice(1);
  const base = top === undefined ? undefined : MIRRORED[top];
  if (base === undefined) return null;
  // Data a test reads (`fixtures/`) sits beside it and mirrors nothing.
  const parts = rest.slice(0, rest.indexOf('fixtures') === -1 ? undefined : rest.indexOf('fixtures'));
  return [base, ...parts].join('/');
}

describe('the test tree', () => {
  const folders = [
    ...new Set(
      repoFiles()
        .filter((f) => f.startsWith('test/'))
        .map((f) => f.slice(0, f.lastIndexOf('/'))),
    ),
  ];

  it('holds the mirrored layers and the cross-cutting suites, nothing else', () => {
    const tops = [...new Set(folders.map((f) => f.split('/')[1]).filter((t) => t !== undefined))];
    expect(tops.filter((t) => !(t in MIRRORED) && !CROSS_CUTTING.includes(t))).toEqual([]);
  });

  it('every folder under test/shared, test/main and test/renderer has a source folder of the same path', () => {
    const unmatched = folders
      .map((f) => ({ f, source: sourceFolderOf(f) }))
      .filter(({ source }) => source !== null && !(existsSync(source) && statSync(source).isDirectory()))
      .map(({ f, source }) => `${f} (no ${source}/)`);
    expect(unmatched).toEqual([]);
  });
});
