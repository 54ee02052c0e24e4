import { getKernel } from '@tensorflow/tfjs';
import type { DataId } from '@tensorflow/tfjs';
import { convGeometry, maxPoolGradInputs, type ConvAttrs } from './geometry-tf';
import { attrsOf, input, type KernelArgs, type OurKernelConfig, type TensorInfo } from './kernel-types';
import { maxPoolBackprop } from './math/pool';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './math/depthwise';

/**
 * Our kernels for the `wasm` backend. Both convolution gradients are rewritten as ordinary forward
 * convolutions so that they run in the backend's XNNPACK Conv2D (SIMD) instead of scalar loops:
 *
 * - Conv2DBackpropFilter (missing upstream, tfjs#8474): with x read as [Cin, H, W, N] (batch ↔ channels) and dy
 *   as a filter [OH, OW, N, Cout], dw[fh, fw, ci, co] = Σ_{n,oh,ow} x[n, oh·sh + fh·dh − pt, …, ci]·dy[n, oh, ow, co]
 *   is a convolution with stride = the forward dilation and dilation = the forward stride, evaluated at the
 *   FH×FW output positions (fh, fw). See docs/training-backends.md for the derivation.
 * - Conv2DBackpropInput (stock: a scalar loop, 60 % of a step): dx is the convolution of dy (zero-inserted by
 *   the stride, padded by (FH−1)·dh − pt) with the filter rotated by 180° and its channel axes swapped.
 * - MaxPoolGrad (stock: slow scalar loop): the JS routine of the cpu kernels, run directly on the wasm heap.
 * - DepthwiseConv2dNativeBackpropInput/Filter (missing upstream: a depthwise network could not train): plain
 *   loops (math/depthwise.ts) on the wasm heap.
 */
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

function call(
  name: string,
  backend: WasmBackend,
  inputs: Record<string, TensorInfo>,
  attrs: object,
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`wasm kernel ${name} is not registered`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as Record<string, never> }) as TensorInfo;
}

/** Heap views go stale when the heap grows, so take them only after every allocation of the kernel. */
function heap(backend: WasmBackend, t: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(t);
  if (!(view instanceof Float32Array)) throw new Error(`wasm kernel: expected float32, got ${t.dtype}`);
  return view;
}

function requireNhwcFloat(name: string, attrs: { dataFormat?: string }, ...ts: TensorInfo[]): void {
  if (attrs.dataFormat === 'NCHW') throw new Error(`wasm ${name}: only NHWC (channels-last) is supported`);
  for (const t of ts)
    if (t.dtype !== 'float32') throw new Error(`wasm ${name}: float32 inputs only, got ${t.dtype}`);
}

