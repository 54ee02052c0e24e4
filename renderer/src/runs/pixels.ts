/**
 * Turning what the host sends (test images as bytes, filters and feature maps as floats) into RGBA pixels for a
 * canvas. Pure, so the scaling rules are tested without a canvas.
 */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Row-major H×W×C bytes (C = 1 grey, 3 RGB; otherwise the first channel) → RGBA. */
export function imageToRgba(shape: readonly [number, number, number], pixels: readonly number[]): Rgba {
  const [h, w, c] = shape;
  const data = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i += 1) {
    const base = i * c;
    const r = pixels[base] ?? 0;
    data[i * 4] = r;
    data[i * 4 + 1] = c === 3 ? (pixels[base + 1] ?? 0) : r;
    data[i * 4 + 2] = c === 3 ? (pixels[base + 2] ?? 0) : r;
    data[i * 4 + 3] = 255;
  }
  return { width: w, height: h, data };
}

/**
 * One filter [c][y][x] → RGBA. Weights are scaled symmetrically around zero by the layer's largest magnitude
 * (so every filter of a layer shares one scale): zero is mid-grey, positive bright, negative dark. Three
 * input channels show as colour; any other count as the channels' mean.
 */
export function filterToRgba(
  filter: readonly (readonly (readonly number[])[])[],
  min: number,
  max: number,
): Rgba {
  const c = filter.length;
  const h = filter[0]?.length ?? 0;
  const w = filter[0]?.[0]?.length ?? 0;
  const scale = Math.max(Math.abs(min), Math.abs(max), 1e-12);
  const level = (v: number) => 128 + (127 * v) / scale;
  const data = new Uint8ClampedArray(h * w * 4);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const o = (y * w + x) * 4;
      if (c === 3) {
        for (let k = 0; k < 3; k += 1) data[o + k] = level(filter[k]?.[y]?.[x] ?? 0);
      } else {
        let sum = 0;
        for (let k = 0; k < c; k += 1) sum += filter[k]?.[y]?.[x] ?? 0;
        const g = level(c === 0 ? 0 : sum / c);
        data[o] = data[o + 1] = data[o + 2] = g;
      }
      data[o + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}

/** One feature map [y][x] → RGBA, min..max of its layer mapped to black..white. */
export function mapToRgba(map: readonly (readonly number[])[], min: number, max: number): Rgba {
  const h = map.length;
  const w = map[0]?.length ?? 0;
  const span = max - min > 1e-12 ? max - min : 1;
  const data = new Uint8ClampedArray(h * w * 4);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const o = (y * w + x) * 4;
      const g = (255 * ((map[y]?.[x] ?? min) - min)) / span;
      data[o] = data[o + 1] = data[o + 2] = g;
      data[o + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}
