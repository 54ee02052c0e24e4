import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { parseGraphDoc } from '../../../shared/graph/migrate';
import { getPreset, presets } from '../../../shared/presets';

/**
 * Published totals (trainable parameters) the presets must reproduce even where torch is absent:
 * torchvision's documented counts for vgg16/resnet18/34/50, `model.summary()` of seed 002, and the counts of
 * the explicit reference models in torch_reference.py (LeNet-5 with a full C3, seed 003's single-tower
 * AlexNet, seed 004's CNN, GoogLeNet table 1 with biases and no aux heads, the small U-Net).
 */
const PUBLISHED: Record<string, number> = {
  lenet5: 61_706,
  'mnist-keras': 93_322,
  'mnist-pytorch': 123_222,
  alexnet: 62_378_344,
  vgg16: 138_357_544,
  googlenet: 6_998_552,
  resnet18: 11_689_512,
  resnet34: 21_797_672,
  resnet50: 25_557_032,
  // The UNet of torch_reference.py (a quarter of the paper's widths, 'same' padding).
  unet: 1_940_834,
  // The paper's two-tower AlexNet (Krizhevsky et al. 2012: "60 million"), counted layer by layer.
  'alexnet-towers': 60_965_224,
  resnext50: 25_028_904,
  'mobilenet-v1': 4_231_976,
  'mobilenet-v2': 3_504_872,
  // torchvision 0.14 (squeezenet1_1, densenet121); torch-reference.test.ts checks them against it.
  squeezenet1_1: 1_235_496,
  densenet121: 7_978_856,
};

/**
 * The efficient and grouped networks' BatchNorm statistics (non-trainable, as Keras counts them) and
 * multiply-adds at their input size, as the references give them: torchvision's resnext50_32x4d and
 * mobilenet_v2 (4.23 and 0.30 GFLOPS in its model table), keras.applications.MobileNet (21,888 non-trainable
 * in its summary; the paper's 569 M mult-adds), the paper's AlexNet.
 */
const REFERENCE: Record<string, { nonTrainable: number; macs: number }> = {
  'alexnet-towers': { nonTrainable: 0, macs: 724_406_816 },
  resnext50: { nonTrainable: 68_224, macs: 4_230_479_872 },
  'mobilenet-v1': { nonTrainable: 21_888, macs: 568_740_352 },
  'mobilenet-v2': { nonTrainable: 34_112, macs: 300_774_272 },
};

describe('presets', () => {
  it('include the contract ids, each once', () => {
    const ids = presets.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(Object.keys(PUBLISHED)));
    expect(getPreset('nope')).toBeUndefined();
  });

  it.each(presets.map((p) => [p.id, p] as const))(
    '%s: a valid document with teaching metadata',
    (id, preset) => {
      const doc = preset.build();
      const parsed = parseGraphDoc(JSON.parse(JSON.stringify(doc)));
      expect(parsed.ok).toBe(true);
      expect(doc.meta?.presetId).toBe(id);
      expect(doc.meta?.year).toBe(preset.year);
      expect(preset.description.length).toBeGreaterThan(80);
      expect(preset.headline.length).toBeGreaterThan(10);
      // Laid out top to bottom along the data flow.
      const y = new Map(doc.nodes.map((n) => [n.id, n.position.y]));
      for (const e of doc.edges) expect(y.get(e.target) ?? 0).toBeGreaterThan(y.get(e.source) ?? 0);
      const a = analyzeGraph(doc);
      expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(a.totals.trainableParams).toBe(PUBLISHED[id]);
      // Each build is a fresh document: editing one never changes the next.
      expect(preset.build()).not.toBe(doc);
      expect(preset.build()).toEqual(doc);
    },
  );

  it.each(Object.entries(REFERENCE))('%s: BatchNorm statistics and multiply-adds', (id, ref) => {
    const a = analyzeGraph(getPreset(id)?.build() ?? presets[0]!.build());
    expect({ nonTrainable: a.totals.nonTrainableParams, macs: a.totals.macs }).toEqual(ref);
  });

  it('MobileNet’s point is efficiency: a fraction of VGG-16’s multiply-adds', () => {
    const macs = (id: string) => analyzeGraph(getPreset(id)?.build() ?? presets[0]!.build()).totals.macs;
    expect(macs('vgg16')).toBe(15_470_264_320);
    expect(macs('vgg16') / macs('mobilenet-v1')).toBeGreaterThan(27);
    expect(macs('vgg16') / macs('mobilenet-v2')).toBeGreaterThan(51);
  });

  it('depth counts weight layers as the papers do', () => {
    const depth = (id: string) => analyzeGraph(getPreset(id)?.build() ?? presets[0]!.build()).totals.depth;
    expect([
      depth('alexnet'),
      depth('vgg16'),
      depth('googlenet'),
      depth('resnet18'),
      depth('resnet50'),
      depth('squeezenet1_1'),
      depth('densenet121'),
    ]).toEqual([8, 16, 22, 18, 50, 18, 121]);
  });
});
