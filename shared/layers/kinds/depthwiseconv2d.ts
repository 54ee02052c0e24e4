import { z } from 'zod';
import type { LayerKindDef } from '../types';
import type { Size2 } from '../common/params';
import {
  ActivationSchema,
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

export const DepthwiseConv2dParamsSchema = z.strictObject({
  kernel: Size2Schema,
  stride: Size2Schema,
  padding: PaddingSchema,
  dilation: Size2Schema,
  /** M: filters per input channel; the output has C·M channels. */
  depthMultiplier: z.number().int().min(1).max(1024),
  activation: ActivationSchema,
  useBias: z.boolean(),
});
export type DepthwiseConv2dParams = z.infer<typeof DepthwiseConv2dParamsSchema>;

const isOne = (s: Size2) => pair(s)[0] === 1 && pair(s)[1] === 1;

/**
 * Keras's DepthwiseConv2D: each input channel convolved with its own M filters of FH×FW×1 (no sum across
 * channels), C·M output channels; MobileNet pairs it with a 1×1 convolution that mixes the channels. In
 * PyTorch it is nn.Conv2d(C, C·M, groups=C).
 */
export const depthwiseconv2d: LayerKindDef<DepthwiseConv2dParams> = {
  kind: 'depthwiseconv2d',
  label: 'DepthwiseConv2D',
  category: 'convolution',
  description:
    'Convolves each input channel with its own FH×FW filters (depth multiplier M): C·M channels out, no mixing across channels.',
  params: DepthwiseConv2dParamsSchema,
  defaults: {
    kernel: 3,
    stride: 1,
    padding: 'same',
    dilation: 1,
    depthMultiplier: 1,
    activation: 'linear',
    useBias: true,
  },
  fields: [
    { key: 'kernel', label: 'Kernel', type: 'size2', min: 1, help: 'FH×FW, one filter per channel' },
    { key: 'stride', label: 'Stride', type: 'size2', min: 1 },
    {
      key: 'padding',
      label: 'Padding',
      type: 'padding',
      help: 'valid, same (as TensorFlow), full, P or [t,b,l,r]',
    },
    { key: 'dilation', label: 'Dilation', type: 'size2', min: 1, help: 'FH_eff = D·(FH − 1) + 1' },
    {
      key: 'depthMultiplier',
      label: 'Depth multiplier',
      type: 'int',
      min: 1,
      help: 'M filters per input channel: C·M output channels',
    },
    { key: 'activation', label: 'Activation', type: 'enum', options: ActivationSchema.options },
    { key: 'useBias', label: 'Use bias', type: 'bool' },
  ],
  inputs: 'single',
  traits: { kernel: true, padsBefore: true, activatesAfter: true },
  notation: (p) =>
    `DWConv ${sizeText(p.kernel)} /${strideText(p.stride)} ${paddingText(p.padding)}` +
    (p.depthMultiplier === 1 ? '' : ` ×${p.depthMultiplier}`) +
    (isOne(p.dilation) ? '' : ` d${strideText(p.dilation)}`) +
    activationSuffix(p.activation),

  infer(p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    if (!isImage(x)) return needsImage('DepthwiseConv2D', x);
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
    const m = p.depthMultiplier;
    const out = c * m;
    const weights = fh * fw * c * m;
    const bias = p.useBias ? out : 0;
    const formulas = [
      ...win.formulas,
      `filters: ${m === 1 ? 'one' : m} ${fh}×${fw}×1 per channel, ${c} channels → C·M = ${dot(c, m)} = ${out} channels`,
      `params: ${dot(fh, fw, c, m)}${p.useBias ? ` + ${out}` : ''} = ${fmtInt(weights + bias)}`,
    ];
    if (win.h.out <= 0 || win.w.out <= 0) return { shape: null, formulas, diagnostics: win.diagnostics };
    formulas.push(
      `MACs: ${dot(win.h.out, win.w.out, fh, fw, out)} = ${fmtInt(win.h.out * win.w.out * weights)} (a full conv to ${out} channels: ×${c})`,
    );
    return {
      shape: [win.h.out, win.w.out, out],
      params: { total: weights + bias, trainable: weights + bias, nonTrainable: 0 },
      macs: win.h.out * win.w.out * weights,
      im2col: null,
      window: { kernel: [win.h.kernelEff, win.w.kernelEff], stride: [win.h.stride, win.w.stride] },
      formulas,
      diagnostics: win.diagnostics,
    };
  },

  untrainable(p) {
    if (isOne(p.dilation)) return null;
    return {
      problem:
        'has a dilation above 1: tfjs 4.22 has no gradient for a dilated depthwise convolution (PyTorch trains it).',
      fix: 'Set the dilation to 1, or train on the PyTorch backend',
    };
  },

  toKeras(p, input) {
    const pad = kerasPadding(p.padding, input.shape, p.kernel, p.stride, p.dilation);
    const act = kerasActivation(p.activation);
    return [
      ...pad.pre,
      {
        className: 'DepthwiseConv2D',
        config: {
          kernelSize: [...pair(p.kernel)],
          strides: [...pair(p.stride)],
          padding: pad.padding,
          depthMultiplier: p.depthMultiplier,
          dilationRate: [...pair(p.dilation)],
          activation: act.activation,
          useBias: p.useBias,
        },
      },
      ...act.post,
    ];
  },
};
