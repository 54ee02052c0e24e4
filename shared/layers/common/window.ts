import type { DiagnosticDraft } from '../types';
import type { Padding, Size2 } from './params';
import { pair } from './params';

/**
 * Sliding-window arithmetic shared by convolutions and poolings, per axis:
 *   K_eff = D·(K − 1) + 1,   O = floor((N + P_before + P_after − K_eff)/S) + 1
 * with 'same' padded as TensorFlow does (O = ceil(N/S), total padding max((O − 1)·S + K_eff − N, 0), the odd
 * pixel at the bottom/right) and 'full' as P = K_eff − 1 on both sides.
 */
export interface WindowSpec {
  readonly kernel: Size2;
  readonly stride: Size2;
  readonly dilation?: Size2;
  readonly padding: Padding;
}

export interface AxisWindow {
  readonly axis: 'H' | 'W';
  readonly size: number;
  readonly kernel: number;
  readonly kernelEff: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBefore: number;
  readonly padAfter: number;
  readonly out: number;
  /** (N + P_b + P_a − K_eff) mod S: padded rows/cols past the last window. */
  readonly remainder: number;
}

export interface WindowResult {
  readonly h: AxisWindow;
  readonly w: AxisWindow;
  readonly formulas: readonly string[];
  readonly diagnostics: readonly DiagnosticDraft[];
  /** [top, bottom, left, right] actually applied. */
  readonly pads: readonly [number, number, number, number];
}

const MINUS = '−';
const AXIS_WORDS = {
  H: ['row', 'rows', 'top', 'bottom'],
  W: ['column', 'columns', 'left', 'right'],
} as const;

export function axisPads(padding: Padding, axis: 0 | 1, size: number, kernelEff: number, stride: number) {
  if (padding === 'valid') return [0, 0] as const;
  if (padding === 'full') return [kernelEff - 1, kernelEff - 1] as const;
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + kernelEff - size, 0);
    const before = Math.floor(total / 2);
    return [before, total - before] as const;
  }
  if (typeof padding === 'number') return [padding, padding] as const;
  return axis === 0 ? ([padding[0], padding[1]] as const) : ([padding[2], padding[3]] as const);
}

function axisWindow(spec: WindowSpec, axis: 0 | 1, size: number): AxisWindow {
  const kernel = pair(spec.kernel)[axis];
  const stride = pair(spec.stride)[axis];
  const dilation = pair(spec.dilation ?? 1)[axis];
  const kernelEff = dilation * (kernel - 1) + 1;
  const [padBefore, padAfter] = axisPads(spec.padding, axis, size, kernelEff, stride);
  const span = size + padBefore + padAfter - kernelEff;
  const out = Math.floor(span / stride) + 1;
  const remainder = span >= 0 ? span % stride : 0;
  return {
    axis: axis === 0 ? 'H' : 'W',
    size,
    kernel,
    kernelEff,
    stride,
    dilation,
    padBefore,
    padAfter,
    out,
    remainder,
  };
}

const num = (n: number) => (n < 0 ? `${MINUS}${-n}` : `${n}`);

/** `(28 + 2·1 − 3)/1 + 1 = 28`, or with ⌊ ⌋ when the division is not exact. */
export function axisFormula(a: AxisWindow): string {
  const pads = a.padBefore === a.padAfter ? `2·${a.padBefore}` : `${a.padBefore} + ${a.padAfter}`;
  const inner = `${a.size} + ${pads} ${MINUS} ${a.kernelEff}`;
  const span = a.size + a.padBefore + a.padAfter - a.kernelEff;
  const exact = span % a.stride === 0;
  const division = exact ? `(${inner})/${a.stride}` : `⌊(${inner})/${a.stride}⌋`;
  return `${division} + 1 = ${num(a.out)}`;
}

function nonPositive(a: AxisWindow, padding: Padding): DiagnosticDraft {
  const [one, many] = AXIS_WORDS[a.axis];
  const room = a.size + a.padBefore + a.padAfter;
  const needPad = Math.ceil((a.kernelEff - a.size) / 2);
  const maxKernel = Math.floor((room - 1) / a.dilation) + 1;
  const fixes = [`padding ${needPad}${padding === 'same' ? '' : " (or 'same')"}`];
  if (maxKernel >= 1)
    fixes.push(`a kernel of at most ${maxKernel}${a.dilation > 1 ? ` at dilation ${a.dilation}` : ''}`);
  return {
    code: 'SHAPE_NONPOSITIVE',
    severity: 'error',
    message:
      `${a.axis}: the ${a.kernelEff}-${one} window does not fit in ${room} ${many} ` +
      `(${a.size} input + ${a.padBefore + a.padAfter} padding), so the output ${a.axis} is ${num(a.out)}.`,
    formula: `${a.axis}: ${axisFormula(a)}`,
    fix: `Use ${fixes.join(', or ')}.`,
  };
}

