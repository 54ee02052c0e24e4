/**
 * Pixel work for loaded images: decoded RGBA bytes → float [0, 1] with the wanted channel count, resized with
 * bilinear interpolation (half-pixel centres, as tf.image.resizeBilinear with halfPixelCenters).
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  readonly data: Uint8Array;
}

/** RGBA bytes to floats in [0, 1]; alpha composites over black; 1 channel = luma (ITU-R BT.601). */
export function toChannels(image: RgbaImage, channels: 1 | 3): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) {
    const a = (image.data[i * 4 + 3] ?? 255) / 255;
    const r = ((image.data[i * 4] ?? 0) / 255) * a;
    const g = ((image.data[i * 4 + 1] ?? 0) / 255) * a;
    const b = ((image.data[i * 4 + 2] ?? 0) / 255) * a;
    if (channels === 1) out[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      out[i * 3] = r;
      out[i * 3 + 1] = g;
      out[i * 3 + 2] = b;
    }
  }
  return out;
}

/** Bilinear resize of an HWC float image into `out` at `offset`. */
export function resizeBilinear(
  src: Float32Array,
  height: number,
  width: number,
  channels: number,
  outHeight: number,
  outWidth: number,
  out: Float32Array,
  offset = 0,
): void {
  const sy = height / outHeight;
  const sx = width / outWidth;
  for (let y = 0; y < outHeight; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = fy - y0;
    for (let x = 0; x < outWidth; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = fx - x0;
      for (let c = 0; c < channels; c++) {
        const p00 = src[(y0 * width + x0) * channels + c] as number;
        const p01 = src[(y0 * width + x1) * channels + c] as number;
        const p10 = src[(y1 * width + x0) * channels + c] as number;
        const p11 = src[(y1 * width + x1) * channels + c] as number;
        const top = p00 + (p01 - p00) * wx;
        const bottom = p10 + (p11 - p10) * wx;
        out[offset + (y * outWidth + x) * channels + c] = top + (bottom - top) * wy;
      }
    }
  }
}
