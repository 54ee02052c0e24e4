import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StrideFailure } from '../../../../shared/api/errors';
import {
  nodeLadderEnvironment,
  type LadderEnvironment,
} from '../../../../main/training/backends/environment';
import { explainTensorflowLoadError } from '../../../../main/training/backends/fixes';
import { attemptRung, selectBackend } from '../../../../main/training/backends/ladder';
import { locateWasmDir } from '../../../../main/training/backends/rungs';
import { RUNGS } from '../../../../main/training/backends/types';

const real = nodeLadderEnvironment();

/** The real machine with some answers replaced. */
function staged(overrides: Partial<LadderEnvironment>): LadderEnvironment {
  return { ...real, ...overrides };
}

afterEach(() => {
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
});

describe('the backend ladder on this machine', () => {
  it('auto picks the first rung that works and gives a reason for every better rung', async () => {
    const selection = await selectBackend('auto');
    const index = RUNGS.indexOf(selection.rung);
    expect(selection.skipped.map((s) => s.backend)).toEqual(RUNGS.slice(0, index));
    for (const s of selection.skipped) expect(s.reason.length).toBeGreaterThan(10);
    // The torch rungs train in another process: tfjs's backend is set by the tfjs rungs only.
    if (selection.backend !== 'torch') expect(tf.getBackend()).toBe(selection.backend);
    expect(selection.device.length).toBeGreaterThan(0);
    expect(selection.selectedBecause).toMatch(new RegExp(`^auto chose ${selection.rung}: `));
    if (real.resolvePackage('@tensorflow/tfjs-node-gpu') === null) {
      expect(selection.skipped.find((s) => s.backend === 'tensorflow-gpu')?.reason).toMatch(
        /tfjs-node-gpu is not installed \(optional dependency/,
      );
    }
  });

  it('--backend wasm forces wasm with our kernels, SIMD reported', async () => {
    const selection = await selectBackend('wasm');
    expect(selection).toMatchObject({ rung: 'wasm', backend: 'wasm', skipped: [] });
    expect(selection.kernels).toContain('Conv2DBackpropFilter');
    expect(selection.details.simd).toMatch(/yes|no/);
    expect(selection.memory.totalBytes).toBeGreaterThan(0);
    expect(selection.memory.totalBytes).toBeLessThanOrEqual(4_294_901_760);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('--backend cpu forces cpu with our kernels', async () => {
    const selection = await selectBackend('cpu');
    expect(selection).toMatchObject({ rung: 'cpu', backend: 'cpu' });
    expect(selection.kernels).toEqual(
      expect.arrayContaining(['Conv2D', 'Conv2DBackpropFilter', 'MaxPoolGrad']),
    );
  });

  it('--backend tensorflow without tfjs-node fails with a coded error naming both rungs', async () => {
    // A machine without either package, whatever this one has.
    const without = staged({
      resolvePackage: (name, from) =>
        name.startsWith('@tensorflow/tfjs-node') ? null : real.resolvePackage(name, from),
    });
    const error = await selectBackend('tensorflow', without).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrideFailure);
    expect((error as StrideFailure).code).toBe('BACKEND_UNAVAILABLE');
    expect((error as StrideFailure).message).toMatch(
      /tensorflow-gpu: .*not installed.*tensorflow-cpu: .*not installed/,
    );
    expect((error as StrideFailure).message).toMatch(
      /npm install --save-exact @tensorflow\/tfjs-node-gpu@4\.22\.0/,
    );
  });
});

describe('the installed tfjs', () => {
  it('is one copy of tfjs-core, and every @tensorflow package is exactly 4.22.0', () => {
    const root = join(process.cwd(), 'node_modules');
    const found: string[] = [];
    // Top level and one level of nesting (node_modules/<pkg>/node_modules/@tensorflow/…) is where npm puts copies.
    const scan = (dir: string, depth: number): void => {
      if (!existsSync(dir)) return;
      const tf = join(dir, '@tensorflow');
      if (existsSync(tf)) for (const name of readdirSync(tf)) found.push(join(tf, name));
      if (depth === 0) return;
      for (const entry of readdirSync(dir)) {
        const pkgs = entry.startsWith('@')
          ? readdirSync(join(dir, entry)).map((n) => join(dir, entry, n))
          : [join(dir, entry)];
        for (const pkg of pkgs) scan(join(pkg, 'node_modules'), depth - 1);
      }
    };
    scan(root, 1);
    const cores = found.filter((p) => p.endsWith(join('@tensorflow', 'tfjs-core')));
    expect(cores).toEqual([join(root, '@tensorflow', 'tfjs-core')]);
    for (const pkg of found) {
      const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string })
        .version;
      expect(`${pkg}@${version}`).toBe(`${pkg}@4.22.0`);
    }
  });
});

