import { describe, expect, it } from 'vitest';
import { checkDatasetFit } from '../../../shared/datasets/fit';

describe('checkDatasetFit', () => {
  it('accepts a matching input', () => {
    expect(checkDatasetFit([28, 28, 1], [28, 28, 1])).toBeNull();
  });

  it('LeNet-5 (32×32×1) on MNIST (28×28×1): set the input, or pad 2', () => {
    const problem = checkDatasetFit([32, 32, 1], [28, 28, 1], 'input');
    expect(problem).toMatchObject({ code: 'DATASET_SHAPE_MISMATCH', severity: 'error', nodeId: 'input' });
    expect(problem?.message).toBe('The input expects 32×32×1 images, but the dataset has 28×28×1.');
    expect(problem?.fix).toBe('set Input to 28×28×1, or resize to 32×32 (pad 2)');
    expect(problem?.suggestions).toEqual([
      { action: 'set-input', shape: [28, 28, 1] },
      { action: 'pad', pad: [2, 2, 2, 2], shape: [32, 32, 1] },
    ]);
  });

  it('a smaller input than the images: resize', () => {
    expect(checkDatasetFit([24, 24, 3], [32, 32, 3])?.fix).toBe(
      'set Input to 32×32×3, or resize the images to 24×24 (bilinear)',
    );
  });

  it('uneven padding is spelled out per side', () => {
    expect(checkDatasetFit([31, 30, 1], [28, 28, 1])?.suggestions[1]).toEqual({
      action: 'pad',
      pad: [1, 2, 1, 1],
      shape: [31, 30, 1],
    });
  });

  it('channels: an RGB network on gray MNIST', () => {
    const problem = checkDatasetFit([28, 28, 3], [28, 28, 1]);
    expect(problem?.fix).toBe('set Input to 28×28×1, or convert the images to RGB (3 channels)');
    expect(problem?.suggestions.at(-1)).toEqual({ action: 'convert-channels', channels: 3 });
  });

  it('a flat input (Dense first) against images', () => {
    expect(checkDatasetFit([784], [28, 28, 1])?.message).toBe(
      'The input expects shape 784, but the dataset has images of 28×28×1 (height×width×channels).',
    );
  });
});
