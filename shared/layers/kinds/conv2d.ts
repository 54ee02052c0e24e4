import { z } from 'zod';
import type { LayerKindDef } from '../types';
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
  ],
  inputs: 'single',
  traits: { kernel: true, padsBefore: true, activatesAfter: true },
  notation: (p) =>
    `Conv ${p.filters}@${sizeText(p.kernel)} /${strideText(p.stride)} ${paddingText(p.padding)}` +
    (isOne(p.dilation) ? '' : ` d${strideText(p.dilation)}`) +
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
    const win = slideWindow(p, h, w);
    const [fh, fw] = pair(p.kernel);
    const oh = win.h.out;
    const ow = win.w.out;
    const weights = fh * fw * c * p.filters;
    const bias = p.useBias ? p.filters : 0;
    const formulas = [
      ...win.formulas,
      `filter: ${fh}×${fw}×${c} (depth = input channels ${c}), ${p.filters} filters`,
      `params: ${dot(fh, fw, c, p.filters)}${p.useBias ? ` + ${p.filters}` : ''} = ${fmtInt(weights + bias)}`,
    ];
    if (oh <= 0 || ow <= 0) return { shape: null, formulas, diagnostics: win.diagnostics };
    formulas.push(`im2col: (${dot(oh, ow)}) × (${dot(fh, fw, c)}) = ${oh * ow} × ${fh * fw * c}`);
    return {
      shape: [oh, ow, p.filters],
      params: { total: weights + bias, trainable: weights + bias, nonTrainable: 0 },
      macs: oh * ow * weights,
      im2col: { rows: oh * ow, cols: fh * fw * c },
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
        className: 'Conv2D',
        config: {
          filters: p.filters,
          kernelSize: [...pair(p.kernel)],
          strides: [...pair(p.stride)],
          padding: pad.padding,
          dilationRate: [...pair(p.dilation)],
          activation: act.activation,
          useBias: p.useBias,
        },
      },
      ...act.post,
    ];
  },
};
