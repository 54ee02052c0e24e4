import { z } from 'zod';
import type { InferResult, LayerKindDef } from '../types';
import type { Size2 } from '../common/params';
import {
  ActivationSchema,
  FiltersSchema,
  PaddingSchema,
  Size2Schema,
  activationSuffix,
  pair,
  paddingText,
  sizeText,
  strideText,
} from '../common/params';
import { dot, fmtInt } from '../common/format';
import { isImage, needsImage } from '../common/rank';
import { slideWindow } from '../common/window';
import { kerasActivation, kerasPadding } from '../common/keras';

export const Conv2dParamsSchema = z.strictObject({
  filters: FiltersSchema,
  kernel: Size2Schema,
  stride: Size2Schema,
  padding: PaddingSchema,
  dilation: Size2Schema,
  activation: ActivationSchema,
  useBias: z.boolean(),
  /**
   * Grouped convolution (AlexNet's two towers, ResNeXt): the C input channels and F filters split into g
   * groups, each filter seeing only its group's C/g channels. Optional so documents and presets written before
   * it exist still read as g = 1.
   */
  groups: FiltersSchema.optional(),
});
export type Conv2dParams = z.infer<typeof Conv2dParamsSchema>;

const isOne = (s: Size2) => pair(s)[0] === 1 && pair(s)[1] === 1;

export const conv2d: LayerKindDef<Conv2dParams> = {
  kind: 'conv2d',
  label: 'Conv2D',
  category: 'convolution',
  description:
    'Slides F filters of FH×FW×C over the input; each filter is as deep as the input has channels.',
  params: Conv2dParamsSchema,
  defaults: {
    filters: 32,
    kernel: 3,
    stride: 1,
    padding: 'valid',
    dilation: 1,
    activation: 'relu',
    useBias: true,
    groups: 1,
  },
  fields: [
    { key: 'filters', label: 'Filters', type: 'int', min: 1, help: 'Number of filters = output channels' },
    { key: 'kernel', label: 'Kernel', type: 'size2', min: 1, help: 'FH×FW' },
    { key: 'stride', label: 'Stride', type: 'size2', min: 1 },
    {
      key: 'padding',
      label: 'Padding',
      type: 'padding',
      help: 'valid, same (as TensorFlow), full, P or [t,b,l,r]',
    },
    { key: 'dilation', label: 'Dilation', type: 'size2', min: 1, help: 'FH_eff = D·(FH − 1) + 1' },
    {
      key: 'activation',
      label: 'Activation',
      type: 'enum',
      options: ActivationSchema.options,
    },
    { key: 'useBias', label: 'Use bias', type: 'bool' },
    {
      key: 'groups',
      label: 'Groups',
      type: 'int',
      min: 1,
      help: 'g: each filter sees C/g channels; C and F must be multiples of g',
    },
  ],
  inputs: 'single',
  traits: { kernel: true, padsBefore: true, activatesAfter: true },
  notation: (p) =>
    `Conv ${p.filters}@${sizeText(p.kernel)} /${strideText(p.stride)} ${paddingText(p.padding)}` +
    (isOne(p.dilation) ? '' : ` d${strideText(p.dilation)}`) +
    ((p.groups ?? 1) === 1 ? '' : ` g${p.groups}`) +
    activationSuffix(p.activation),

  infer(p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    if (!isImage(x)) return needsImage('Conv2D', x);
    if (!isOne(p.stride) && !isOne(p.dilation)) {
      return {
        shape: null,
        diagnostics: [
          {
            code: 'CONV_STRIDE_AND_DILATION',
            severity: 'error',
            message:
              'Stride and dilation cannot both be above 1: TensorFlow cannot build such a convolution.',
            fix: 'Set the stride or the dilation to 1.',
          },
        ],
      };
    }
    const [h, w, c] = x;
    const g = p.groups ?? 1;
    if (c % g !== 0 || p.filters % g !== 0) return indivisible(c, p.filters, g);
    const win = slideWindow(p, h, w);
    const [fh, fw] = pair(p.kernel);
    const oh = win.h.out;
    const ow = win.w.out;
    const depth = c / g;
    const weights = fh * fw * depth * p.filters;
    const bias = p.useBias ? p.filters : 0;
    const formulas = [
      ...win.formulas,
      g === 1
        ? `filter: ${fh}×${fw}×${c} (depth = input channels ${c}), ${p.filters} filters`
        : `filter: ${fh}×${fw}×${depth} (depth = C/g = ${c}/${g}), ${p.filters} filters in ${g} groups of ${p.filters / g}`,
      `params: ${dot(fh, fw, depth, p.filters)}${p.useBias ? ` + ${p.filters}` : ''} = ${fmtInt(weights + bias)}`,
    ];
    if (oh <= 0 || ow <= 0) return { shape: null, formulas, diagnostics: win.diagnostics };
    formulas.push(
      `im2col: (${dot(oh, ow)}) × (${dot(fh, fw, depth)}) = ${oh * ow} × ${fh * fw * depth}` +
        (g === 1 ? '' : ` per group`),
    );
    return {
      shape: [oh, ow, p.filters],
      params: { total: weights + bias, trainable: weights + bias, nonTrainable: 0 },
      macs: oh * ow * weights,
      im2col: { rows: oh * ow, cols: fh * fw * depth },
      window: { kernel: [win.h.kernelEff, win.w.kernelEff], stride: [win.h.stride, win.w.stride] },
      formulas,
      diagnostics: win.diagnostics,
    };
  },

  toKeras(p, input) {
    const pad = kerasPadding(p.padding, input.shape, p.kernel, p.stride, p.dilation);
    const act = kerasActivation(p.activation);
    return [
      ...pad.pre,
      {
        // tfjs-layers has no groups: a grouped convolution is Stride's own layer (custom-layers.ts).
        className: (p.groups ?? 1) === 1 ? 'Conv2D' : 'StrideGroupedConv2D',
        config: {
          filters: p.filters,
          kernelSize: [...pair(p.kernel)],
          strides: [...pair(p.stride)],
          padding: pad.padding,
          dilationRate: [...pair(p.dilation)],
          activation: act.activation,
          useBias: p.useBias,
          ...((p.groups ?? 1) === 1 ? {} : { groups: p.groups }),
        },
      },
      ...act.post,
    ];
  },
};

/** The numbers that divide both C and F (the groups that would work), for the fix. */
function commonDivisors(c: number, f: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(c, f); d += 1) if (c % d === 0 && f % d === 0) out.push(d);
  return out;
}

function indivisible(c: number, filters: number, g: number): InferResult {
  const parts = [
    c % g === 0 ? null : `the input channels ${c} (${c}/${g} = ${fmtRatio(c / g)})`,
    filters % g === 0 ? null : `the filters ${filters} (${filters}/${g} = ${fmtRatio(filters / g)})`,
  ].filter((x) => x !== null);
  const ok = commonDivisors(c, filters);
  return {
    shape: null,
    formulas: [`groups: C/g = ${c}/${g}, F/g = ${filters}/${g}`],
    diagnostics: [
      {
        code: 'CONV_GROUPS_INDIVISIBLE',
        severity: 'error',
        message: `Groups ${g} must divide ${parts.join(' and ')}: each group takes C/g channels and makes F/g filters.`,
        fix: `Use groups ${ok.slice(-4).join(', ')} (divisors of both ${c} and ${filters}), or change the filters.`,
      },
    ],
  };
}

const fmtRatio = (v: number) => (Number.isInteger(v) ? `${v}` : v.toFixed(2));
