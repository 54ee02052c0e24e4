import { describe, expect, it } from 'vitest';
import { read, repoFiles, sourceFiles } from './files';

/**
 * Exported values (functions, constants, classes) that the product never uses. A value only tests or
 * benchmarks call is dead code with a test attached: the test pins behaviour nothing depends on, and readers
 * take its comment at its word. Types are left out (the API contract exports types for its clients).
 *
 * The names are matched as words, which over-counts uses (a local of the same name elsewhere hides a dead
 * export) but never reports a used export as dead.
 */
const TEST_SEAMS: Readonly<Record<string, string>> = {
  // Each entry: `file: name` → why tests may be its only caller.
  'renderer/src/training/stream.ts: resetTrainingStream':
    'module state (the one event subscription) that each test must start without',
  'renderer/src/store/history.ts: NEVER':
    'the third undo policy; the history tests pin that it records nothing',
  'shared/codegen/codes.ts: EXPORT_CODES':
    'the meanings of the export and import codes, documentation as data: the codes test checks it is complete',
  'shared/teaching/examples.ts: STRIDE_INPUT':
    "the notes' stride worked example, kept beside the others as a test vector; no lesson opens on it",
};

const EXPORTED_VALUE = /^export (?:async )?(?:function\*?|const|let|class|enum|abstract class) (\w+)/gm;

function findUnused(): { name: string; where: string; testsOnly: boolean }[] {
  const sources = sourceFiles();
  const text = new Map(sources.map((f) => [f, read(f)]));
  const others = repoFiles()
    .filter((f) => /^test\/.*\.(ts|tsx|mjs|cjs|js)$/.test(f))
    .map((f) => read(f));
  const found: { name: string; where: string; testsOnly: boolean }[] = [];
  for (const [file, body] of text) {
    for (const match of body.matchAll(EXPORTED_VALUE)) {
      const name = match[1] as string;
      const pattern = `(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`;
      if ((body.match(new RegExp(pattern, 'g')) ?? []).length > 1) continue; // used in its own file
      const word = new RegExp(pattern);
      if ([...text].some(([other, t]) => other !== file && word.test(t))) continue;
      found.push({ name, where: `${file}: ${name}`, testsOnly: others.some((t) => word.test(t)) });
    }
  }
  return found;
}

describe('dead code', () => {
  const unused = findUnused();

  it('every exported value is used by the product, or is a test seam listed with its reason', () => {
    const unexplained = unused.filter((u) => !(u.where in TEST_SEAMS));
    expect(
      unexplained.map((u) => `${u.where}${u.testsOnly ? ' (used by tests only)' : ' (used nowhere)'}`),
    ).toEqual([]);
  });

  it('the list of test seams holds no stale entry', () => {
    const seams = new Set(unused.filter((u) => u.testsOnly).map((u) => u.where));
    expect(Object.keys(TEST_SEAMS).filter((k) => !seams.has(k))).toEqual([]);
  });
});
