import type { ConvGeometry } from './geometry';

/**
 * Copies the receptive fields of output pixels p0 .. p0+rows−1 (pixels numbered n·OH·OW + oh·OW + ow) into a
 * patch matrix: element (r, k), k = (fh·FW + fw)·Cin + ci, goes to `col[r·rowStride + k·colStride]`, zero where
 * the window hangs over the padding. rowStride = K, colStride = 1 gives the usual [rows, K] matrix (whose
 * product with the filter, read as a [K, Cout] matrix, is the convolution); rowStride = 1, colStride = rows
 * gives its transpose, which the filter gradient needs.
 */
export function im2col(
  x: Float32Array,
  g: ConvGeometry,
  p0: number,
  rows: number,
  col: Float32Array,
  rowStride: number,
  colStride: number,
): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = g;
  const { dilationHeight: dh, dilationWidth: dw, padTop, padLeft } = g;
  let n = Math.floor(p0 / (OH * OW));
  let oh = Math.floor(p0 / OW) % OH;
  let ow = p0 % OW;
  for (let r = 0; r < rows; r++) {
    const rowBase = r * rowStride;
    const ih0 = oh * sh - padTop;
    const iw0 = ow * sw - padLeft;
    const xBatch = n * H;
    let k = 0;
    for (let fh = 0; fh < FH; fh++) {
      const ih = ih0 + fh * dh;
      const rowInside = ih >= 0 && ih < H;
      for (let fw = 0; fw < FW; fw++) {
        const iw = iw0 + fw * dw;
        let o = rowBase + k * colStride;
        if (rowInside && iw >= 0 && iw < W) {
          let src = ((xBatch + ih) * W + iw) * C;
          for (let c = 0; c < C; c++, o += colStride) col[o] = x[src++] as number;
        } else {
          for (let c = 0; c < C; c++, o += colStride) col[o] = 0;
        }
        k += C;
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        n++;
      }
    }
  }
}

/** The adjoint of `im2col` (row-major [rows, K] layout): adds each patch element back onto its input pixel. */
export function col2imAdd(
  col: Float32Array,
  g: ConvGeometry,
  p0: number,
  rows: number,
  dx: Float32Array,
): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = g;
  const { dilationHeight: dh, dilationWidth: dw, padTop, padLeft } = g;
  const K = FH * FW * C;
  let n = Math.floor(p0 / (OH * OW));
  let oh = Math.floor(p0 / OW) % OH;
  let ow = p0 % OW;
  for (let r = 0; r < rows; r++) {
    const ih0 = oh * sh - padTop;
    const iw0 = ow * sw - padLeft;
    let src = r * K;
    for (let fh = 0; fh < FH; fh++) {
      const ih = ih0 + fh * dh;
      const rowInside = ih >= 0 && ih < H;
      for (let fw = 0; fw < FW; fw++) {
        const iw = iw0 + fw * dw;
        if (rowInside && iw >= 0 && iw < W) {
          let dst = ((n * H + ih) * W + iw) * C;
          for (let c = 0; c < C; c++, dst++) dx[dst] = (dx[dst] as number) + (col[src++] as number);
        } else {
          src += C;
        }
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        n++;
      }
    }
  }
}
