import type { BackendValues, DataId } from '@tensorflow/tfjs';
import { attrsOf, input, type KernelArgs, type OurKernelConfig, type TensorInfo } from './kernel-types';
import type { StockLookup } from './cpu';

/**
 * ResizeNearestNeighborGrad for the `cpu` backend, which UpSampling2D (nearest) needs to train. The stock kernel
 * (tfjs-backend-cpu 4.22) reads dy at the *images'* batch offset, so every image after the first of a batch
 * gets the gradient of the wrong pixels (tfjs-wasm's kernel is right; test/main/training/kernels/resize.test.ts
 * shows both). This one scatters each dy pixel onto the input pixel the forward pass copied it from, with the
 * forward kernel's own source-index rule (alignCorners, halfPixelCenters), so the two cannot disagree.
 */
interface CpuBackend {
  data: { get(dataId: DataId): { values?: BackendValues } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

interface ResizeAttrs {
  alignCorners?: boolean;
  halfPixelCenters?: boolean;
}

/** The input index the forward kernel reads for output index `i` (tfjs-backend-cpu ResizeNearestNeighbor). */
export function nearestSource(i: number, inSize: number, outSize: number, attrs: ResizeAttrs): number {
  const align = attrs.alignCorners === true && outSize > 1;
  const ratio = (align ? inSize - 1 : inSize) / (align ? outSize - 1 : outSize);
  const frac = attrs.halfPixelCenters === true ? ratio * (i + 0.5) : ratio * i;
  const nearest = Math.min(inSize - 1, attrs.alignCorners === true ? Math.round(frac) : Math.floor(frac));
  return attrs.halfPixelCenters === true ? Math.max(0, nearest) : nearest;
}

/** dx[n, src(y), src(x), c] += dy[n, y, x, c] over every output pixel. */
export function resizeNearestBackprop(
  dy: Float32Array,
  dyShape: readonly number[],
  xShape: readonly number[],
  attrs: ResizeAttrs,
  dx: Float32Array,
): void {
  const [n = 0, oh = 0, ow = 0, c = 0] = dyShape;
  const [, ih = 0, iw = 0] = xShape;
  const rows = Int32Array.from({ length: oh }, (_, y) => nearestSource(y, ih, oh, attrs));
  const cols = Int32Array.from({ length: ow }, (_, x) => nearestSource(x, iw, ow, attrs));
  dx.fill(0);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++) {
      const target = (b * ih + (rows[y] as number)) * iw;
      for (let x = 0; x < ow; x++) {
        const from = ((b * oh + y) * ow + x) * c;
        const to = (target + (cols[x] as number)) * c;
        for (let d = 0; d < c; d++) dx[to + d] = (dx[to + d] as number) + (dy[from + d] as number);
      }
    }
}

export function cpuResizeKernels(stock: StockLookup): OurKernelConfig[] {
  const nearestGrad = (args: KernelArgs): TensorInfo => {
    const images = input(args, 'images');
    const dy = input(args, 'dy');
    const backend = args.backend as CpuBackend;
    const values = backend.data.get(dy.dataId).values;
    if (!(values instanceof Float32Array) || images.shape.length !== 4) {
      const f = stock('ResizeNearestNeighborGrad');
      if (f === undefined) throw new Error('cpu ResizeNearestNeighborGrad: the stock kernel is missing');
      return f(args);
    }
    const dx = new Float32Array(images.shape.reduce((a, b) => a * b, 1));
    resizeNearestBackprop(values, dy.shape, images.shape, attrsOf<ResizeAttrs>(args), dx);
    return backend.makeTensorInfo([...images.shape], 'float32', dx);
  };
  return [{ kernelName: 'ResizeNearestNeighborGrad', kernelFunc: nearestGrad }];
}
