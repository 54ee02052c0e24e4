import type { ConvGeometry } from './geometry';

/**
 * The two gradients of a depthwise convolution (tfjs-wasm has the forward kernel only), NHWC, filter
 * [FH, FW, C, M], output channel c·M + m reading input channel c:
 *
 *   y[n, oh, ow, c·M + m] = Σ_{fh, fw} x[n, oh·sh + fh·dh − padTop, ow·sw + fw·dw − padLeft, c] · w[fh, fw, c, m]
 *
 * Plain loops: each window position is visited once and its C·M products run contiguously in memory.
 */
interface Window {
  readonly ih: number;
  readonly iw: number;
  readonly at: { readonly x: number; readonly y: number; readonly w: number };
}

function* windows(g: ConvGeometry): Generator<Window> {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CM } = g;
  for (let n = 0; n < g.batch; n++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let fh = 0; fh < g.filterHeight; fh++) {
          const ih = oh * g.strideHeight + fh * g.dilationHeight - g.padTop;
          if (ih < 0 || ih >= H) continue;
          for (let fw = 0; fw < g.filterWidth; fw++) {
            const iw = ow * g.strideWidth + fw * g.dilationWidth - g.padLeft;
            if (iw < 0 || iw >= W) continue;
            yield {
              ih,
              iw,
              at: {
                x: ((n * H + ih) * W + iw) * C,
                y: ((n * OH + oh) * OW + ow) * CM,
                w: (fh * g.filterWidth + fw) * CM,
              },
            };
          }
        }
}

/** dx[n, ih, iw, c] = Σ over the windows that read it of w[fh, fw, c, m] · dy[n, oh, ow, c·M + m]. */
export function depthwiseBackpropInput(
  dy: Float32Array,
  w: Float32Array,
  g: ConvGeometry,
  dx: Float32Array,
): void {
  dx.fill(0);
  const C = g.inChannels;
  const M = g.outChannels / C;
  for (const { at } of windows(g))
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let m = 0; m < M; m++) sum += (w[at.w + c * M + m] as number) * (dy[at.y + c * M + m] as number);
      dx[at.x + c] = (dx[at.x + c] as number) + sum;
    }
}

/** dw[fh, fw, c, m] = Σ_{n, oh, ow} x[n, ih, iw, c] · dy[n, oh, ow, c·M + m]. */
export function depthwiseBackpropFilter(
  x: Float32Array,
  dy: Float32Array,
  g: ConvGeometry,
  dw: Float32Array,
): void {
  dw.fill(0);
  const C = g.inChannels;
  const M = g.outChannels / C;
  for (const { at } of windows(g))
    for (let c = 0; c < C; c++) {
      const xv = x[at.x + c] as number;
      for (let m = 0; m < M; m++) {
        const k = at.w + c * M + m;
        dw[k] = (dw[k] as number) + xv * (dy[at.y + c * M + m] as number);
      }
    }
}
