/** One int or an [h, w] pair, as params and Keras configs both hold them. */
type Pair = number | readonly [number, number];
const at = (v: Pair, axis: 0 | 1): number => (typeof v === 'number' ? v : v[axis]);

/**
 * Transposed-convolution arithmetic per axis. The layer scatters each input pixel's K_eff = D·(K − 1) + 1
 * window at stride S into a "full" output of (H − 1)·S + K_eff rows, then crops `before` rows at the top and
 * `after` at the bottom and appends `extra` rows past the end (zeros before the bias):
 *   O = (H − 1)·S − before − after + K_eff + extra.
 * PyTorch's explicit P is before = after = P with extra = output_padding, so O = (H − 1)·S − 2P + D·(FH − 1)
 * + output_padding + 1. Keras's modes fix the output instead, as TensorFlow's Conv2DTranspose does:
 *   'valid': O = H·S + max(K_eff − S, 0)  (nothing cropped; K_eff < S appends S − K_eff rows),
 *   'same':  O = H·S  (max(K_eff − S, 0) cropped, the odd row at the bottom as a 'same' convolution pads it).
 * Every mode is a (before, after, extra) triple, which is what the exports write.
 */
export type TransposePadding = 'valid' | 'same' | number | readonly [number, number, number, number];

export interface TransposeAxis {
  readonly axis: 'H' | 'W';
  readonly size: number;
  readonly kernel: number;
  readonly kernelEff: number;
  readonly stride: number;
  readonly dilation: number;
  /** Rows cropped at the top/left and bottom/right of the full output. */
  readonly before: number;
  readonly after: number;
  /**
   * Rows given back at the end after the crop (PyTorch's output_padding): cropped rows first, then rows past
   * the full output, which no window reaches (the bias only).
   */
  readonly extra: number;
  /** (H − 1)·S + K_eff: every row an input window reaches. */
  readonly full: number;
  readonly out: number;
}

const MINUS = '−';
const num = (n: number) => (n < 0 ? `${MINUS}${-n}` : `${n}`);

function cropOf(padding: TransposePadding, axis: 0 | 1): readonly [number, number] {
  if (typeof padding === 'number') return [padding, padding];
  if (typeof padding === 'string') return [0, 0];
  return axis === 0 ? [padding[0], padding[1]] : [padding[2], padding[3]];
}

export function transposeAxis(
  spec: {
    kernel: Pair;
    stride: Pair;
    dilation: Pair;
    padding: TransposePadding;
    outputPadding: Pair;
  },
  axis: 0 | 1,
  size: number,
): TransposeAxis {
  const kernel = at(spec.kernel, axis);
  const stride = at(spec.stride, axis);
  const dilation = at(spec.dilation, axis);
  const outputPadding = at(spec.outputPadding, axis);
  const kernelEff = dilation * (kernel - 1) + 1;
  const full = (size - 1) * stride + kernelEff;
  let before: number;
  let after: number;
  let extra: number;
  if (spec.padding === 'valid' || spec.padding === 'same') {
    const total = Math.max(kernelEff - stride, 0);
    before = spec.padding === 'same' ? Math.floor(total / 2) : 0;
    after = spec.padding === 'same' ? total - before : 0;
    extra = Math.max(stride - kernelEff, 0);
  } else {
    [before, after] = cropOf(spec.padding, axis);
    extra = outputPadding;
  }
  return {
    axis: axis === 0 ? 'H' : 'W',
    size,
    kernel,
    kernelEff,
    stride,
    dilation,
    before,
    after,
    extra,
    full,
    out: full - before - after + extra,
  };
}

/**
 * The worked formula of one axis. Explicit padding: `H: (14 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 28`
 * (PyTorch's formula term by term; an asymmetric crop writes `1 + 2` for 2P). Keras modes: the Keras
 * formula, then what it crops, e.g. `H: 14·2 = 28 (same: crops 0 + 1 of the 29 full rows)`.
 */
export function transposeFormula(a: TransposeAxis, padding: TransposePadding, outputPadding: number): string {
  const name = a.axis;
  if (padding === 'valid') {
    return `${name}: ${a.size}·${a.stride} + max(${a.kernelEff} ${MINUS} ${a.stride}, 0) = ${num(a.out)} (valid)`;
  }
  if (padding === 'same') {
    const crop = a.before + a.after;
    const note =
      crop > 0
        ? `same: crops ${a.before} + ${a.after} of the ${a.full} full ${name === 'H' ? 'rows' : 'columns'}`
        : 'same';
    return `${name}: ${a.size}·${a.stride} = ${num(a.out)} (${note})`;
  }
  const pads = a.before === a.after ? `2·${a.before}` : `(${a.before} + ${a.after})`;
  return (
    `${name}: (${a.size} ${MINUS} 1)·${a.stride} ${MINUS} ${pads} + ${a.dilation}·(${a.kernel} ${MINUS} 1) + ` +
    `${outputPadding} + 1 = ${num(a.out)}`
  );
}
