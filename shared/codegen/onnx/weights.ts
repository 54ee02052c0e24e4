import type { Result } from '../../api/errors';
import type { KerasLayer, KerasTopology } from '../keras-topology';
import { fail } from '../../api/errors';
import type { WeightSpec } from '../tfjs-artifacts';
import { weightValues } from '../tfjs-artifacts';

/**
 * Where the exporter gets a layer's weights: by tfjs name (`<layer>/kernel`, `<layer>/bias`, `<layer>/gamma`
 * …, exactly as tfjs-layers names them in a model.json manifest) and in tfjs's layout (channels last: a conv
 * kernel is [FH, FW, C, F], a dense kernel [N, U]). Null when the source has no such weight.
 */
export type WeightLookup = (spec: WeightSpec) => Float32Array | null;

/**
 * The tfjs layer holding each primitive's weights, by primitive id: its only layer, or the one that is not an
 * added ZeroPadding2D (before) or LeakyReLU (after) — the helpers keras-topology.ts writes around a layer.
 * Its name prefixes the primitive's weight names (`<layer>/kernel`), ONNX node and initializers.
 */
export function weightLayers(topology: KerasTopology): ReadonlyMap<string, KerasLayer> {
  const byPrimitive = new Map<string, KerasLayer[]>();
  for (const l of topology.layers)
    byPrimitive.set(l.primitiveId, [...(byPrimitive.get(l.primitiveId) ?? []), l]);
  const out = new Map<string, KerasLayer>();
  for (const [id, layers] of byPrimitive) {
    const main =
      layers.length === 1
        ? layers[0]
        : layers.find((l) => l.className !== 'ZeroPadding2D' && l.className !== 'LeakyReLU');
    if (main !== undefined) out.set(id, main);
  }
  return out;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The seeded initial weights `stride export --format tfjs` writes (same names, same values). */
export function initialWeights(seed: number): WeightLookup {
  return (spec) => {
    const out = new Float32Array(size(spec.shape));
    weightValues(spec, seed).next(out);
    return out;
  };
}

/** [FH, FW, C, F] (tfjs) → [F, C, FH, FW] (ONNX, PyTorch). */
export function hwioToOihw(values: Float32Array, [kh, kw, ci, co]: readonly number[]): Float32Array {
  const [h, w, c, o] = [kh ?? 0, kw ?? 0, ci ?? 0, co ?? 0];
  const out = new Float32Array(values.length);
  for (let y = 0; y < h; y += 1)
    for (let x = 0; x < w; x += 1)
      for (let i = 0; i < c; i += 1) {
        const src = ((y * w + x) * c + i) * o;
        for (let f = 0; f < o; f += 1) out[((f * c + i) * h + y) * w + x] = values[src + f] as number;
      }
  return out;
}

/** The inverse of hwioToOihw: [F, C, FH, FW] → [FH, FW, C, F]. */
export function oihwToHwio(values: Float32Array, [co, ci, kh, kw]: readonly number[]): Float32Array {
  const [o, c, h, w] = [co ?? 0, ci ?? 0, kh ?? 0, kw ?? 0];
  const out = new Float32Array(values.length);
  for (let f = 0; f < o; f += 1)
    for (let i = 0; i < c; i += 1)
      for (let y = 0; y < h; y += 1)
        for (let x = 0; x < w; x += 1)
          out[((y * w + x) * c + i) * o + f] = values[((f * c + i) * h + y) * w + x] as number;
  return out;
}

/**
 * For a vector flattened from an [H, W, C] image in channel-first order (ONNX Flatten on NCHW, PyTorch's
 * torch.flatten): the channels-last index of each of its features. Feature j = c·H·W + y·W + x is Stride's
 * (channels-last Flatten) feature (y·W + x)·C + c.
 */
export function chwToHwcIndex([h, w, c]: readonly [number, number, number]): Int32Array {
  const index = new Int32Array(h * w * c);
  for (let ch = 0; ch < c; ch += 1)
    for (let y = 0; y < h; y += 1)
      for (let x = 0; x < w; x += 1) index[(ch * h + y) * w + x] = (y * w + x) * c + ch;
  return index;
}

/**
 * A dense kernel [N, U] (tfjs) → Gemm's B with transB = 1, [U, N] (PyTorch's Linear.weight); with `order`,
 * its inputs are reordered for a channel-first flattened vector (input j reads Stride's feature order[j]).
 */
export function denseToGemm(
  values: Float32Array,
  [n, u]: readonly number[],
  order: Int32Array | null,
): Float32Array {
  const [rows, units] = [n ?? 0, u ?? 0];
  const out = new Float32Array(values.length);
  for (let j = 0; j < rows; j += 1) {
    const src = (order === null ? j : (order[j] as number)) * units;
    for (let k = 0; k < units; k += 1) out[k * rows + j] = values[src + k] as number;
  }
  return out;
}

/** Per-feature values (BatchNorm on a vector) in the order of a channel-first flattened vector. */
export function permute(values: Float32Array, order: Int32Array | null): Float32Array {
  if (order === null) return values;
  return Float32Array.from(order, (src) => values[src] as number);
}

/** Little-endian bytes of float32 values (ONNX raw_data): a view when the platform is little-endian. */
export function floatBytes(values: Float32Array): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN) return view;
  const out = new Uint8Array(values.byteLength);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The inverse of denseToGemm, for an imported Dense: ONNX's B ([U, N] when `transposed`, as Gemm transB = 1
 * and PyTorch's Linear write it, else [N, U] as MatMul reads it) → tfjs's kernel [N, U]; with `order`, ONNX
 * input j is Stride's feature order[j].
 */