/** Alternatives that make (N + 2P − K)/S exact: a smaller stride, more padding, or a larger kernel. */
function exactFixes(a: AxisWindow, padding: Padding): string[] {
  const span = a.size + a.padBefore + a.padAfter - a.kernelEff;
  const fixes: string[] = [];
  for (let s = a.stride - 1; s >= 1; s -= 1) {
    if (span % s === 0) {
      fixes.push(`stride ${s}`);
      break;
    }
  }
  if (typeof padding === 'number' || padding === 'valid') {
    const p0 = typeof padding === 'number' ? padding : 0;
    for (let p = p0 + 1; p <= p0 + a.stride; p += 1) {
      if ((a.size + 2 * p - a.kernelEff) % a.stride === 0) {
        fixes.push(`padding ${p}`);
        break;
      }
    }
  }
  if (a.dilation === 1) {
    const room = a.size + a.padBefore + a.padAfter;
    for (let k = a.kernel + 1; k <= Math.min(room, a.kernel + a.stride); k += 1) {
      if ((room - k) % a.stride === 0) {
        fixes.push(`kernel ${k}`);
        break;
      }
    }
  }
  if (padding !== 'same') fixes.push("padding 'same'");
  return fixes;
}

/**
 * Real input rows/cols at the end that no window covers. Only reported when kernel ≥ stride: with a smaller
 * kernel the windows leave gaps everywhere by design (a 1×1 stride-2 shortcut), and the tail is no special loss.
 * A square case (same numbers on both axes) is reported once, for rows and columns together.
 */
function notExact(a: AxisWindow, padding: Padding, square: boolean): DiagnosticDraft | null {
  const dropped = a.remainder - a.padAfter;
  if (a.remainder === 0 || dropped <= 0 || a.kernelEff < a.stride) return null;
  const [one, many] = square ? (['row and column', 'rows and columns'] as const) : AXIS_WORDS[a.axis];
  const first = a.size - dropped;
  const which = dropped === 1 ? `index ${first}` : `indices ${first}–${a.size - 1}`;
  const span = a.size + a.padBefore + a.padAfter - a.kernelEff;
  return {
    code: 'SHAPE_NOT_EXACT',
    severity: 'warning',
    message:
      `${square ? 'H and W' : a.axis}: ${span} is not a multiple of the stride ${a.stride}; floor drops the last ` +
      `${dropped === 1 ? one : `${dropped} ${many}`} of the input (${which}, counting from 0), never covered by a window.`,
    formula: `${a.axis}: ${axisFormula(a)}`,
    fix: `Use ${exactFixes(a, padding).join(', or ')} so every ${square ? 'row and column' : AXIS_WORDS[a.axis][0]} is covered.`,
  };
}

export function slideWindow(spec: WindowSpec, height: number, width: number): WindowResult {
  const h = axisWindow(spec, 0, height);
  const w = axisWindow(spec, 1, width);
  const formulas: string[] = [];
  const diagnostics: DiagnosticDraft[] = [];
  const square =
    h.size === w.size &&
    h.kernelEff === w.kernelEff &&
    h.stride === w.stride &&
    h.padBefore === w.padBefore &&
    h.padAfter === w.padAfter;
  for (const a of [h, w]) {
    if (a.dilation > 1) {
      formulas.push(
        `${a.axis === 'H' ? 'FH' : 'FW'}_eff: ${a.dilation}·(${a.kernel} ${MINUS} 1) + 1 = ${a.kernelEff}`,
      );
    }
    formulas.push(`${a.axis}: ${axisFormula(a)}${spec.padding === 'same' ? ' (same)' : ''}`);
    if (a.out <= 0) diagnostics.push(nonPositive(a, spec.padding));
    else if (!(square && a === w)) {
      const warning = notExact(a, spec.padding, square);
      if (warning !== null) diagnostics.push(warning);
    }
  }
  return { h, w, formulas, diagnostics, pads: [h.padBefore, h.padAfter, w.padBefore, w.padAfter] };
}
