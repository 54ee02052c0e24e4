import type { Shape } from '../../analysis/types';
import type { Padding } from '../../layers/common/params';
import type { OnnxNode } from './model';
import { axisPads } from '../../layers/common/window';
import { intsAttr, stringAttr } from './import-context';

/** Pads as Stride writes them: [top, bottom, left, right]. */
export type Pads = readonly [number, number, number, number];

export interface Window {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
}

const effective = (k: number, d: number) => d * (k - 1) + 1;

/** What TensorFlow's 'same' pads on this input (more at the bottom/right when odd). */
export function samePads(input: Shape, w: Window): Pads {
  const [t, b] = axisPads('same', 0, input[0] ?? 0, effective(w.kernel[0], w.dilation[0]), w.stride[0]);
  const [l, r] = axisPads('same', 1, input[1] ?? 0, effective(w.kernel[1], w.dilation[1]), w.stride[1]);
  return [t, b, l, r];
}

export const isZero = (p: Pads) => p.every((v) => v === 0);
export const equalPads = (a: Pads, b: Pads) => a.every((v, i) => v === b[i]);
export const addPads = (a: Pads, b: Pads): Pads => [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]];

/**
 * A node's padding on an input: auto_pad (SAME_UPPER is TensorFlow's 'same'; SAME_LOWER puts the odd row on
 * top) or its `pads` [top, left, bottom, right]. A string when the node's padding is malformed.
 */
export function nodePads(node: OnnxNode, input: Shape, w: Window): Pads | string {
  const auto = stringAttr(node, 'auto_pad', 'NOTSET').toLowerCase();
  if (auto === 'same_upper') return samePads(input, w);
  if (auto === 'same_lower') {
    const [t, b, l, r] = samePads(input, w);
    return [b, t, r, l];
  }
  if (auto === 'valid') return [0, 0, 0, 0];
  if (auto !== 'notset' && auto !== '') return `auto_pad '${auto}' is not one ONNX defines`;
  const pads = intsAttr(node, 'pads') ?? [0, 0, 0, 0];
  if (pads.length !== 4) return `pads [${pads.join(', ')}] are not 2-D`;
  if (pads.some((p) => p < 0)) return `negative pads [${pads.join(', ')}] crop the image`;
  const [t, l, b, r] = pads as [number, number, number, number];
  return [t, b, l, r];
}

/** Stride's form of explicit pads: 'valid', 'same' when they equal TensorFlow's, P, or [t, b, l, r]. */
export function stridePadding(pads: Pads, input: Shape, w: Window, sameAllowed = true): Padding {
  if (isZero(pads)) return 'valid';
  if (sameAllowed && equalPads(pads, samePads(input, w))) return 'same';
  if (pads.every((v) => v === pads[0])) return pads[0];
  return [...pads] as [number, number, number, number];
}

/** Output size along one axis for floor (Stride, TensorFlow) and ceil (ONNX ceil_mode = 1) rounding. */
export function windowOutputs(size: number, pad: number, kernel: number, stride: number, dilation: number) {
  const span = size + pad - effective(kernel, dilation);
  return { floor: Math.floor(span / stride) + 1, ceil: Math.ceil(span / stride) + 1 };
}

export function pair2(values: readonly number[] | null, fallback: number): readonly [number, number] | null {
  if (values === null) return [fallback, fallback];
  if (values.length !== 2) return null;
  return [values[0] as number, values[1] as number];
}

/** A size2 param: one number when square. */
export const size2 = ([h, w]: readonly [number, number]): number | [number, number] => (h === w ? h : [h, w]);
