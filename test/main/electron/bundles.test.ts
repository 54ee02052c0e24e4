import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The bundles as built (test/setup/global-build.ts runs the Node build first).
const dist = join(process.cwd(), 'app', 'dist');
const requires = (file: string) =>
  [...readFileSync(join(dist, file), 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1],
  );

describe('Electron bundles', () => {
  it('the preload requires nothing but electron (a sandboxed preload cannot)', () => {
    expect(existsSync(join(dist, 'preload', 'index.cjs'))).toBe(true);
    expect(new Set(requires('preload/index.cjs'))).toEqual(new Set(['electron']));
  });

  it('the preload exposes exactly one global, window.stride, and never hands out ipcRenderer', () => {
    const code = readFileSync(join(dist, 'preload', 'index.cjs'), 'utf8');
    const exposures = [...code.matchAll(/exposeInMainWorld\(\s*["']([^"']+)["']/g)].map((m) => m[1]);
    expect(exposures).toEqual(['stride']);
    expect(code).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('the main bundle loads only electron and Node built-ins at run time', () => {
    const external = requires('main/index.cjs').filter(
      (name) => name !== 'electron' && !name!.startsWith('node:'),
    );
    expect(external).toEqual([]);
  });
});
