import { fmtInt } from '../layers/common/format';
import type { Padding, Size2 } from '../layers/common/params';
import { slideWindow } from '../layers/common/window';
import { channelsOf, convGeometry, windowOrigin, type ConvGeometry, type ConvProblem } from './conv';
import { cell, gridOf, type Grid } from './grid';

/**
 * im2col, as the lecture notes implement a convolution layer: every window of the input becomes one row of a
 * matrix (N·OH·OW rows, C·FH·FW columns, laid out channel by channel and then row by row of the window), the
 * filters become the columns of a second one (C·FH·FW × FN), and one matrix product gives every output value at
 * once (N·OH·OW × FN, then reshaped to N × FN × OH × OW). A grouped convolution is the same product with a
 * block-diagonal filter matrix: a filter's column holds zeros for the channels outside its group (frameworks run
 * one smaller product per group instead, which skips those zeros).
 */
export interface Im2colShape {
  readonly outH: number;
  readonly outW: number;
  readonly rows: number;
  readonly cols: number;
  /** `(N·OH·OW, C·FH·FW) = (1·3·3, 3·5·5) = (9, 75)`. */
  readonly text: string;
  /**
   * How the notes' im2col gets there: the windows gathered as (N, C, FH, FW, OH, OW), transposed to
   * (N, OH, OW, C, FH, FW), then reshaped to `text`'s matrix.
   */
  readonly steps: readonly string[];
}

export function im2colShape(spec: {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly kernel: Size2;
  readonly stride: Size2;
  readonly padding: Padding;
  readonly dilation?: Size2;
}): Im2colShape {
  const win = slideWindow(
    { kernel: spec.kernel, stride: spec.stride, padding: spec.padding, dilation: spec.dilation ?? 1 },
    spec.h,
    spec.w,
  );
  const outH = Math.max(0, win.h.out);
  const outW = Math.max(0, win.w.out);
  const rows = spec.n * outH * outW;
  const [fh, fw] = [win.h.kernel, win.w.kernel];
  const cols = spec.c * fh * fw;
  const text =
    `(N·OH·OW, C·FH·FW) = (${spec.n}·${outH}·${outW}, ${spec.c}·${fh}·${fw}) = ` +
    `(${fmtInt(rows)}, ${fmtInt(cols)})`;
  return {
    outH,
    outW,
    rows,
    cols,
    text,
    steps: [
      `col: (N, C, FH, FW, OH, OW) = (${spec.n}, ${spec.c}, ${fh}, ${fw}, ${outH}, ${outW})`,
      `transpose(0, 4, 5, 1, 2, 3): (N, OH, OW, C, FH, FW) = (${spec.n}, ${outH}, ${outW}, ${spec.c}, ${fh}, ${fw})`,
      `reshape: ${text}`,
    ],
  };
}

/**
 * Pooling through im2col, as the notes implement it: channels are independent, so every window of every channel
 * is its own row (N·OH·OW·C rows of PH·PW), a max (or mean, or min) per row, then reshaped to (N, OH, OW, C)
 * and transposed to (N, C, OH, OW).
 */
export function poolIm2colSteps(spec: {
  readonly n: number;
  readonly c: number;
  readonly outH: number;
  readonly outW: number;
  readonly size: readonly [number, number];
  readonly op: 'max' | 'avg' | 'min';
}): readonly string[] {
  const { n, c, outH, outW } = spec;
  const [ph, pw] = spec.size;
  const rows = n * outH * outW * c;
  const reduce = spec.op === 'avg' ? 'mean' : spec.op;
  return [
    `im2col per channel: (N·OH·OW·C, PH·PW) = (${n}·${outH}·${outW}·${c}, ${ph}·${pw}) = (${fmtInt(rows)}, ${fmtInt(ph * pw)})`,
    `${reduce} of each row: (${fmtInt(rows)})`,
    `reshape (N, OH, OW, C) = (${n}, ${outH}, ${outW}, ${c}), transpose(0, 3, 1, 2): (N, C, OH, OW) = (${n}, ${c}, ${outH}, ${outW})`,
  ];
}

/** The unrolled input of one image: row r = output position (r / OW, r mod OW); its window, channel-major. */
export function im2colMatrix(p: ConvProblem, g: ConvGeometry = convGeometry(p)): Grid {
  const [t, , l] = g.pads;
  const rows: number[][] = [];
  for (let oy = 0; oy < g.outH; oy += 1)
    for (let ox = 0; ox < g.outW; ox += 1) {
      const [y0, x0] = windowOrigin(g, oy, ox);
      const row: number[] = [];
      for (let c = 0; c < g.channels; c += 1)
        for (let ky = 0; ky < g.kernel[0]; ky += 1)
          for (let kx = 0; kx < g.kernel[1]; kx += 1) {
            // Padded coordinates minus the padding: outside the input reads a zero, as convStep does.
            const iy = y0 + ky * g.dilation[0] - t;
            const ix = x0 + kx * g.dilation[1] - l;
            const inside = iy >= 0 && ix >= 0 && iy < g.height && ix < g.width;
            row.push(inside ? cell(p.input[c], iy, ix) : 0);
          }
      rows.push(row);
    }
  return rows;
}

/**
 * The filters as columns: (C·FH·FW) × F, in the same channel-major order as the rows of im2colMatrix; with
 * groups, zero where a filter does not read the channel.
 */
export function filterMatrix(p: ConvProblem, g: ConvGeometry = convGeometry(p)): Grid {
  const [kh, kw] = g.kernel;
  const own = Array.from({ length: g.filters }, (_, f) => channelsOf(g, f));
  return gridOf(g.channels * kh * kw, g.filters, (r, f) => {
    const c = Math.floor(r / (kh * kw));
    const k = own[f]?.indexOf(c) ?? -1;
    if (k < 0) return 0;
    const ky = Math.floor((r % (kh * kw)) / kw);
    const kx = r % kw;
    return p.filters[f]?.[k]?.[ky]?.[kx] ?? 0;
  });
}

/** a × b for small matrices (the lesson's GEMM). */
export function matmul(a: Grid, b: Grid): Grid {
  const inner = b.length;
  const cols = b[0]?.length ?? 0;
  return a.map((row) =>
    Array.from({ length: cols }, (_, j) => {
      let s = 0;
      for (let k = 0; k < inner; k += 1) s += (row[k] ?? 0) * (b[k]?.[j] ?? 0);
      return s;
    }),
  );
}

/** The GEMM's result plus each filter's bias: (OH·OW) × F, before the activation. */
export function im2colProduct(p: ConvProblem, g: ConvGeometry = convGeometry(p)): Grid {
  const product = matmul(im2colMatrix(p, g), filterMatrix(p, g));
  return product.map((row) => row.map((v, f) => v + (p.bias?.[f] ?? 0)));
}
