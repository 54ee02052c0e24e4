import { beforeAll, describe, expect, it } from 'vitest';
import { presets } from '../../../../shared/presets';
import { expectOrtEqualsTfjs, LARGE_PRESETS, wasmBackendReady } from './cases';

// tfjs on wasm, as the large presets (the random graphs run on the cpu backend).
beforeAll(wasmBackendReady);

const large: readonly string[] = LARGE_PRESETS;

describe('ONNX export: ONNX Runtime computes what tfjs computes (presets; the large ones in ort-presets-large)', () => {
  it('the large list names presets only, so together the two files cover every preset', () => {
    expect(large.filter((id) => presets.every((p) => p.id !== id))).toEqual([]);
    expect(presets.filter((p) => !large.includes(p.id)).length).toBeGreaterThan(0);
  });

  it.each(presets.filter((p) => !large.includes(p.id)).map((p) => [p.id, p] as const))(
    '%s (batch 2)',
    { timeout: 300_000 },
    async (_id, preset) => {
      const error = await expectOrtEqualsTfjs(preset.build(), 2, 11);
      console.log(`${preset.id}: relative error ${error.toExponential(2)}`);
    },
  );
});
