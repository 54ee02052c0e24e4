import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { installKernels } from '../kernels/register';
import type { LadderEnvironment } from './environment';
import { explainTensorflowLoadError, FIX, TFJS_VERSION } from './fixes';
import { smokeTest } from './smoke';
import { decideTorchCpu, decideTorchGpu } from '../torch/device';
import { skip, type DeviceMemory, type RungName, type RungOutcome, type RungSkipped } from './types';

const WASM32_HEAP_BYTES = 4_294_901_760; // tfjs-backend-wasm's emscripten heap limit (getHeapMax)

const systemMemory = (env: LadderEnvironment): DeviceMemory => ({
  totalBytes: env.totalMemoryBytes(),
  maxTensorBytes: null,
  source: 'system memory',
});

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Every @tensorflow package must be the exact version of ours and share our one copy of tfjs-core. */
function packageProblem(env: LadderEnvironment, rung: RungName, pkg: string): RungSkipped | { dir: string } {
  const found = env.resolvePackage(pkg);
  if (found === null) return skip(rung, `${pkg} is not installed`);
  if (found.version !== TFJS_VERSION)
    return skip(rung, `${pkg} is version ${found.version}, not ${TFJS_VERSION}`, {
      fix: FIX.pinVersion(pkg, found.version),
    });
  const theirs = env.resolvePackage('@tensorflow/tfjs-core', found.dir);
  const ours = env.resolvePackage('@tensorflow/tfjs-core');
  if (theirs !== null && ours !== null && theirs.dir !== ours.dir)
    return skip(
      rung,
      `${pkg} brings its own copy of @tensorflow/tfjs-core (${theirs.dir}); a backend registered there is invisible to ours`,
      {
        fix: `remove the nested copy: npm dedupe, with every @tensorflow package pinned to ${TFJS_VERSION}`,
      },
    );
  return { dir: found.dir };
}

async function activate(rung: RungName, backend: string): Promise<RungOutcome | null> {
  // setBackend resolves false on failure while getBackend() may still name the backend: trust the boolean.
  const ok = await tf.setBackend(backend).catch(() => false);
  return ok ? null : skip(rung, `the ${backend} backend failed to initialise (tf.setBackend returned false)`);
}

async function ready(
  rung: RungName,
  device: string,
  kernels: readonly string[],
  details: Record<string, string>,
  memory: DeviceMemory,
): Promise<RungOutcome> {
  try {
    const { milliseconds } = await smokeTest();
    return {
      ok: true,
      rung,
      backend: tf.getBackend(),
      device,
      kernels,
      details: { ...details, smokeTestMs: String(milliseconds) },
      memory,
    };
  } catch (error) {
    return skip(
      rung,
      `the ${tf.getBackend()} backend loaded but failed the smoke test (conv2d, matMul, gradient)`,
      { detail: message(error) },
    );
  }
}

export async function tryTensorflow(
  rung: 'tensorflow-gpu' | 'tensorflow-cpu',
  env: LadderEnvironment,
): Promise<RungOutcome> {
  const gpu = rung === 'tensorflow-gpu';
  const gpuPackage = '@tensorflow/tfjs-node-gpu';
  // libtensorflow of tfjs-node-gpu runs on the CPU too: when the GPU rung loaded it but found no GPU, reuse it.
  const reuse = !gpu && tf.findBackendFactory('tensorflow') !== null;
  const pkg = gpu || reuse ? gpuPackage : '@tensorflow/tfjs-node';
  if (!reuse) {
    const problem = packageProblem(env, rung, pkg);
    if ('ok' in problem) {
      if (problem.reason.endsWith('is not installed'))
        return skip(
          rung,
          `${pkg} is not installed (optional dependency; its install downloads libtensorflow from Google storage)`,
          {
            fix: gpu ? FIX.installNodeGpu : FIX.installNodeCpu,
          },
        );
      return problem;
    }
    try {
      await env.load(pkg);
    } catch (error) {
      const { reason, fix } = explainTensorflowLoadError(pkg, message(error));
      return skip(rung, reason, { detail: message(error), fix });
    }
  }
  const failed = await activate(rung, 'tensorflow');
  if (failed !== null) return failed;
  const backend = tf.backend() as { isGPUPackage?: boolean; isUsingGpuDevice?: boolean };
  if (gpu && backend.isUsingGpuDevice !== true)
    return skip(
      rung,
      `${gpuPackage} loaded, but TensorFlow found no usable CUDA GPU (it needs CUDA 11.2 and cuDNN 8.1 exactly)`,
      {
        fix: 'run `stride doctor` to see which CUDA/cuDNN libraries are missing or of the wrong version',
      },
    );
  const first = gpu ? env.nvidiaGpus()[0] : undefined;
  const device = gpu ? (first?.name ?? 'CUDA GPU') : env.cpuModel();
  const memory: DeviceMemory =
    gpu && first?.memoryMiB != null
      ? {
          totalBytes: first.memoryMiB * 1024 * 1024,
          maxTensorBytes: null,
          source: `${first.name} memory (nvidia-smi)`,
        }
      : systemMemory(env);
  return ready(
    rung,
    device,
    [],
    {
      package: `${pkg}@${TFJS_VERSION}`,
      libtensorflow: '2.9.1',
      ...(reuse ? { note: 'CPU mode of the GPU package' } : {}),
    },
    memory,
  );
}

