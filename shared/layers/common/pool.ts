import { z } from 'zod';
import type { LayerKind, LayerKindDef } from '../types';
import { PaddingSchema, Size2Schema, pair, paddingText, sizeText, strideText } from './params';
import { isImage, needsImage, NO_PARAMS } from './rank';
import { slideWindow } from './window';
import { kerasPadding } from './keras';

export const PoolParamsSchema = z.strictObject({
  size: Size2Schema,
  stride: Size2Schema,
  padding: PaddingSchema,
});
export type PoolParams = z.infer<typeof PoolParamsSchema>;

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
}): LayerKindDef<PoolParams> {
  return {
    kind: spec.kind,
    label: spec.label,
    category: 'pooling',
    description: spec.description,
    params: PoolParamsSchema,
    defaults: { size: 2, stride: 2, padding: 'valid' },
    fields: [
      { key: 'size', label: 'Pool size', type: 'size2', min: 1 },
      { key: 'stride', label: 'Stride', type: 'size2', min: 1 },
      { key: 'padding', label: 'Padding', type: 'padding' },
    ],
    inputs: 'single',
    traits: { kernel: false, padsBefore: true, activatesAfter: false },
    notation: (p) =>
      `${spec.short} ${sizeText(p.size)} /${strideText(p.stride)}${p.padding === 'valid' ? '' : ` ${paddingText(p.padding)}`}`,
    infer(p, inputs) {
      const x = inputs[0];
      if (x === undefined) return { shape: null };
      if (!isImage(x)) return needsImage(spec.label, x);
      const [h, w, c] = x;
      const win = slideWindow({ kernel: p.size, stride: p.stride, padding: p.padding }, h, w);
      const formulas = [...win.formulas, `channels: ${c} (pooling keeps the depth)`];
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
