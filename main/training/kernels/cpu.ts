import { getKernel } from '@tensorflow/tfjs';
import type { BackendValues, DataId } from '@tensorflow/tfjs';
import { convGeometry, maxPoolGradInputs, type ConvAttrs } from './geometry-tf';
import { attrsOf, input, type KernelArgs, type OurKernelConfig, type TensorInfo } from './kernel-types';
import { conv2dBackpropFilter, conv2dBackpropInput, conv2dForward } from './math/conv';
import { maxPoolBackprop, sumLeadingAxes } from './math/pool';

/**
 * Our kernels for the pure-JS `cpu` backend. The stock ones are direct loops through index helpers (the filter
 * gradient costs ~100× a forward pass); these are im2col + a register-blocked GEMM (math/). Anything a kernel
 * does not cover (NCHW, non-float inputs) goes to the stock kernel it replaced, captured at registration.
 */
interface CpuBackend {
  data: { get(dataId: DataId): { values?: BackendValues } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

export type StockLookup = (kernelName: string) => ((args: KernelArgs) => TensorInfo) | undefined;

function floats(backend: CpuBackend, t: TensorInfo): Float32Array {
  const values = backend.data.get(t.dataId).values;
  if (values instanceof Float32Array) return values;
  if (values instanceof Int32Array || values instanceof Uint8Array) return Float32Array.from(values);
  throw new Error(`cpu kernel: tensor of dtype ${t.dtype} has no numeric values`);
}

const isNchw = (attrs: { dataFormat?: string }): boolean => attrs.dataFormat === 'NCHW';
const isFloat = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

function delegate(stock: StockLookup, name: string, args: KernelArgs): TensorInfo {
  const f = stock(name);
  if (f === undefined) throw new Error(`cpu ${name}: this case needs the stock kernel, which is missing`);
  return f(args);
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function cpuKernels(stock: StockLookup): OurKernelConfig[] {
  const conv2d = (args: KernelArgs): TensorInfo => {
    const x = input(args, 'x');
    const filter = input(args, 'filter');
    const attrs = attrsOf<ConvAttrs>(args);
    if (isNchw(attrs) || !isFloat(x, filter)) return delegate(stock, 'Conv2D', args);
    const backend = args.backend as CpuBackend;
    const g = convGeometry(x.shape, filter.shape, attrs);
    const shape = [g.batch, g.outHeight, g.outWidth, g.outChannels];
    const y = new Float32Array(sizeOf(shape));
    conv2dForward(floats(backend, x), floats(backend, filter), g, y);
    return backend.makeTensorInfo(shape, 'float32', y);
  };

  const backpropInput = (args: KernelArgs): TensorInfo => {
    const dy = input(args, 'dy');
    const filter = input(args, 'filter');
    const attrs = attrsOf<ConvAttrs & { inputShape: number[] }>(args);
    if (isNchw(attrs) || !isFloat(dy, filter)) return delegate(stock, 'Conv2DBackpropInput', args);
    const backend = args.backend as CpuBackend;
    const g = convGeometry(attrs.inputShape, filter.shape, attrs);
    const dx = new Float32Array(sizeOf(attrs.inputShape));
    conv2dBackpropInput(floats(backend, dy), floats(backend, filter), g, dx);
    return backend.makeTensorInfo([...attrs.inputShape], 'float32', dx);
  };

  const backpropFilter = (args: KernelArgs): TensorInfo => {
    const x = input(args, 'x');
    const dy = input(args, 'dy');
    const attrs = attrsOf<ConvAttrs & { filterShape: number[] }>(args);
    if (isNchw(attrs) || !isFloat(x, dy)) return delegate(stock, 'Conv2DBackpropFilter', args);
    const backend = args.backend as CpuBackend;
    const g = convGeometry(x.shape, attrs.filterShape, attrs);
    const dw = new Float32Array(sizeOf(attrs.filterShape));
    conv2dBackpropFilter(floats(backend, x), floats(backend, dy), g, dw);
    return backend.makeTensorInfo([...attrs.filterShape], 'float32', dw);
  };

  const fusedConv2d = (args: KernelArgs): TensorInfo => {
    const attrs = attrsOf<ConvAttrs & { activation?: string; leakyreluAlpha?: number }>(args);
    const bias = args.inputs.bias;
    const alpha = args.inputs.preluActivationWeights;
    if (isNchw(attrs)) return delegate(stock, 'FusedConv2D', args);
    const backend = args.backend;
    let result = conv2d({
      inputs: { x: input(args, 'x'), filter: input(args, 'filter') },
      attrs: args.attrs,
      backend,
    });
    const then = (
      name: string,
      inputs: Record<string, TensorInfo>,
      extra?: Record<string, unknown>,
    ): void => {
      const previous = result;
      const kernel = getKernel(name, 'cpu');
      if (kernel === undefined) throw new Error(`cpu FusedConv2D: kernel ${name} is missing`);
      const args = { inputs, backend, attrs: extra as KernelArgs['attrs'] };
      result = kernel.kernelFunc(args as Parameters<typeof kernel.kernelFunc>[0]) as TensorInfo;
      (backend as { disposeIntermediateTensorInfo(t: TensorInfo): void }).disposeIntermediateTensorInfo(
        previous,
      );
    };
    if (bias !== undefined) then('Add', { a: result, b: bias });
    const activation = attrs.activation ?? 'linear';
    if (activation === 'relu') then('Relu', { x: result });
    else if (activation === 'relu6') then('Relu6', { x: result });
    else if (activation === 'elu') then('Elu', { x: result });
    else if (activation === 'sigmoid') then('Sigmoid', { x: result });
    else if (activation === 'leakyrelu') then('LeakyRelu', { x: result }, { alpha: attrs.leakyreluAlpha });
    else if (activation === 'prelu' && alpha !== undefined) then('Prelu', { x: result, alpha });
    else if (activation !== 'linear') throw new Error(`cpu FusedConv2D: unknown activation '${activation}'`);
    return result;
  };

  const maxPoolGrad = (args: KernelArgs): TensorInfo => {
    const { x, dy, g } = maxPoolGradInputs(args);
    if (!isFloat(x, dy)) return delegate(stock, 'MaxPoolGrad', args);
    const backend = args.backend as CpuBackend;
    const dx = new Float32Array(sizeOf(x.shape));
    maxPoolBackprop(floats(backend, x), floats(backend, dy), g, dx);
    return backend.makeTensorInfo([...x.shape], 'float32', dx);
  };

  // The bias gradient is a Sum over every axis but the last; the stock kernel transposes the whole
  // activation first to make the reduced axes innermost.
  const sum = (args: KernelArgs): TensorInfo => {
    const x = input(args, 'x');
    const attrs = attrsOf<{ axis: number | number[]; keepDims: boolean }>(args);
    const rank = x.shape.length;
    const axes = (Array.isArray(attrs.axis) ? attrs.axis : [attrs.axis]).map((a) => (a < 0 ? a + rank : a));
    const leading =
      axes.length > 0 && axes.length < rank && [...axes].sort((a, b) => a - b).every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return delegate(stock, 'Sum', args);
    const backend = args.backend as CpuBackend;
    const kept = x.shape.slice(axes.length);
    const inner = sizeOf(kept);
    const out = new Float32Array(inner);
    sumLeadingAxes(floats(backend, x), sizeOf(x.shape) / Math.max(1, inner), inner, out);
    const shape = attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept;
    return backend.makeTensorInfo(shape, 'float32', out);
  };

  return [
    { kernelName: 'Conv2D', kernelFunc: conv2d },
    { kernelName: 'FusedConv2D', kernelFunc: fusedConv2d },
    { kernelName: 'Conv2DBackpropInput', kernelFunc: backpropInput },
    { kernelName: 'Conv2DBackpropFilter', kernelFunc: backpropFilter },
    { kernelName: 'MaxPoolGrad', kernelFunc: maxPoolGrad },
    { kernelName: 'Sum', kernelFunc: sum },
  ];
}
