import type { ConvGeometry } from './geometry';

/**
 * Gradient of max pooling: each output's gradient goes to the first maximum of its window in row-major scan
 * order (ties and NaN handled exactly as tfjs's reference `maxPoolPositions`: strict `>` from −∞, so a window
 * of NaN or −∞ passes no gradient). Channels are the innermost loop, so every read is contiguous.
 */
export function maxPoolBackprop(x: Float32Array, dy: Float32Array, g: ConvGeometry, dx: Float32Array): void {
  dx.fill(0);
  const { batch: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  const { dilationHeight: dh, dilationWidth: dw } = g;
  const best = new Float64Array(C);
  const where = new Int32Array(C);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, o += C) {
        best.fill(-Infinity);
        where.fill(-1);
        for (let fh = 0; fh < FH; fh++) {
          const ih = oh * sh - padTop + fh * dh;
          if (ih < 0 || ih >= H) continue;
          for (let fw = 0; fw < FW; fw++) {
            const iw = ow * sw - padLeft + fw * dw;
            if (iw < 0 || iw >= W) continue;
            const base = ((n * H + ih) * W + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c] as number;
              if (v > (best[c] as number)) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) {
          const at = where[c] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (dy[o + c] as number);
        }
      }
    }
  }
}

/** Σ over every axis but the last `inner` elements: the bias gradient (a [rows, inner] matrix's column sums). */
export function sumLeadingAxes(x: Float32Array, rows: number, inner: number, out: Float32Array): void {
  const acc = new Float64Array(inner);
  let i = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < inner; c++) acc[c] = (acc[c] as number) + (x[i++] as number);
  for (let c = 0; c < inner; c++) out[c] = acc[c] as number;
}
