import { describe, expect, it } from 'vitest';
import { read, sourceFiles } from './files';

/**
 * An error code that has a named constant (`export const X = 'CODE'`, or a property of an
 * `export const Codes = {...} as const` table) is spelled through that constant by main/ and renderer/, so
 * renaming a code is one edit the compiler follows, and a typo cannot compile. (The model core in shared/
 * spells its diagnostic codes as literals; test/shared/analysis/codes.test.ts checks each against its table.)
 */
const CODE = '([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)';

function codeConstants(files: readonly string[]): { values: Map<string, string>; lines: Set<string> } {
  const values = new Map<string, string>();
  const lines = new Set<string>();
  for (const file of files) {
    let inTable = false;
    read(file)
      .split('\n')
      .forEach((line, i) => {
        if (/^export const \w+ = \{$/.test(line)) inTable = true;
        const single = new RegExp(`^(?:export )?const \\w+ = '${CODE}';$`).exec(line);
        const entry = inTable ? new RegExp(`^ {2}\\w+: '${CODE}',$`).exec(line) : null;
        const value = single?.[1] ?? entry?.[1];
        if (value !== undefined) {
          if (!values.has(value)) values.set(value, file);
          lines.add(`${file}:${i}`);
        }
        if (/^\}/.test(line)) inTable = false;
      });
  }
  return { values, lines };
}

describe('error codes', () => {
  it('main/ and renderer/ use the constant where a code has one', () => {
    const files = sourceFiles();
    const { values, lines } = codeConstants(files);
    expect(values.get('TRAINING_BUSY')).toBe('shared/api/training.ts'); // the scan sees the tables
    const literals: string[] = [];
    for (const file of files.filter((f) => /^(main|renderer)\//.test(f)))
      read(file)
        .split('\n')
        .forEach((line, i) => {
          if (lines.has(`${file}:${i}`)) return;
          for (const m of line.matchAll(new RegExp(`'${CODE}'`, 'g'))) {
            const home = values.get(m[1] as string);
            if (home !== undefined) literals.push(`${file}:${i + 1} spells '${m[1]}' (constant in ${home})`);
          }
        });
    expect(literals).toEqual([]);
  });
});
