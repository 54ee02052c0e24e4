import { describe, expect, it } from 'vitest';
import {
  checkTrainingMemory,
  describeMemory,
  estimateTrainingMemory,
  formatBytes,
} from '../../../../main/training/backends/memory';

const wasm = {
  totalBytes: 4_294_901_760,
  maxTensorBytes: null,
  source: 'the 4 GiB heap of 32-bit WebAssembly',
};

describe('the memory check before training', () => {
  // Seed Keras net: 93,322 params; layer outputs per sample 21,632 + 5,408 + 7,744 + 1,600 + 576 + 576 + 64 + 10 floats.
  const seed = estimateTrainingMemory({
    params: 93_322,
    activationBytesPerSample: 4 * 37_610,
    largestActivationBytesPerSample: 4 * 21_632,
    batchSize: 64,
    optimizer: 'adam',
  });

  it('counts weights, gradients, optimizer slots and activations', () => {
    expect(seed.parameterBytes).toBe(4 * 93_322 * 4);
    expect(seed.activationBytes).toBe(3 * 4 * 37_610 * 64);
    expect(seed.largestTensorBytes).toBe(4 * 21_632 * 64);
    expect(
      estimateTrainingMemory({ params: 10, activationBytesPerSample: 0, batchSize: 1, optimizer: 'sgd' })
        .parameterBytes,
    ).toBe(80);
  });

  it('lets the seed net train on wasm', () => {
    expect(() => checkTrainingMemory(seed, wasm, 64)).not.toThrow();
  });

  it('refuses VGG-16 at 224×224, batch 64, on wasm, and says which batch size fits', () => {
    const vgg = estimateTrainingMemory({
      params: 138_357_544,
      activationBytesPerSample: 4 * 15_262_696,
      batchSize: 64,
      optimizer: 'adam',
    });
    expect(() => checkTrainingMemory(vgg, wasm, 64)).toThrow(
      expect.objectContaining({
        code: 'TRAINING_OUT_OF_MEMORY',
        message: expect.stringMatching(
          /needs about 13\.0 GiB \(weights and optimizer 2\.1 GiB, activations 10\.9 GiB\) but the device has 4\.0 GiB .* use a batch size of at most 11\./,
        ),
      }),
    );
  });

  it('refuses a model whose weights alone do not fit', () => {
    const huge = estimateTrainingMemory({
      params: 400_000_000,
      activationBytesPerSample: 1000,
      batchSize: 1,
      optimizer: 'adam',
    });
    expect(() => checkTrainingMemory(huge, wasm, 1)).toThrow(/the weights alone do not fit/);
  });

  it('on WebGPU, where only the largest buffer is known, checks the largest activation', () => {
    const webgpu = { totalBytes: null, maxTensorBytes: 256 * 1024 * 1024, source: 'WebGPU adapter limits' };
    expect(() => checkTrainingMemory(seed, webgpu, 64)).not.toThrow();
    const big = estimateTrainingMemory({
      params: 1,
      activationBytesPerSample: 1,
      largestActivationBytesPerSample: 4 * 224 * 224 * 64,
      batchSize: 256,
      optimizer: 'sgd',
    });
    expect(() => checkTrainingMemory(big, webgpu, 256)).toThrow(/more than one buffer may hold/);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(4_294_901_760)).toBe('4.0 GiB');
    expect(describeMemory(wasm)).toBe('4.0 GiB (the 4 GiB heap of 32-bit WebAssembly)');
  });
});
