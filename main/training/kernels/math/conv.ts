import { gemm, packB } from './gemm';
import type { ConvGeometry } from './geometry';
import { col2imAdd, im2col } from './im2col';

/**
 * The three convolutions of training (forward, input gradient, filter gradient) as blocked im2col + GEMM over
 * plain Float32Arrays, NHWC activations and [FH, FW, Cin, Cout] filters. Patch matrices are built for a block
 * of output pixels at a time, so memory stays bounded (≈128 KiB) whatever the batch and image size.
 */
const BLOCK_FLOATS = 32 * 1024;

function blockRows(k: number, total: number): number {
  const rows = Math.max(4, Math.floor(BLOCK_FLOATS / Math.max(1, k)) & ~3);
  return Math.min(rows, total);
}

function isPointwise(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 1 &&
    g.filterWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.outHeight === g.inHeight &&
    g.outWidth === g.inWidth
  );
}

/** y = conv(x, w): y[p, co] = Σ_k patch(p)[k] · w[k, co]. */
export function conv2dForward(x: Float32Array, w: Float32Array, g: ConvGeometry, y: Float32Array): void {
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const Cout = g.outChannels;
  const total = g.batch * g.outHeight * g.outWidth;
  if (total === 0 || Cout === 0) return;
  const b = packB(w, 0, K, Cout, Cout, 1);
  if (isPointwise(g)) {
    gemm(total, x, 0, K, b, y, 0, Cout, false);
    return;
  }
  const rows = blockRows(K, total);
  const col = new Float32Array(rows * K);
  for (let p0 = 0; p0 < total; p0 += rows) {
    const r = Math.min(rows, total - p0);
    im2col(x, g, p0, r, col, K, 1);
    gemm(r, col, 0, K, b, y, p0 * Cout, Cout, false);
  }
}

/** dx = convᵀ(dy, w): each output pixel's gradient dy[p, :]·wᵀ is a patch, added back onto the input. */
export function conv2dBackpropInput(
  dy: Float32Array,
  w: Float32Array,
  g: ConvGeometry,
  dx: Float32Array,
): void {
  dx.fill(0);
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const Cout = g.outChannels;
  const total = g.batch * g.outHeight * g.outWidth;
  if (total === 0 || K === 0) return;
  // B(co, k) = w[k, co]: the filter read as its transpose, packed without a copy of its own.
  const b = packB(w, 0, Cout, K, 1, Cout);
  if (isPointwise(g)) {
    gemm(total, dy, 0, Cout, b, dx, 0, K, false);
    return;
  }
  const rows = blockRows(K, total);
  const col = new Float32Array(rows * K);
  for (let p0 = 0; p0 < total; p0 += rows) {
    const r = Math.min(rows, total - p0);
    gemm(r, dy, p0 * Cout, Cout, b, col, 0, K, false);
    col2imAdd(col, g, p0, r, dx);
  }
}

/** dw[k, co] = Σ_p patch(p)[k] · dy[p, co], accumulated block by block over the output pixels. */
export function conv2dBackpropFilter(
  x: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
  dw: Float32Array,
): void {
  dw.fill(0);
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const Cout = g.outChannels;
  const total = g.batch * g.outHeight * g.outWidth;
  if (total === 0 || K === 0 || Cout === 0) return;
  const rows = blockRows(K, total);
  const colT = new Float32Array(rows * K);
  let packed: Float32Array | undefined;
  for (let p0 = 0; p0 < total; p0 += rows) {
    const r = Math.min(rows, total - p0);
    im2col(x, g, p0, r, colT, 1, r);
    const b = packB(dy, p0 * Cout, r, Cout, Cout, 1, packed);
    packed = b.data;
    gemm(K, colT, 0, r, b, dw, 0, Cout, p0 > 0);
  }
}
