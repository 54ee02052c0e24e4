import { totalmem } from 'node:os';
import { formatBytes } from '../../../shared/analysis/memory';
import type { DeviceMemory, RungName } from './types';

/**
 * The device side of the memory check before training: what a rung's device holds (`selection.memory`,
 * rungs.ts) and how much of it a run may use. The estimate of what a run needs is the one in
 * shared/analysis/memory.ts (the designer shows the same numbers); train/memory-check.ts compares the two.
 */

/** "4.00 GiB (the 4 GiB heap of 32-bit WebAssembly)" — the doctor's line for a rung's memory. */
export function describeMemory(memory: DeviceMemory): string {
  const parts = [
    memory.totalBytes === null ? null : formatBytes(memory.totalBytes),
    memory.maxTensorBytes === null ? null : `largest tensor ${formatBytes(memory.maxTensorBytes)}`,
  ].filter((p): p is string => p !== null);
  return `${parts.join(', ') || 'unknown'} (${memory.source})`;
}

export interface MemoryBudget {
  readonly budgetBytes: number;
  /** Largest single tensor the device accepts, where it says. */
  readonly maxTensorBytes: number | null;
  readonly source: string;
}

/**
 * Only part of what the device reports, since the estimate leaves out backend workspace (im2col buffers,
 * XNNPACK packing) and allocator slack:
 *   memory of its own (a GPU, the wasm32 heap)   80 %
 *   system memory (cpu, tensorflow-cpu)          50 %: the machine runs other things
 *   WebGPU                                       it does not report the GPU's size: half the system memory is
 *                                                assumed (said so in the message), and its largest buffer caps
 *                                                any one tensor
 */
export function memoryBudget(
  rung: RungName,
  memory: DeviceMemory,
  systemBytes: number = totalmem(),
): MemoryBudget {
  if (memory.totalBytes === null)
    return {
      budgetBytes: Math.floor(systemBytes / 2),
      maxTensorBytes: memory.maxTensorBytes,
      source: `half of the system's ${formatBytes(systemBytes)}, since ${memory.source}`,
    };
  const dedicated = rung === 'tensorflow-gpu' || rung === 'wasm';
  const share = dedicated ? 0.8 : 0.5;
  return {
    budgetBytes: Math.floor(memory.totalBytes * share),
    maxTensorBytes: memory.maxTensorBytes,
    source: `${share * 100} % of ${formatBytes(memory.totalBytes)}: ${memory.source}`,
  };
}
