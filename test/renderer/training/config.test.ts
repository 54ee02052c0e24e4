import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, toConfig } from '../../../renderer/src/training/config';

describe('training form → TrainingConfig', () => {
  it('turns the defaults into the contract defaults', () => {
    const result = toConfig(DEFAULT_FORM);
    expect(result).toEqual({
      ok: true,
      config: {
        dataset: 'mnist',
        epochs: 3,
        batchSize: 32,
        optimizer: 'adam',
        backend: 'auto',
        seed: 1,
        validationSplit: 0.1,
        normalize: 'unit',
        schedule: { kind: 'cosine', minLearningRate: 0 },
      },
    });
  });

  it('carries every setting, including the optional ones', () => {
    const result = toConfig({
      ...DEFAULT_FORM,
      datasetKind: 'path',
      datasetPath: ' /data/cifar ',
      limit: '2000',
      learningRate: '0.01',
      optimizer: 'rmsprop',
      backend: 'wasm',
      augShift: '0.1',
      augFlip: true,
      patience: '3',
      schedule: 'step',
      stepEvery: '2',
      stepFactor: '0.5',
    });
    expect(result.ok && result.config).toMatchObject({
      dataset: '/data/cifar',
      limit: 2000,
      learningRate: 0.01,
      optimizer: 'rmsprop',
      backend: 'wasm',
      augment: { shift: 0.1, flip: true, rotateDegrees: 0 },
      earlyStopping: { patience: 3, minDelta: 0 },
      schedule: { kind: 'step', everyEpochs: 2, factor: 0.5 },
    });
  });

  it('reports each problem on its own field, in words', () => {
    const result = toConfig({
      ...DEFAULT_FORM,
      epochs: 'three',
      batchSize: '0',
      validationPercent: '60',
      learningRate: 'fast',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.epochs).toBe('Enter a whole number.');
    expect(result.errors.learningRate).toBe('Enter a number.');
    // Range problems come from the contract's own schema once the text parses.
    const ranges = toConfig({ ...DEFAULT_FORM, batchSize: '0', validationPercent: '60' });
    expect(ranges.ok).toBe(false);
    if (ranges.ok) return;
    expect(ranges.errors.batchSize).toBe('Must be at least 1.');
    expect(ranges.errors.validationPercent).toBe('Must be at most 50.');
  });

  it('asks for a path when the dataset is a folder on the host', () => {
    const result = toConfig({ ...DEFAULT_FORM, datasetKind: 'path', datasetPath: '  ' });
    expect(result.ok === false && result.errors.datasetPath).toMatch(/path/);
  });
});

describe('Start from', () => {
  it('becomes config.initialWeights: seeded, an import, a run', () => {
    const at = (startFrom: string) => {
      const r = toConfig({ ...DEFAULT_FORM, startFrom });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.config.initialWeights;
    };
    expect(at('')).toBeUndefined();
    expect(at('import:abc-12')).toEqual({ kind: 'import', importId: 'abc-12' });
    expect(at('run:2026-01-01_x')).toEqual({ kind: 'run', runId: '2026-01-01_x' });
    const bad = toConfig({ ...DEFAULT_FORM, startFrom: 'run:../x' });
    expect(bad.ok ? null : Object.keys(bad.errors)).toEqual(['startFrom']);
  });
});
