import { beforeAll, describe, it } from 'vitest';
import { getPreset } from '../../../../shared/presets';
import { wasmBackendReady, expectOrtEqualsTfjs, LARGE_PRESETS } from './cases';

beforeAll(wasmBackendReady);

// tfjs on wasm: its plain-JS cpu backend takes minutes per VGG-16 image (15.5 G multiply-adds) on a loaded machine.
describe('ONNX export: ONNX Runtime computes what tfjs computes (large presets, batch 1)', () => {
  it.each(LARGE_PRESETS)('%s', { timeout: 600_000 }, async (id) => {
    const preset = getPreset(id);
    if (preset === undefined) throw new Error(`no preset ${id}`);
    const error = await expectOrtEqualsTfjs(preset.build(), 1, 12);
    console.log(`${id}: relative error ${error.toExponential(2)}`);
  });
});
