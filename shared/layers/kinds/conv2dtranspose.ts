import { z } from 'zod';
import type { DiagnosticDraft, KerasLayerDraft, LayerKindDef } from '../types';
import {
  ActivationSchema,
  FiltersSchema,
  MAX_DIM,
  Size2Schema,
  activationSuffix,
  pair,
  paddingText,
  sizeText,
  strideText,
} from '../common/params';
import { dot, fmtInt } from '../common/format';
import { isImage, needsImage } from '../common/rank';
import { kerasActivation } from '../common/keras';
import { transposeAxis, transposeFormula, type TransposeAxis } from '../common/transpose';

const padInt = z.number().int().min(0).max(MAX_DIM);

/**
 * 'valid' | 'same' (Keras: the output is H·S + max(K_eff − S, 0), or H·S) | P (PyTorch: crop P on every side)
 * | [top, bottom, left, right] (crop each side on its own).
 */
export const TransposePaddingSchema = z.union([
  z.enum(['valid', 'same']),
  padInt,
  z.tuple([padInt, padInt, padInt, padInt]),
]);

/** PyTorch's output_padding: one int or [h, w], 0 allowed. */
export const OutputPaddingSchema = z.union([padInt, z.tuple([padInt, padInt])]);

export const Conv2dTransposeParamsSchema = z.strictObject({
  filters: FiltersSchema,
  kernel: Size2Schema,
  stride: Size2Schema,
  padding: TransposePaddingSchema,
  outputPadding: OutputPaddingSchema,
  dilation: Size2Schema,
  activation: ActivationSchema,
  useBias: z.boolean(),
});
export type Conv2dTransposeParams = z.infer<typeof Conv2dTransposeParamsSchema>;

const opPair = (op: Conv2dTransposeParams['outputPadding']): readonly [number, number] =>
  typeof op === 'number' ? [op, op] : op;
const isKerasMode = (p: Conv2dTransposeParams) => p.padding === 'valid' || p.padding === 'same';

/** The output-padding rules, as PyTorch states them (and Keras's modes, which fix the output themselves). */
function outputPaddingErrors(p: Conv2dTransposeParams): DiagnosticDraft[] {
  const op = opPair(p.outputPadding);
  if (op[0] === 0 && op[1] === 0) return [];
  if (isKerasMode(p)) {
    return [
      {
        code: 'CONVT_OUTPUT_PADDING_MODE',
        severity: 'error',
        message: `Output padding ${op.join('×')} needs an explicit padding P: '${String(p.padding)}' fixes the output size itself (TensorFlow.js's Conv2DTranspose has no output_padding).`,
        fix: `Set the output padding to 0, or give the padding as a number P (PyTorch's ConvTranspose2d semantics).`,
      },
    ];
  }
  const out: DiagnosticDraft[] = [];
  const stride = pair(p.stride);
  const dilation = pair(p.dilation);
  for (const i of [0, 1] as const) {
    const limit = Math.max(stride[i], dilation[i]);
    const value = op[i];
    if (value >= limit) {
      const axis = i === 0 ? 'H' : 'W';
      out.push({
        code: 'CONVT_OUTPUT_PADDING_TOO_LARGE',
        severity: 'error',
        message: `${axis}: output padding ${value} must be smaller than the stride ${stride[i]} or the dilation ${dilation[i]} (PyTorch requires output_padding < max(stride, dilation)).`,
        fix: `Use an output padding of at most ${limit - 1}${limit - 1 === 0 ? '' : ', or a larger stride'}.`,
      });
      if (op[0] === op[1] && stride[0] === stride[1] && dilation[0] === dilation[1]) break;
    }
  }
  return out;
}

function nonPositive(a: TransposeAxis, formula: string): DiagnosticDraft {
  return {
    code: 'SHAPE_NONPOSITIVE',
    severity: 'error',
    message: `${a.axis}: cropping ${a.before} + ${a.after} from the ${a.full} rows the transposed convolution produces leaves ${a.out}.`,
    formula,
    fix: `Use a padding of at most ${Math.floor((a.full + a.extra - 1) / 2)}, or a larger kernel or stride.`,
  };
}

/**
 * The tfjs layers: Keras's own Conv2DTranspose for 'valid'/'same' without dilation (what TensorFlow.js and Keras
 * read); otherwise Stride's StrideConv2DTranspose, which takes the crop per side, the rows given back and the
 * dilation (tfjs's layer has none of them).
 */
function toKeras(p: Conv2dTransposeParams, h: TransposeAxis, w: TransposeAxis): KerasLayerDraft[] {
  const act = kerasActivation(p.activation);
  const common = {
    filters: p.filters,
    kernelSize: [...pair(p.kernel)],
    strides: [...pair(p.stride)],
  };
  const dilated = pair(p.dilation).some((d) => d !== 1);
  if ((p.padding === 'valid' || p.padding === 'same') && !dilated) {
    return [
      {
        className: 'Conv2DTranspose',
        config: { ...common, padding: p.padding, activation: act.activation, useBias: p.useBias },
      },
      ...act.post,
    ];
  }
  return [
    {
      className: 'StrideConv2DTranspose',
      config: {
        ...common,
        padding: [
          [h.before, h.after],
          [w.before, w.after],
        ],
        outputPadding: [h.extra, w.extra],
        dilationRate: [...pair(p.dilation)],
        activation: act.activation,
        useBias: p.useBias,
      },
    },
    ...act.post,
  ];
}

