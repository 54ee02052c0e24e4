import { describe, expect, it } from 'vitest';
import {
  accuracyOf,
  getPreset,
  plottedAccuracy,
  presets,
  publishedText,
  type PublishedResult,
} from '../../../shared/presets';

const figure = (r: Partial<PublishedResult>): PublishedResult => ({
  metric: 'top5-error',
  dataset: 'ImageNet',
  value: 10,
  models: 1,
  source: '',
  ...r,
});

describe('published results', () => {
  it.each(presets.map((p) => [p.id, p] as const))(
    '%s carries its paper figures with their sources',
    (id, p) => {
      expect(p.published.length).toBeGreaterThan(0);
      for (const r of p.published) {
        expect(r.source.length).toBeGreaterThan(20);
        expect(Number.isInteger(r.models) && r.models >= 1).toBe(true);
        expect(r.value).toBeGreaterThan(0);
        expect(r.value).toBeLessThan(100);
        const dataset = id === 'unet' ? 'ISBI cell tracking' : 'ImageNet';
        expect(r.dataset).toBe(id.startsWith('mnist') || id === 'lenet5' ? 'MNIST' : dataset);
      }
      // Every preset that trains can stand beside a trained network: at least one single-model figure. A
      // segmentation's IoU is no accuracy, so U-Net (shape analysis only) has no point on the plot.
      if (p.shapeAnalysisOnly === undefined) expect(plottedAccuracy(p.published)).not.toBeNull();
      else expect(plottedAccuracy(p.published)).toBeNull();
    },
  );

  it('plots a single model, top-1 (what a run measures) before top-5, and says which', () => {
    // AlexNet: the 7-CNN ensemble's 15.3 % top-5 is cited first; one CNN's 37.5 % top-1 error is plotted.
    const alexnet = plottedAccuracy(getPreset('alexnet')?.published ?? []);
    expect(alexnet?.metric).toBe('top1-error');
    expect(alexnet?.result.models).toBe(1);
    expect(alexnet?.accuracy).toBeCloseTo(0.625, 6);
    // GoogLeNet: no single-model top-1 in the paper; the ensemble's 6.67 % is skipped for one model's 10.07 %.
    const googlenet = plottedAccuracy(getPreset('googlenet')?.published ?? []);
    expect(googlenet?.metric).toBe('top5-error');
    expect(googlenet?.accuracy).toBeCloseTo(0.8993, 6);
    expect(plottedAccuracy([figure({ models: 7 })])).toBeNull();
    expect(plottedAccuracy([])).toBeNull();
    expect(accuracyOf(figure({ metric: 'accuracy', dataset: 'MNIST', value: 99.19 }))).toBeCloseTo(0.9919);
  });

  it("U-Net's IoU reads as such and is never plotted as an accuracy", () => {
    const unet = getPreset('unet');
    expect(unet?.shapeAnalysisOnly).toMatch(/no per-pixel loss/);
    expect(publishedText(unet?.published[0] as PublishedResult)).toBe('92.03% IoU on ISBI cell tracking');
    expect(plottedAccuracy([figure({ metric: 'iou', value: 92 })])).toBeNull();
  });

  it('reads as a sentence that names an ensemble', () => {
    expect(publishedText(figure({ value: 7.4 }))).toBe('7.4% top-5 error on ImageNet');
    expect(publishedText(figure({ value: 6.67, models: 7 }))).toBe(
      '6.67% top-5 error on ImageNet (7 models)',
    );
  });
});
