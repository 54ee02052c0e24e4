import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../../shared/analysis/codes';
import { EXPORT_CODES } from '../../../shared/codegen/codes';

const root = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('diagnostic codes', () => {
  it('every code the model core emits is documented in DIAGNOSTIC_CODES or EXPORT_CODES, and every documented code is used', () => {
    const files = [
      ...['graph', 'layers', 'analysis', 'codegen'].flatMap((d) => sources(join(root, 'shared', d))),
      ...sources(join(root, 'main', 'cli')),
    ].filter((f) => !f.endsWith('codes.ts'));
    const used = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['`]([A-Z]+(?:_[A-Z]+)+)['`]/g))
        used.add(m[1] as string);
    }
    const documented = [...Object.keys(DIAGNOSTIC_CODES), ...Object.keys(EXPORT_CODES)];
    expect(new Set(documented).size).toBe(documented.length); // no code in both tables
    expect([...used].sort()).toEqual(documented.sort());
  });
});