function backpropFilter(args: KernelArgs): TensorInfo {
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = attrsOf<ConvAttrs & { filterShape: number[] }>(args);
  requireNhwcFloat('Conv2DBackpropFilter', attrs, x, dy);
  const backend = args.backend as WasmBackend;
  const g = convGeometry(x.shape, attrs.filterShape, attrs);
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = g;
  const { dilationHeight: dh, dilationWidth: dw } = g;
  // Trim the far padding to what the last window needs, so the output is (at least) FH×FW.
  const padBottom = Math.max(0, (FH - 1) * dh + (g.outHeight - 1) * sh + 1 - g.inHeight - g.padTop);
  const padRight = Math.max(0, (FW - 1) * dw + (g.outWidth - 1) * sw + 1 - g.inWidth - g.padLeft);
  const xt = call('Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  const dyt = call('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  let out = call(
    'Conv2D',
    backend,
    { x: xt, filter: dyt },
    {
      strides: [dh, dw],
      dilations: [sh, sw],
      pad: [
        [0, 0],
        [g.padTop, padBottom],
        [g.padLeft, padRight],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  backend.disposeData(xt.dataId);
  backend.disposeData(dyt.dataId);
  if (out.shape[1] !== FH || out.shape[2] !== FW) {
    const full = out;
    out = call(
      'Slice',
      backend,
      { x: full },
      { begin: [0, 0, 0, 0], size: [g.inChannels, FH, FW, g.outChannels] },
    );
    backend.disposeData(full.dataId);
  }
  const dw4 = call('Transpose', backend, { x: out }, { perm: [1, 2, 0, 3] });
  backend.disposeData(out.dataId);
  return dw4;
}

function backpropInput(args: KernelArgs): TensorInfo {
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = attrsOf<ConvAttrs & { inputShape: number[] }>(args);
  requireNhwcFloat('Conv2DBackpropInput', attrs, dy, filter);
  const backend = args.backend as WasmBackend;
  const g = convGeometry(attrs.inputShape, filter.shape, attrs);
  const { filterHeight: FH, filterWidth: FW, inChannels: Cin, outChannels: Cout } = g;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = g;

  const flipped = backend.makeOutput([FH, FW, Cout, Cin], 'float32');
  const w = heap(backend, filter);
  const wr = heap(backend, flipped);
  for (let fh = 0; fh < FH; fh++)
    for (let fw = 0; fw < FW; fw++)
      for (let ci = 0; ci < Cin; ci++)
        for (let co = 0; co < Cout; co++)
          wr[((fh * FW + fw) * Cout + co) * Cin + ci] = w[
            (((FH - 1 - fh) * FW + FW - 1 - fw) * Cin + ci) * Cout + co
          ] as number;

  const top = (FH - 1) * dh - g.padTop;
  const left = (FW - 1) * dw - g.padLeft;
  const bottom = g.inHeight - ((g.outHeight - 1) * sh + 1) + g.padTop;
  const right = g.inWidth - ((g.outWidth - 1) * sw + 1) + g.padLeft;
  const conv = (source: TensorInfo, pad: number[][]): TensorInfo =>
    call(
      'Conv2D',
      backend,
      { x: source, filter: flipped },
      { strides: 1, dilations: [dh, dw], pad, dataFormat: 'NHWC' },
    );

  let dx: TensorInfo;
  if (sh === 1 && sw === 1 && Math.min(top, left, bottom, right) >= 0) {
    dx = conv(dy, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
  } else {
    const spread = spreadGradient(
      backend,
      dy,
      g.inHeight + (FH - 1) * dh,
      g.inWidth + (FW - 1) * dw,
      top,
      left,
      sh,
      sw,
    );
    dx = conv(spread, [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    backend.disposeData(spread.dataId);
  }
  backend.disposeData(flipped.dataId);
  return dx;
}

/**
 * dy zero-inserted by the stride and placed at (top, left) in an [N, height, width, C] canvas; rows and
 * columns that fall outside (negative padding, i.e. padding wider than the kernel) are cut off.
 */
function spreadGradient(
  backend: WasmBackend,
  dy: TensorInfo,
  height: number,
  width: number,
  top: number,
  left: number,
  sh: number,
  sw: number,
): TensorInfo {
  const [N = 0, OH = 0, OW = 0, C = 0] = dy.shape;
  const out = backend.makeOutput([N, height, width, C], 'float32');
  const src = heap(backend, dy);
  const dst = heap(backend, out);
  dst.fill(0);
  for (let n = 0; n < N; n++)
    for (let oh = 0; oh < OH; oh++) {
      const r = top + oh * sh;
      if (r < 0 || r >= height) continue;
      for (let ow = 0; ow < OW; ow++) {
        const c = left + ow * sw;
        if (c < 0 || c >= width) continue;
        const from = ((n * OH + oh) * OW + ow) * C;
        dst.set(src.subarray(from, from + C), ((n * height + r) * width + c) * C);
      }
    }
  return out;
}

function maxPoolGrad(args: KernelArgs): TensorInfo {
  const { x, dy, g } = maxPoolGradInputs(args);
  requireNhwcFloat('MaxPoolGrad', {}, x, dy);
  const backend = args.backend as WasmBackend;
  const out = backend.makeOutput([...x.shape], 'float32');
  maxPoolBackprop(heap(backend, x), heap(backend, dy), g, heap(backend, out));
  return out;
}

function depthwiseInput(args: KernelArgs): TensorInfo {
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = attrsOf<ConvAttrs & { inputShape: number[] }>(args);
  requireNhwcFloat('DepthwiseConv2dNativeBackpropInput', attrs, dy, filter);
  const backend = args.backend as WasmBackend;
  const g = convGeometry(attrs.inputShape, filter.shape, attrs, true);
  const out = backend.makeOutput([...attrs.inputShape], 'float32');
  depthwiseBackpropInput(heap(backend, dy), heap(backend, filter), g, heap(backend, out));
  return out;
}

function depthwiseFilter(args: KernelArgs): TensorInfo {
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = attrsOf<ConvAttrs & { filterShape: number[] }>(args);
  requireNhwcFloat('DepthwiseConv2dNativeBackpropFilter', attrs, x, dy);
  const backend = args.backend as WasmBackend;
  const g = convGeometry(x.shape, attrs.filterShape, attrs, true);
  const out = backend.makeOutput([...attrs.filterShape], 'float32');
  depthwiseBackpropFilter(heap(backend, x), heap(backend, dy), g, heap(backend, out));
  return out;
}

export function wasmKernels(): OurKernelConfig[] {
  return [
    { kernelName: 'DepthwiseConv2dNativeBackpropInput', kernelFunc: depthwiseInput },
    { kernelName: 'DepthwiseConv2dNativeBackpropFilter', kernelFunc: depthwiseFilter },
    { kernelName: 'Conv2DBackpropFilter', kernelFunc: backpropFilter },
    { kernelName: 'Conv2DBackpropInput', kernelFunc: backpropInput },
    { kernelName: 'MaxPoolGrad', kernelFunc: maxPoolGrad },
  ];
}
