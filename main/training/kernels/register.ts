import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { cpuKernels } from './cpu';
import { cpuElementwiseKernels } from './cpu-elementwise';
import { cpuResizeKernels } from './cpu-resize';
import { asKernelFunc, type KernelArgs, type OurKernelConfig, type TensorInfo } from './kernel-types';
import { installDilatedConvGradient } from './gradients';
import { wasmKernels } from './wasm';

/** The backends we ship kernels for. */
export type KernelBackendName = 'cpu' | 'wasm';

/** Stock kernels we replaced, per backend, so they can be restored and delegated to. */
const replaced = new Map<KernelBackendName, Map<string, KernelConfig | null>>();

function ours(backend: KernelBackendName): OurKernelConfig[] {
  if (backend === 'wasm') return wasmKernels();
  const stock = (name: string): ((a: KernelArgs) => TensorInfo) | undefined => {
    const saved = replaced.get('cpu')?.get(name);
    return saved === null || saved === undefined
      ? undefined
      : (saved.kernelFunc as unknown as (a: KernelArgs) => TensorInfo);
  };
  return [...cpuKernels(stock), ...cpuElementwiseKernels(stock), ...cpuResizeKernels(stock)];
}

/**
 * Registers our kernels for `backend` with tf.registerKernel (replacing the stock ones, which are kept).
 * Idempotent; returns the names of the kernels that are ours after the call.
 */
export function installKernels(backend: KernelBackendName): string[] {
  const configs = ours(backend);
  if (!replaced.has(backend)) {
    const saved = new Map<string, KernelConfig | null>();
    for (const { kernelName, kernelFunc } of configs) {
      const stock = getKernel(kernelName, backend);
      saved.set(kernelName, stock ?? null);
      if (stock !== undefined) unregisterKernel(kernelName, backend);
      registerKernel({ kernelName, backendName: backend, kernelFunc: asKernelFunc(kernelFunc) });
    }
    replaced.set(backend, saved);
  }
  installDilatedConvGradient(() => new Set(replaced.keys()));
  return configs.map((c) => c.kernelName);
}

/** Puts the stock kernels back (tests use it to compute references; the bench to measure "stock"). */
export function uninstallKernels(backend: KernelBackendName): void {
  const saved = replaced.get(backend);
  if (saved === undefined) return;
  for (const [kernelName, stock] of saved) {
    unregisterKernel(kernelName, backend);
    if (stock !== null) registerKernel(stock);
  }
  replaced.delete(backend);
}
