import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
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

  it('every package a bundle loads at run time is a declared dependency of the packaged app', () => {
    const app = JSON.parse(readFileSync(join(process.cwd(), 'app', 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const declared = new Set([
      ...Object.keys(app.dependencies ?? {}),
      ...Object.keys(app.optionalDependencies ?? {}),
    ]);
    for (const bundle of ['main/index.cjs', 'worker/index.cjs']) {
      if (!existsSync(join(dist, bundle))) continue;
      const packages = requires(bundle).filter(
        (name) => name !== 'electron' && !name!.startsWith('node:') && !builtinModules.includes(name!),
      );
      for (const name of packages) expect(declared, `${bundle} requires ${name}`).toContain(name);
    }
  });

  it('pins every @tensorflow package of the packaged app to the same version as the repo', () => {
    const read = (file: string) =>
      JSON.parse(readFileSync(join(process.cwd(), file), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
    const repo = read('package.json');
    const app = read('app/package.json');
    const versions = new Set<string>();
    for (const manifest of [repo, app]) {
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
        for (const [name, version] of Object.entries(manifest[field] ?? {})) {
          if (name.startsWith('@tensorflow/')) versions.add(version);
        }
      }
    }
    expect([...versions], 'one tfjs version everywhere (two tfjs-core copies lose backends)').toHaveLength(1);
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const [name, version] of Object.entries(app[field] ?? {})) {
        const inRepo = repo.dependencies?.[name] ?? repo.optionalDependencies?.[name];
        expect(version, name).toBe(inRepo);
      }
    }
  });
});
