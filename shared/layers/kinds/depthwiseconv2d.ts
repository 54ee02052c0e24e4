import { z } from 'zod';
import type { LayerKindDef } from '../types';
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

/** M: filters per input channel (DepthwiseConv2D, and the depthwise part of SeparableConv2D). */
export const DepthMultiplierSchema = z.number().int().min(1).max(1024);

export const DepthwiseConv2dParamsSchema = z.strictObject({
  kernel: Size2Schema,
  stride: Size2Schema,
  padding: PaddingSchema,
  /** M: filters per input channel; the output has C·M channels. */
  depthMultiplier: DepthMultiplierSchema,
  activation: ActivationSchema,
  useBias: z.boolean(),
});
export type DepthwiseConv2dParams = z.infer<typeof DepthwiseConv2dParamsSchema>;

/**
 * Keras's DepthwiseConv2D: each input channel convolved with its own M filters of FH×FW×1 (no sum across
 * channels), C·M output channels; MobileNet pairs it with a 1×1 convolution that mixes the channels. In
 * PyTorch it is nn.Conv2d(C, C·M, groups=C). No dilation: tfjs-layers 4.22 builds DepthwiseConv2D without its
 * dilation_rate (the call passes none), so a dilated one would not compute what Keras or PyTorch compute.
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
    activationSuffix(p.activation),

  infer(p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    if (!isImage(x)) return needsImage('DepthwiseConv2D', x);
    const [h, w, c] = x;
    const win = slideWindow({ ...p, dilation: 1 }, h, w);
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

  toKeras(p, input) {
    const pad = kerasPadding(p.padding, input.shape, p.kernel, p.stride);
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
          dilationRate: [1, 1],
          activation: act.activation,
          useBias: p.useBias,
        },
      },
      ...act.post,
    ];
  },
};