describe('rungs on a staged machine', () => {
  const withPackage =
    (name: string, version: string, coreDir?: string): LadderEnvironment['resolvePackage'] =>
    (pkg, from) => {
      if (pkg === name) return { dir: `/fake/node_modules/${name}`, version };
      if (pkg === '@tensorflow/tfjs-core' && from === `/fake/node_modules/${name}` && coreDir !== undefined)
        return { dir: coreDir, version: '4.22.0' };
      return real.resolvePackage(pkg, from);
    };

  it('a tfjs-node-gpu of another version is refused with the exact pin', async () => {
    const env = staged({ resolvePackage: withPackage('@tensorflow/tfjs-node-gpu', '4.21.0') });
    const outcome = await attemptRung('tensorflow-gpu', env);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/4\.21\.0, not 4\.22\.0/) });
    expect(outcome.ok ? '' : outcome.fix).toMatch(/--save-exact @tensorflow\/tfjs-node-gpu@4\.22\.0/);
  });

  it('a second copy of tfjs-core is refused', async () => {
    const env = staged({
      resolvePackage: withPackage('@tensorflow/tfjs-node-gpu', '4.22.0', '/fake/nested/tfjs-core'),
    });
    const outcome = await attemptRung('tensorflow-gpu', env);
    expect(outcome).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/its own copy of @tensorflow\/tfjs-core/),
    });
  });

  it('a missing CUDA runtime is named, with the fix', async () => {
    const env = staged({
      resolvePackage: withPackage('@tensorflow/tfjs-node-gpu', '4.22.0'),
      load: () =>
        Promise.reject(
          new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory'),
        ),
    });
    const outcome = await attemptRung('tensorflow-gpu', env);
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'CUDA 11.2 runtime library libcudart.so.11.0 not found',
    });
    expect(outcome.ok ? '' : outcome.fix).toMatch(/cuda-cudart-11-2/);
  });

  it('trusts the boolean of setBackend, not getBackend', async () => {
    const env = staged({
      resolvePackage: withPackage('@tensorflow/tfjs-node', '4.22.0'),
      load: async () => {
        tf.registerBackend('tensorflow', () => {
          throw new Error('native init failed');
        });
      },
    });
    const outcome = await attemptRung('tensorflow-cpu', env);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/setBackend returned false/) });
  });

  it('a loaded tfjs-node-gpu that sees no GPU is not reported as a GPU', async () => {
    const cpu = tf.findBackend('cpu');
    const env = staged({
      resolvePackage: withPackage('@tensorflow/tfjs-node-gpu', '4.22.0'),
      load: async () => {
        tf.registerBackend(
          'tensorflow',
          () =>
            Object.assign(Object.create(cpu as object) as object, {
              isGPUPackage: true,
              isUsingGpuDevice: false,
            }) as unknown as tf.KernelBackend,
        );
      },
    });
    const outcome = await attemptRung('tensorflow-gpu', env);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/found no usable CUDA GPU/) });
  });

  it('the wasm binaries are looked for in STRIDE_WASM_DIR, beside the bundle, then in the package', () => {
    const pkgDist = join(real.resolvePackage('@tensorflow/tfjs-backend-wasm')?.dir ?? '', 'dist');
    expect(existsSync(join(pkgDist, 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
    expect(locateWasmDir(staged({ bundleDirs: ['/nowhere'] }))).toBe(pkgDist);
    const exists = (dir: string) => (p: string) => p.startsWith(dir);
    expect(locateWasmDir(staged({ bundleDirs: ['/bundle'], fileExists: exists('/bundle') }))).toBe('/bundle');
    expect(
      locateWasmDir(staged({ env: { STRIDE_WASM_DIR: '/custom' }, fileExists: exists('/custom') })),
    ).toBe('/custom');
    expect(locateWasmDir(staged({ bundleDirs: [], fileExists: () => false }))).toBeNull();
  });

  it('a wasm rung without binaries says so', async () => {
    const outcome = await attemptRung('wasm', staged({ bundleDirs: [], fileExists: () => false }));
    expect(outcome).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/\.wasm binaries were not found/),
    });
  });

  it('a rung that throws or hangs becomes a reason, never a crash', async () => {
    const hang = staged({
      resolvePackage: withPackage('@tensorflow/tfjs-node', '4.22.0'),
      load: () => new Promise(() => undefined),
    });
    expect(await attemptRung('tensorflow-cpu', hang, 50)).toMatchObject({
      ok: false,
      reason: 'did not answer within 0 s',
    });
    const boom = staged({
      resolvePackage: () => {
        throw new Error('disk on fire');
      },
    });
    expect(await attemptRung('wasm', boom)).toMatchObject({ ok: false, reason: 'failed: disk on fire' });
  });
});

describe('libtensorflow load errors', () => {
  it.each([
    [
      // What an install without its scripts (npm ci --ignore-scripts, or a blocked download) leaves behind.
      'The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node. \nPlease run command ...',
      /installed but its native binding was not built or downloaded/,
      /npm rebuild @tensorflow\/tfjs-node-gpu/,
    ],
    [
      'libtensorflow.so.2: cannot open shared object file: No such file or directory',
      /without libtensorflow/,
      /npm rebuild/,
    ],
    [
      'libcudnn.so.8: cannot open shared object file',
      /cuDNN 8 library libcudnn\.so\.8 not found/,
      /libcudnn8=8\.1/,
    ],
    [
      'libcublas.so.11: cannot open shared object file',
      /CUDA 11\.2 runtime library libcublas\.so\.11/,
      /cuda-cudart-11-2/,
    ],
    [
      "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.26' not found",
      /newer C\/C\+\+ runtime/,
      /glibc/,
    ],
  ])('%s', (message, reason, fix) => {
    const explained = explainTensorflowLoadError('@tensorflow/tfjs-node-gpu', message);
    expect(explained.reason).toMatch(reason);
    expect(explained.fix).toMatch(fix);
  });
});
