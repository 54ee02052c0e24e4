import { z } from 'zod';
import type { LayerKind, LayerKindDef } from '../types';
import { PaddingSchema, Size2Schema, pair, paddingText, sizeText, strideText } from './params';
import { isImage, needsImage, NO_PARAMS } from './rank';
import { slideWindow } from './window';
import { kerasPadding } from './keras';
import { inferCeilPool, pytorchPool, usesPytorchPool } from './pytorch-pool';

export const PoolParamsSchema = z.strictObject({
  size: Size2Schema,
  stride: Size2Schema,
  padding: PaddingSchema,
});

/**
 * Max and min pooling also take PyTorch's options (absent = false, Keras's behaviour): `ceilMode`, the output
 * size rounded up as PyTorch's ceil_mode does; `ignorePadding`, padded cells that never win (−∞ for max, +∞ for
 * min), as PyTorch pads, instead of Keras's zeros that take part.
 */
export const WindowPoolParamsSchema = PoolParamsSchema.extend({
  ceilMode: z.boolean().optional(),
  ignorePadding: z.boolean().optional(),
});
export type PoolParams = z.infer<typeof WindowPoolParamsSchema>;

/**
 * Max/Avg/Min pooling share the window maths of Conv2D without weights: channels pass through, no params,
 * no MACs. Explicit padding compiles to ZeroPadding2D + 'valid' (zeros, where PyTorch's max pool pads −∞;
 * the shapes agree, values at the border may not).
 */
export function poolKind(spec: {
  kind: LayerKind & ('maxpool2d' | 'avgpool2d' | 'minpool2d');
  label: string;
  short: string;
  description: string;
  className: 'MaxPooling2D' | 'AveragePooling2D' | 'StrideMinPool2D';
  /** Max/min pooling: PyTorch's ceil_mode and −∞ (+∞) padding as options, built as StridePool2D. */
  pytorchOptions?: 'max' | 'min';
}): LayerKindDef<PoolParams> {
  const options = spec.pytorchOptions;
  return {
    kind: spec.kind,
    label: spec.label,
    category: 'pooling',
    description: spec.description,
    params: options === undefined ? PoolParamsSchema : WindowPoolParamsSchema,
    defaults:
      options === undefined
        ? { size: 2, stride: 2, padding: 'valid' }
        : { size: 2, stride: 2, padding: 'valid', ceilMode: false, ignorePadding: false },
    fields: [
      { key: 'size', label: 'Pool size', type: 'size2', min: 1 },
      { key: 'stride', label: 'Stride', type: 'size2', min: 1 },
      { key: 'padding', label: 'Padding', type: 'padding' },
      ...(options === undefined
        ? []
        : ([
            {
              key: 'ceilMode',
              label: 'Ceil mode (PyTorch)',
              type: 'bool',
              help: "Round the output size up, as PyTorch's ceil_mode (the last window must start inside the input or the left padding)",
            },
            {
              key: 'ignorePadding',
              label: 'Padding never wins (PyTorch)',
              type: 'bool',
              help: `Pad with ${options === 'max' ? '−∞' : '+∞'} as PyTorch does, instead of Keras's zeros that take part`,
            },
          ] as const)),
    ],
    inputs: 'single',
    traits: { kernel: false, padsBefore: true, activatesAfter: false },
    notation: (p) =>
      `${spec.short} ${sizeText(p.size)} /${strideText(p.stride)}${p.padding === 'valid' ? '' : ` ${paddingText(p.padding)}`}${p.ceilMode === true ? ' ceil' : ''}${p.ignorePadding === true && p.padding !== 'valid' && p.padding !== 'same' ? ` ${options === 'min' ? '+∞' : '−∞'} pad` : ''}`,
    infer(p, inputs) {
      const x = inputs[0];
      if (x === undefined) return { shape: null };
      if (!isImage(x)) return needsImage(spec.label, x);
      if (p.ceilMode === true) return inferCeilPool(p, x, options === 'min' ? '+∞' : '−∞');
      const [h, w, c] = x;
      const win = slideWindow({ kernel: p.size, stride: p.stride, padding: p.padding }, h, w);
      const padNote =
        p.ignorePadding === true && p.padding !== 'valid' && p.padding !== 'same'
          ? [`padded cells are ${options === 'min' ? '+∞' : '−∞'}: they never win (PyTorch)`]
          : [];
      const formulas = [...win.formulas, ...padNote, `channels: ${c} (pooling keeps the depth)`];
      if (win.h.out <= 0 || win.w.out <= 0) return { shape: null, formulas, diagnostics: win.diagnostics };
      return {
        shape: [win.h.out, win.w.out, c],
        params: NO_PARAMS,
        macs: 0,
        window: { kernel: [win.h.kernelEff, win.w.kernelEff], stride: [win.h.stride, win.w.stride] },
        formulas,
        diagnostics: win.diagnostics,
      };
    },
    toKeras(p, input) {
      if (options !== undefined && usesPytorchPool(p)) return [pytorchPool(p, input.shape, options)];
      const pad = kerasPadding(p.padding, input.shape, p.size, p.stride);
      return [
        ...pad.pre,
        {
          className: spec.className,
          config: { poolSize: [...pair(p.size)], strides: [...pair(p.stride)], padding: pad.padding },
        },
      ];
    },
  };
}
