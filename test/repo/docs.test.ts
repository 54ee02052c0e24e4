import { existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read, repoFiles } from './files';

/**
 * The repository stands alone: its docs explain things in their own words and nothing in it points at files
 * outside it (a reader of a fresh clone has nothing else). README is the user's guide; docs/ hold details,
 * one copy of each text.
 */
const TEXT = /\.(ts|tsx|js|mjs|cjs|md|json|ya?ml|sh|py|css|html)$/;
// Built so that this file does not name them itself.
const OUTSIDE_NAMES = ['ARCHITECTURE', 'ENVIRONMENT', 'STYLE'].map((n) => `${n}.md`);
const TEAM_NOTES = new RegExp(['hand', 'book'].join(''), 'i');
const root = process.cwd();

const textFiles = () => repoFiles().filter((f) => TEXT.test(f) && f !== 'package-lock.json');

describe('the repository stands alone', () => {
  it('names no document that lives outside it', () => {
    const found: string[] = [];
    for (const file of textFiles()) {
      const text = read(file);
      for (const name of OUTSIDE_NAMES) if (text.includes(name)) found.push(`${file}: ${name}`);
      if (TEAM_NOTES.test(text)) found.push(`${file}: ${TEAM_NOTES.source}`);
    }
    expect(found).toEqual([]);
  });

  it('has no relative path that climbs out of it (../shared and the like)', () => {
    const found: string[] = [];
    // Tests are left out: they hold such paths on purpose (hostile inputs, imports placed virtually elsewhere).
    for (const file of textFiles().filter((f) => !f.startsWith('test/'))) {
      for (const m of read(file).matchAll(/(?<![\w./])((?:\.\.\/)+)([\w@][\w./@-]*)/g)) {
        const target = normalize(join(root, dirname(file), `${m[1]}${m[2]}`));
        if (relative(root, target).startsWith('..')) found.push(`${file}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('keeps one copy of each README text: no docs/readme-*.md', () => {
    expect(repoFiles().filter((f) => /^docs\/readme-.*\.md$/.test(f))).toEqual([]);
  });

  it('links only to files that exist (README and docs/)', () => {
    const broken: string[] = [];
    for (const file of repoFiles().filter((f) => /^(README|docs\/.*)\.md$/.test(f))) {
      for (const m of read(file).matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        const target = m[1] as string;
        if (/^[a-z]+:/.test(target)) continue; // a URL
        if (!existsSync(join(root, dirname(file), target))) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