interface GpuAdapterLike {
  limits?: { maxBufferSize?: number };
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  requestAdapterInfo?: () => Promise<GpuAdapterLike['info']>;
}
interface GpuLike {
  requestAdapter(options?: object): Promise<GpuAdapterLike | null>;
}

/** Dawn's globals and `navigator.gpu` must exist before tfjs-backend-webgpu loads (docs/training-backends.md). */
function exposeWebGpu(globals: object, gpu: GpuLike): void {
  Object.assign(globalThis, globals);
  const current = (globalThis as { navigator?: object }).navigator;
  try {
    Object.defineProperty(globalThis, 'navigator', {
      value: { ...(current ?? {}), gpu },
      configurable: true,
      writable: true,
    });
  } catch {
    if (current !== undefined) Object.defineProperty(current, 'gpu', { value: gpu, configurable: true });
  }
}

export async function tryWebgpu(env: LadderEnvironment): Promise<RungOutcome> {
  const rung = 'webgpu';
  const dawn = env.resolvePackage('webgpu');
  if (dawn === null)
    return skip(rung, 'the npm package webgpu (Dawn for Node) is not installed', { fix: FIX.installWebgpu });
  const problem = packageProblem(env, rung, '@tensorflow/tfjs-backend-webgpu');
  if ('ok' in problem) return { ...problem, fix: problem.fix ?? FIX.installWebgpu };
  let gpu: GpuLike;
  try {
    const mod = (await env.load('webgpu')) as {
      create?: (flags: string[]) => GpuLike;
      globals?: object;
      default?: unknown;
    };
    const api = (mod.create === undefined ? mod.default : mod) as {
      create: (flags: string[]) => GpuLike;
      globals: object;
    };
    gpu = api.create([]);
    exposeWebGpu(api.globals, gpu);
  } catch (error) {
    return skip(
      rung,
      `webgpu ${dawn.version} could not load Dawn (dawn.node) on ${process.platform}-${process.arch}`,
      { detail: message(error) },
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null)
    return skip(rung, 'no WebGPU adapter: Dawn found no Vulkan/Metal/D3D12 GPU', {
      fix: process.platform === 'linux' ? FIX.vulkanLoader : FIX.noAdapter,
    });
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
  try {
    await env.load('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    return skip(rung, '@tensorflow/tfjs-backend-webgpu failed to load', { detail: message(error) });
  }
  const failed = await activate(rung, 'webgpu');
  if (failed !== null) return failed;
  const device =
    [info.description, [info.vendor, info.architecture, info.device].filter((s) => s).join(' ')].find(
      (s) => s !== undefined && s.length > 0,
    ) ?? 'WebGPU adapter';
  const maxBuffer = adapter.limits?.maxBufferSize;
  return ready(
    rung,
    device,
    [],
    {
      package: `webgpu@${dawn.version}`,
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      adapter: info.description ?? '',
    },
    {
      totalBytes: null,
      maxTensorBytes: typeof maxBuffer === 'number' ? maxBuffer : null,
      source: 'WebGPU adapter limits (maxBufferSize; WebGPU does not report total GPU memory)',
    },
  );
}

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/** The folder holding the .wasm binaries: STRIDE_WASM_DIR, beside the bundle, or inside the npm package. */
export function locateWasmDir(env: LadderEnvironment): string | null {
  const pkg = env.resolvePackage('@tensorflow/tfjs-backend-wasm');
  const candidates = [
    env.env.STRIDE_WASM_DIR,
    ...env.bundleDirs,
    pkg === null ? undefined : join(pkg.dir, 'dist'),
  ];
  for (const dir of candidates) {
    if (dir !== undefined && dir.length > 0 && WASM_FILES.every((f) => env.fileExists(join(dir, f))))
      return dir;
  }
  return null;
}

export async function tryWasm(env: LadderEnvironment): Promise<RungOutcome> {
  const rung = 'wasm';
  const problem = packageProblem(env, rung, '@tensorflow/tfjs-backend-wasm');
  if ('ok' in problem) return problem;
  const dir = locateWasmDir(env);
  if (dir === null)
    return skip(rung, 'the tfjs-backend-wasm .wasm binaries were not found', { fix: FIX.wasmFiles });
  setWasmPaths(dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}/`);
  // The threaded build needs Web Workers; in Node (and Electron's utility process) it cannot start.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const failed = await activate(rung, 'wasm');
  if (failed !== null) return failed;
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const kernels = installKernels('wasm');
  const total = Math.min(WASM32_HEAP_BYTES, env.totalMemoryBytes());
  return ready(
    rung,
    env.cpuModel(),
    kernels,
    { simd: simd ? 'yes' : 'no', threads: '1', wasmDir: dir },
    {
      totalBytes: total,
      maxTensorBytes: null,
      source: total === WASM32_HEAP_BYTES ? 'the 4 GiB heap of 32-bit WebAssembly' : 'system memory',
    },
  );
}

export async function tryCpu(env: LadderEnvironment): Promise<RungOutcome> {
  const failed = await activate('cpu', 'cpu');
  if (failed !== null) return failed;
  // The stock cpu backend prints a "install tfjs-node" banner on first use; the ladder reports that itself.
  (tf.backend() as { firstUse?: boolean }).firstUse = false;
  const kernels = installKernels('cpu');
  return ready('cpu', env.cpuModel(), kernels, {}, systemMemory(env));
}

/**
 * The PyTorch engine (main/training/torch): the user's Python with torch, probed once per process. Nothing is
 * loaded into this process; the probe itself is the smoke test (a conv, a matmul and their gradients on each
 * kind of device, run by the engine script), and the device decision is decideTorchGpu/Cpu.
 */
export async function tryTorch(
  rung: 'torch-gpu' | 'torch-cpu',
  env: LadderEnvironment,
): Promise<RungOutcome> {
  const probe = await env.torchProbe();
  const gpus = rung === 'torch-gpu' || probe.kind === 'facts' ? env.nvidiaGpus() : [];
  const machine = {
    nvidiaGpus: gpus,
    driverCuda: gpus.length > 0 ? env.nvidiaDriverCuda() : null,
    forced: env.env.STRIDE_TORCH_DEVICE,
    platform: process.platform,
  };
  const decision =
    rung === 'torch-gpu' ? decideTorchGpu(probe, machine) : decideTorchCpu(probe, machine, env.cpuModel());
  if (!decision.ok)
    return skip(rung, decision.reason, {
      ...(decision.fix === undefined ? {} : { fix: decision.fix }),
      ...(decision.detail === undefined ? {} : { detail: decision.detail }),
    });
  if (probe.kind !== 'facts') return skip(rung, 'no probe');
  const f = probe.facts;
  const versions: Record<string, string> = {
    python: f.python,
    torch: f.torch ?? '',
    ...(f.cuda === null ? {} : { cuda: f.cuda }),
    ...(f.hip === null ? {} : { rocm: f.hip }),
  };
  const memory: DeviceMemory =
    decision.memoryBytes !== null
      ? { totalBytes: decision.memoryBytes, maxTensorBytes: null, source: `${decision.name} memory (torch)` }
      : systemMemory(env);
  return {
    ok: true,
    rung,
    backend: 'torch',
    device: decision.name,
    kernels: [],
    details: { ...decision.details },
    memory,
    engine: {
      python: probe.python.path,
      script: probe.engine,
      device: decision.device,
      gpus: decision.gpus,
      versions,
    },
  };
}

export function tryRung(rung: RungName, env: LadderEnvironment): Promise<RungOutcome> {
  switch (rung) {
    case 'torch-gpu':
    case 'torch-cpu':
      return tryTorch(rung, env);
    case 'tensorflow-gpu':
    case 'tensorflow-cpu':
      return tryTensorflow(rung, env);
    case 'webgpu':
      return tryWebgpu(env);
    case 'wasm':
      return tryWasm(env);
    case 'cpu':
      return tryCpu(env);
  }
}
