import { describe, expect, it } from 'vitest';
import { describeMemory, memoryBudget } from '../../../../main/training/backends/memory';

const GiB = 1024 ** 3;
const device = (totalBytes: number | null, maxTensorBytes: number | null = null) => ({
  totalBytes,
  maxTensorBytes,
  source: 'test device',
});

describe('what a rung can give a run', () => {
  it('budgets a share of what the rung reported', () => {
    expect(memoryBudget('cpu', device(16 * GiB)).budgetBytes).toBe(8 * GiB);
    expect(memoryBudget('tensorflow-cpu', device(16 * GiB)).budgetBytes).toBe(8 * GiB);
    expect(memoryBudget('wasm', device(4 * GiB)).budgetBytes).toBe(Math.floor(4 * GiB * 0.8));
    expect(memoryBudget('tensorflow-gpu', device(80 * GiB))).toMatchObject({
      budgetBytes: Math.floor(80 * GiB * 0.8),
      maxTensorBytes: null,
      source: '80 % of 80.0 GiB: test device',
    });
  });

  it('on WebGPU, which does not say how much it has: half the system memory, and one buffer’s limit', () => {
    expect(memoryBudget('webgpu', device(null, 256 * 1024 ** 2), 64 * GiB)).toEqual({
      budgetBytes: 32 * GiB,
      maxTensorBytes: 256 * 1024 ** 2,
      source: "half of the system's 64.0 GiB, since test device",
    });
  });

  it('describes a device for the doctor', () => {
    expect(describeMemory({ totalBytes: 4 * GiB, maxTensorBytes: null, source: 'the wasm heap' })).toBe(
      '4.00 GiB (the wasm heap)',
    );
    expect(describeMemory(device(null, GiB))).toBe('largest tensor 1.00 GiB (test device)');
    expect(describeMemory(device(null))).toBe('unknown (test device)');
  });
});
