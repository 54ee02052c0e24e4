import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { presets } from '../../../../shared/presets';
import { onnxBytes } from '../../../../shared/codegen/onnx/export';
import { importOnnx } from '../../../../shared/codegen/onnx/import';
import { randomGraph } from '../../../main/training/model/random-graphs';
import { trainedLikeWeights } from './helpers';
import { expectRoundTrip, LARGE_PRESETS } from './cases';

const large: readonly string[] = LARGE_PRESETS;

describe('ONNX round trip: Stride export → import → export is the same graph with the same weights', () => {
  it.each(presets.filter((p) => !large.includes(p.id)).map((p) => [p.id, p] as const))(
    '%s',
    (_id, preset) => {
      expectRoundTrip(preset.build(), trainedLikeWeights(5));
    },
  );

  it('100 seeded random graphs (every kind, block and padding form)', () => {
    let done = 0;
    for (let seed = 1; done < 100 && seed < 5000; seed += 1) {
      const doc = randomGraph(seed);
      if (!analyzeGraph(doc).ok) continue;
      expectRoundTrip(doc, trainedLikeWeights(seed));
      done += 1;
    }
    expect(done).toBe(100);
  });

  it('the imported graph keeps the layer names and says where it came from', () => {
    const doc = presets.find((p) => p.id === 'lenet5')?.build();
    if (doc === undefined) throw new Error('no lenet5');
    const bytes = onnxBytes(doc);
    if (!bytes.ok) throw new Error(bytes.error.message);
    const imported = importOnnx(bytes.value.concat(), 'lenet5.onnx');
    if (!imported.ok) throw new Error(imported.error.message);
    expect(imported.value.doc.nodes.map((n) => n.id)).toEqual(
      analyzeGraph(doc).expanded.nodes.map((p) => p.id),
    );
    expect(imported.value.doc.name).toBe(doc.name);
    expect(imported.value.doc.description).toMatch(/^Imported from ONNX \(Stride/);
    expect(imported.value.report.layers.every((l) => l.params === l.onnxParams)).toBe(true);
  });
});
