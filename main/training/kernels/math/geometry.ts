/**
 * The geometry of one 2-D convolution or pooling window, NHWC, as plain numbers. Built from tfjs's own
 * `computeConv2DInfo`/`computePool2DInfo` (see ../geometry-tf.ts) so that 'same' padding, explicit padding and
 * rounding modes mean exactly what they mean to the stock kernels.
 *
 *   y[n, oh, ow, co] = Σ_{fh, fw, ci} x[n, oh·sh + fh·dh − padTop, ow·sw + fw·dw − padLeft, ci] · w[fh, fw, ci, co]
 */
export interface ConvGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly padBottom: number;
  readonly padRight: number;
}
