import type { BackendValues, DataId } from '@tensorflow/tfjs';
import { attrsOf, input, type KernelArgs, type OurKernelConfig, type TensorInfo } from './kernel-types';
import type { StockLookup } from './cpu';

/**
 * Element-wise kernels of a training step (bias add, ReLU and its gradient dy·step(x)) for the `cpu` backend.
 * The stock versions go through a generic broadcasting helper with a closure call per element (~20 ns each,
 * a quarter of a LeNet step once the convolutions are fast); these are plain loops for the float32 cases a
 * training step produces (same shape, or one operand repeating along the trailing axes), and hand everything
 * else to the stock kernel.
 */
interface CpuBackend {
  data: { get(dataId: DataId): { values?: BackendValues } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/**
 * The float32 values of a tensor, or null when the backend holds them otherwise: a float32 tensor cast from a
 * bool one (tfjs's Minimum/Maximum gradients, met through ReLU6
 * and hard swish) can keep its source's typed array.
 */
const values = (backend: CpuBackend, t: TensorInfo): Float32Array | null => {
  const v = backend.data.get(t.dataId).values;
  return v instanceof Float32Array ? v : null;
};

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** True when `small` (leading 1s ignored) equals the trailing axes of `big`: it repeats along the others. */
function repeatsAlong(big: readonly number[], small: readonly number[]): boolean {
  const s = [...small];
  while (s.length > 0 && s[0] === 1) s.shift();
  if (s.length > big.length) return false;
  const offset = big.length - s.length;
  return s.every((d, i) => d === big[offset + i]);
}

type Op = (a: number, b: number) => number;

function binary(name: string, op: Op, stock: StockLookup) {
  return (args: KernelArgs): TensorInfo => {
    const a = input(args, 'a');
    const b = input(args, 'b');
    const fallback = (): TensorInfo => {
      const f = stock(name);
      if (f === undefined) throw new Error(`cpu ${name}: stock kernel missing`);
      return f(args);
    };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback();
    const backend = args.backend as CpuBackend;
    const aBig = a.shape.length >= b.shape.length && repeatsAlong(a.shape, b.shape);
    const bBig = !aBig && repeatsAlong(b.shape, a.shape);
    if (!aBig && !bBig) return fallback();
    const av = values(backend, a);
    const bv = values(backend, b);
    if (av === null || bv === null) return fallback();
    const shape = aBig ? [...a.shape] : [...b.shape];
    const out = new Float32Array(size(shape));
    const n = out.length;
    if (av.length === n && bv.length === n) {
      for (let i = 0; i < n; i++) out[i] = op(av[i] as number, bv[i] as number);
    } else if (aBig) {
      const inner = bv.length;
      for (let i = 0; i < n; i += inner)
        for (let j = 0; j < inner; j++) out[i + j] = op(av[i + j] as number, bv[j] as number);
    } else {
      const inner = av.length;
      for (let i = 0; i < n; i += inner)
        for (let j = 0; j < inner; j++) out[i + j] = op(av[j] as number, bv[i + j] as number);
    }
    return backend.makeTensorInfo(shape, 'float32', out);
  };
}

function unary(
  name: string,
  stock: StockLookup,
  f: (x: Float32Array, out: Float32Array, args: KernelArgs) => void,
) {
  return (args: KernelArgs): TensorInfo => {
    const x = input(args, 'x');
    const backend = args.backend as CpuBackend;
    const xv = x.dtype === 'float32' ? values(backend, x) : null;
    if (xv === null) {
      const s = stock(name);
      if (s === undefined) throw new Error(`cpu ${name}: stock kernel missing`);
      return s(args);
    }
    const out = new Float32Array(xv.length);
    f(xv, out, args);
    return backend.makeTensorInfo([...x.shape], 'float32', out);
  };
}

export function cpuElementwiseKernels(stock: StockLookup): OurKernelConfig[] {
  return [
    // Each op is its own closure so V8 can inline it into its loop.
    { kernelName: 'Add', kernelFunc: binary('Add', (a, b) => a + b, stock) },
    { kernelName: 'Sub', kernelFunc: binary('Sub', (a, b) => a - b, stock) },
    { kernelName: 'Multiply', kernelFunc: binary('Multiply', (a, b) => a * b, stock) },
    {
      kernelName: 'Relu',
      kernelFunc: unary('Relu', stock, (x, out) => {
        for (let i = 0; i < x.length; i++) out[i] = Math.max(0, x[i] as number);
      }),
    },
    {
      kernelName: 'Step',
      kernelFunc: unary('Step', stock, (x, out, args) => {
        const alpha = attrsOf<{ alpha?: number }>(args).alpha ?? 0;
        for (let i = 0; i < x.length; i++) {
          const v = x[i] as number;
          out[i] = v > 0 ? 1 : Number.isNaN(v) ? NaN : alpha;
        }
      }),
    },
  ];
}