export const conv2dtranspose: LayerKindDef<Conv2dTransposeParams> = {
  kind: 'conv2dtranspose',
  label: 'Conv2DTranspose',
  category: 'convolution',
  description:
    'Up-sampling convolution: each input pixel scatters an FH×FW×F copy of the filters at stride S (the gradient of a convolution).',
  params: Conv2dTransposeParamsSchema,
  defaults: {
    filters: 32,
    kernel: 2,
    stride: 2,
    padding: 'valid',
    outputPadding: 0,
    dilation: 1,
    activation: 'relu',
    useBias: true,
  },
  fields: [
    { key: 'filters', label: 'Filters', type: 'int', min: 1, help: 'Number of filters = output channels' },
    { key: 'kernel', label: 'Kernel', type: 'size2', min: 1, help: 'FH×FW' },
    { key: 'stride', label: 'Stride', type: 'size2', min: 1, help: 'Up-sampling factor' },
    {
      key: 'padding',
      label: 'Padding',
      type: 'padding',
      help: "valid or same (Keras: H·S + max(K − S, 0), H·S), or P / [t,b,l,r] cropped (PyTorch's padding)",
    },
    {
      key: 'outputPadding',
      label: 'Output padding',
      type: 'size2',
      min: 0,
      help: "PyTorch's output_padding (with a number P): rows given back at the end, < max(S, D)",
    },
    { key: 'dilation', label: 'Dilation', type: 'size2', min: 1, help: 'FH_eff = D·(FH − 1) + 1' },
    { key: 'activation', label: 'Activation', type: 'enum', options: ActivationSchema.options },
    { key: 'useBias', label: 'Use bias', type: 'bool' },
  ],
  inputs: 'single',
  traits: { kernel: true, padsBefore: false, activatesAfter: true },
  notation: (p) => {
    const op = opPair(p.outputPadding);
    return (
      `ConvT ${p.filters}@${sizeText(p.kernel)} /${strideText(p.stride)} ${paddingText(p.padding)}` +
      (op[0] === 0 && op[1] === 0 ? '' : ` op${op[0] === op[1] ? op[0] : `${op[0]}×${op[1]}`}`) +
      (pair(p.dilation).every((d) => d === 1) ? '' : ` d${strideText(p.dilation)}`) +
      activationSuffix(p.activation)
    );
  },

  infer(p, inputs) {
    const x = inputs[0];
    if (x === undefined) return { shape: null };
    if (!isImage(x)) return needsImage('Conv2DTranspose', x);
    const [h, w, c] = x;
    const op = opPair(p.outputPadding);
    const ah = transposeAxis(p, 0, h);
    const aw = transposeAxis(p, 1, w);
    const [fh, fw] = pair(p.kernel);
    const weights = fh * fw * c * p.filters;
    const bias = p.useBias ? p.filters : 0;
    const formulas: string[] = [];
    for (const a of [ah, aw]) {
      if (a.dilation > 1) {
        formulas.push(
          `${a.axis === 'H' ? 'FH' : 'FW'}_eff: ${a.dilation}·(${a.kernel} − 1) + 1 = ${a.kernelEff}`,
        );
      }
    }
    const fh0 = transposeFormula(ah, p.padding, op[0]);
    const fw0 = transposeFormula(aw, p.padding, op[1]);
    formulas.push(fh0, fw0);
    formulas.push(
      `filter: ${fh}×${fw}×${p.filters}×${c} (each of the ${c} input channels scatters ${p.filters} filters of ${fh}×${fw})`,
      `params: ${dot(fh, fw, c, p.filters)}${p.useBias ? ` + ${p.filters}` : ''} = ${fmtInt(weights + bias)}`,
    );
    const diagnostics = outputPaddingErrors(p);
    if (ah.out <= 0) diagnostics.push(nonPositive(ah, fh0));
    if (aw.out <= 0) diagnostics.push(nonPositive(aw, fw0));
    if (diagnostics.length > 0) return { shape: null, formulas, diagnostics };
    formulas.push(
      `MACs: ${dot(h, w, fh, fw, c, p.filters)} = ${fmtInt(h * w * weights)} (every input pixel scatters the whole kernel)`,
    );
    return {
      shape: [ah.out, aw.out, p.filters],
      params: { total: weights + bias, trainable: weights + bias, nonTrainable: 0 },
      macs: h * w * weights,
      im2col: null,
      // An output pixel sees at most ⌈K_eff/S⌉ input pixels per axis, and neighbours are 1/S input pixel apart.
      window: {
        kernel: [Math.ceil(ah.kernelEff / ah.stride), Math.ceil(aw.kernelEff / aw.stride)],
        stride: [1 / ah.stride, 1 / aw.stride],
      },
      formulas,
    };
  },

  toKeras(p, input) {
    const [h = 0, w = 0] = input.shape;
    return toKeras(p, transposeAxis(p, 0, h), transposeAxis(p, 1, w));
  },
};
