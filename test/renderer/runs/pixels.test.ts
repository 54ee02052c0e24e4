import { describe, expect, it } from 'vitest';
import { filterToRgba, imageToRgba, mapToRgba } from '../../../renderer/src/runs/pixels';

const px = (data: Uint8ClampedArray, i: number) => [...data.slice(i * 4, i * 4 + 4)];

describe('pixels for canvases', () => {
  it('expands grey and keeps RGB test images', () => {
    const grey = imageToRgba([1, 2, 1], [0, 200]);
    expect(grey.width).toBe(2);
    expect(px(grey.data, 1)).toEqual([200, 200, 200, 255]);
    const rgb = imageToRgba([1, 1, 3], [10, 20, 30]);
    expect(px(rgb.data, 0)).toEqual([10, 20, 30, 255]);
  });

  it('shows filter weights around mid-grey on the layer scale', () => {
    // One 1-channel 1×3 filter: −0.5, 0, 0.5 on a layer whose largest magnitude is 0.5.
    const img = filterToRgba([[[-0.5, 0, 0.5]]], -0.5, 0.25);
    expect(img.width).toBe(3);
    expect(img.height).toBe(1);
    expect(px(img.data, 0)).toEqual([1, 1, 1, 255]);
    expect(px(img.data, 1)).toEqual([128, 128, 128, 255]);
    expect(px(img.data, 2)).toEqual([255, 255, 255, 255]);
  });

  it('colours a filter that reads RGB', () => {
    const img = filterToRgba([[[1]], [[0]], [[-1]]], -1, 1);
    expect(px(img.data, 0)).toEqual([255, 128, 1, 255]);
  });

  it('maps a feature map from its layer minimum (black) to maximum (white)', () => {
    const img = mapToRgba(
      [
        [0, 1],
        [2, 4],
      ],
      0,
      4,
    );
    expect([0, 1, 2, 3].map((i) => img.data[i * 4])).toEqual([0, 64, 128, 255]);
    // A flat layer stays drawable.
    expect(mapToRgba([[3]], 3, 3).data[0]).toBe(0);
  });
});
