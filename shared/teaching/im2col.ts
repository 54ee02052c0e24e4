import { fmtInt } from '../layers/common/format';
import type { Padding, Size2 } from '../layers/common/params';
import { slideWindow } from '../layers/common/window';
import { convGeometry, convStep, type ConvGeometry, type ConvProblem } from './conv';
import { gridOf, type Grid } from './grid';

/**
 * im2col, as the lecture notes implement a convolution layer: every window of the input becomes one row of a
 * matrix (N·OH·OW rows, C·FH·FW columns, laid out channel by channel and then row by row of the window), the
 * filters become the columns of a second one (C·FH·FW × FN), and one matrix product gives every output value at
 * once (N·OH·OW × FN, then reshaped to N × FN × OH × OW).
 */
export interface Im2colShape {
  readonly outH: number;
  readonly outW: number;
  readonly rows: number;
  readonly cols: number;
  /** `(N·OH·OW, C·FH·FW) = (1·3·3, 3·5·5) = (9, 75)`. */
  readonly text: string;
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
  const cols = spec.c * win.h.kernel * win.w.kernel;
  return {
    outH,
    outW,
    rows,
    cols,
    text:
      `(N·OH·OW, C·FH·FW) = (${spec.n}·${outH}·${outW}, ${spec.c}·${win.h.kernel}·${win.w.kernel}) = ` +
      `(${fmtInt(rows)}, ${fmtInt(cols)})`,
  };
}

/** The unrolled input of one image: row r = output position (r / OW, r mod OW); its window, channel-major. */
export function im2colMatrix(p: ConvProblem, g: ConvGeometry = convGeometry(p)): Grid {
  // Reuses the convolution's own window walk with a filter of ones, so the rows are exactly the terms a step
  // multiplies (same padding, stride and dilation).
  const rows: number[][] = [];
  for (let oy = 0; oy < g.outH; oy += 1)
    for (let ox = 0; ox < g.outW; ox += 1) rows.push(convStep(p, 0, oy, ox, g).terms.map((t) => t.input));
  return rows;
}

/** The filters as columns: (C·FH·FW) × F, in the same channel-major order as the rows of im2colMatrix. */
export function filterMatrix(p: ConvProblem, g: ConvGeometry = convGeometry(p)): Grid {
  const [kh, kw] = g.kernel;
  return gridOf(g.channels * kh * kw, g.filters, (r, f) => {
    const c = Math.floor(r / (kh * kw));
    const ky = Math.floor((r % (kh * kw)) / kw);
    const kx = r % kw;
    return p.filters[f]?.[c]?.[ky]?.[kx] ?? 0;
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