export function gemmToDense(
  values: Float32Array,
  [n, u]: readonly [number, number],
  transposed: boolean,
  order: Int32Array | null,
): Float32Array {
  const out = new Float32Array(values.length);
  for (let j = 0; j < n; j += 1) {
    const dst = (order === null ? j : (order[j] as number)) * u;
    for (let k = 0; k < u; k += 1) out[dst + k] = values[transposed ? k * n + j : j * u + k] as number;
  }
  return out;
}

/** The inverse of permute: per-feature values of a channel-first flattened vector in Stride's order. */
export function unpermute(values: Float32Array, order: Int32Array | null): Float32Array {
  if (order === null) return values;
  const out = new Float32Array(values.length);
  order.forEach((dst, j) => {
    out[dst] = values[j] as number;
  });
  return out;
}

/** One entry of a tfjs weights manifest (model.json): its bytes follow the previous entry's in the shards. */
export interface ManifestWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

/** A tfjs model's weights that cannot be read for an export (missing, malformed, not float32). */
export const weightsFileError = (message: string): Result<never> => fail('ONNX_WEIGHTS_FILE', message);

/** Weights read from a tfjs model (a run's saved model, `stride export --format tfjs`, an import's weights). */
export interface ManifestWeights {
  readonly lookup: WeightLookup;
  /** Names of the manifest's weights nobody asked for so far (after an export: not part of the graph). */
  readonly unused: () => readonly string[];
  /** A weight by its name in the manifest, whatever its shape (an import maps names first). */
  readonly get: (name: string) => Float32Array | null;
}

/**
 * A tfjs weights manifest and its shards' bytes (concatenated in manifest order) as a WeightLookup: by name,
 * when the shape is the one asked for. Float32 only (what tfjs layers models hold); null when the bytes are
 * short or a dtype is another.
 */
export function manifestWeights(
  entries: readonly ManifestWeight[],
  data: Uint8Array,
): ManifestWeights | { readonly error: string } {
  const found = new Map<string, { readonly shape: readonly number[]; readonly values: Float32Array }>();
  let at = 0;
  for (const e of entries) {
    if (e.dtype !== 'float32')
      return { error: `weight ${e.name} is ${e.dtype}; Stride reads float32 weights` };
    const n = size(e.shape);
    if (at + n * 4 > data.length)
      return { error: `the weights end after ${data.length} bytes, before ${e.name} (${n} values)` };
    const values = new Float32Array(n);
    new Uint8Array(values.buffer).set(data.subarray(at, at + n * 4));
    if (!LITTLE_ENDIAN) {
      const dv = new DataView(data.buffer, data.byteOffset + at, n * 4);
      for (let i = 0; i < n; i += 1) values[i] = dv.getFloat32(i * 4, true);
    }
    found.set(e.name, { shape: e.shape, values });
    at += n * 4;
  }
  if (at !== data.length)
    return { error: `the weights hold ${data.length} bytes, the manifest describes ${at}` };
  const asked = new Set<string>();
  return {
    lookup: (spec) => {
      const w = found.get(spec.name);
      if (w === undefined || w.shape.join() !== spec.shape.join()) return null;
      asked.add(spec.name);
      return w.values;
    },
    unused: () => [...found.keys()].filter((name) => !asked.has(name)),
    get: (name) => {
      const w = found.get(name);
      if (w === undefined) return null;
      asked.add(name);
      return w.values;
    },
  };
}
