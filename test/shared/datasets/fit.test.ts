import { describe, expect, it } from 'vitest';
import { checkDatasetFit } from '../../../shared/datasets/fit';
import { describeTransform, fitTransform, transformedShape } from '../../../shared/datasets/transform';

describe('checkDatasetFit', () => {
  it('accepts a matching input', () => {
    expect(checkDatasetFit([28, 28, 1], [28, 28, 1])).toBeNull();
  });

  it('LeNet-5 (32×32×1) on MNIST (28×28×1): pad 2 with zeros first, then set the input', () => {
    const problem = checkDatasetFit([32, 32, 1], [28, 28, 1], 'input');
    expect(problem).toMatchObject({ code: 'DATASET_SHAPE_MISMATCH', severity: 'error', nodeId: 'input' });
    expect(problem?.message).toBe('The input expects 32×32×1 images, but the dataset has 28×28×1.');
    expect(problem?.fix).toBe('pad 2 pixels with zeros (28×28×1 → 32×32×1), or set Input to 28×28×1');
    expect(problem?.suggestions).toEqual([
      { action: 'transform', transform: { pad: [2, 2, 2, 2] }, shape: [32, 32, 1] },
      { action: 'set-input', shape: [28, 28, 1] },
    ]);
  });

  it('offers set-input only when the graph accepts the new input (LeNet-5 C5 does not)', () => {
    const problem = checkDatasetFit([32, 32, 1], [28, 28, 1], 'input', { inputWorks: () => false });
    expect(problem?.suggestions.map((s) => s.action)).toEqual(['transform']);
    expect(problem?.fix).toBe('pad 2 pixels with zeros (28×28×1 → 32×32×1)');
  });

  it('a smaller input than the images: resize', () => {
    expect(checkDatasetFit([24, 24, 3], [32, 32, 3])?.fix).toBe(
      'resize to 24×24 (32×32×3 → 24×24×3), or set Input to 32×32×3',
    );
  });

  it('uneven padding is spelled out per side', () => {
    expect(checkDatasetFit([31, 30, 1], [28, 28, 1])?.suggestions[0]).toEqual({
      action: 'transform',
      transform: { pad: [1, 2, 1, 1] },
      shape: [31, 30, 1],
    });
  });

  it('a large growth is a resize, not a frame of zeros; gray into RGB repeats the channel', () => {
    expect(fitTransform([227, 227, 3], [28, 28, 1])).toEqual({ channels: 3, resize: [227, 227] });
    expect(transformedShape([28, 28, 1], { channels: 3, resize: [227, 227] })).toEqual([227, 227, 3]);
    expect(describeTransform({ channels: 3, resize: [227, 227] }, [28, 28, 1])).toBe(
      'repeat the gray channel into RGB, resize to 227×227 (28×28×1 → 227×227×3)',
    );
  });

  it('channels: an RGB network on gray MNIST', () => {
    const problem = checkDatasetFit([28, 28, 3], [28, 28, 1]);
    expect(problem?.fix).toBe(
      'repeat the gray channel into RGB (28×28×1 → 28×28×3), or set Input to 28×28×1',
    );
    expect(problem?.suggestions[0]).toEqual({
      action: 'transform',
      transform: { channels: 3 },
      shape: [28, 28, 3],
    });
  });

  it('no transform for channel counts other than 1 and 3', () => {
    expect(fitTransform([28, 28, 4], [28, 28, 1])).toBeNull();
    expect(checkDatasetFit([28, 28, 4], [28, 28, 1])?.suggestions).toEqual([
      { action: 'set-input', shape: [28, 28, 1] },
    ]);
  });

  it('a flat input (Dense first) against images', () => {
    expect(checkDatasetFit([784], [28, 28, 1])?.message).toBe(
      'The input expects shape 784, but the dataset has images of 28×28×1 (height×width×channels).',
    );
  });
});
