import { describe, expect, it } from 'vitest';
import {
  accuracyOf,
  formatPublished,
  getPreset,
  plottedAccuracy,
  presets,
  type PublishedResult,
} from '../../../shared/presets';

/** The papers' single-model figures, checked against the tables they cite (sources are in the presets). */
const EXPECTED: Record<string, Partial<Record<PublishedResult['metric'], number>>> = {
  lenet5: { accuracy: 99.05 },
  'mnist-keras': { accuracy: 99.19 },
  'mnist-pytorch': { accuracy: 98.66 },
  alexnet: { 'top1-error': 40.7, 'top5-error': 18.2 },
  vgg16: { 'top1-error': 24.4, 'top5-error': 7.2 },
  googlenet: { 'top5-error': 7.89 },
  resnet18: { 'top1-error': 27.88 },
  resnet34: { 'top1-error': 24.52, 'top5-error': 7.46 },
  resnet50: { 'top1-error': 22.85, 'top5-error': 6.71 },
};

describe('published results', () => {
  it.each(presets.map((p) => [p.id, p] as const))('%s carries its paper figure with a source', (id, p) => {
    expect(p.published.length).toBeGreaterThan(0);
    const byMetric = Object.fromEntries(p.published.map((r) => [r.metric, r.value]));
    expect(byMetric).toEqual(EXPECTED[id]);
    for (const r of p.published) {
      expect(r.source.length).toBeGreaterThan(40);
      expect(r.dataset).toBe(id.startsWith('mnist') || id === 'lenet5' ? 'MNIST' : 'ImageNet');
    }
  });

  it('plots top-1 (what a run measures) before top-5, and says which', () => {
    const vgg = plottedAccuracy(getPreset('vgg16')?.published ?? []);
    expect(vgg?.metric).toBe('top1-error');
    expect(vgg?.accuracy).toBeCloseTo(0.756, 6);
    const googlenet = plottedAccuracy(getPreset('googlenet')?.published ?? []);
    expect(googlenet?.metric).toBe('top5-error');
    expect(googlenet?.accuracy).toBeCloseTo(0.9211, 6);
    expect(plottedAccuracy([])).toBeNull();
    expect(accuracyOf({ metric: 'accuracy', dataset: 'MNIST', value: 99.19, source: '' })).toBeCloseTo(
      0.9919,
    );
  });

  it('reads as a sentence', () => {
    expect(formatPublished({ metric: 'top5-error', dataset: 'ImageNet', value: 7.2, source: '' })).toBe(
      '7.2 % top-5 error (ImageNet)',
    );
  });
});
