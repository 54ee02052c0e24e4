import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { getPreset, presets, publishedText } from '../../../shared/presets';
import { explainNode } from '../../../shared/teaching/explain';
import { factsOf, historySteps, HISTORY } from '../../../shared/teaching/history';
import { gradePredictions, parseCount, parseShape, predictable } from '../../../shared/teaching/predict';

const keras = () => {
  const preset = getPreset('mnist-keras');
  if (preset === undefined) throw new Error('no mnist-keras preset');
  const doc = preset.build();
  return { doc, analysis: analyzeGraph(doc) };
};

describe('predict mode: reading answers', () => {
  it('reads shapes in the usual notations', () => {
    expect(parseShape('14×14×32')).toEqual([14, 14, 32]);
    expect(parseShape('14 x 14 x 32')).toEqual([14, 14, 32]);
    expect(parseShape('(None, 14, 14, 32)')).toEqual([14, 14, 32]);
    expect(parseShape('[576]')).toEqual([576]);
    expect(parseShape('576')).toEqual([576]);
    expect(parseShape('fourteen')).toBeNull();
    expect(parseShape('')).toBeNull();
  });

  it('reads counts with or without grouping', () => {
    expect(parseCount('18,496')).toBe(18496);
    expect(parseCount('18 496')).toBe(18496);
    expect(parseCount('18496')).toBe(18496);
    expect(parseCount('18.5k')).toBeNull();
  });
});

describe('predict mode: grading the Keras MNIST network', () => {
  it('asks for every layer but the input, two answers each', () => {
    const { analysis } = keras();
    const layers = predictable(analysis);
    expect(layers).toHaveLength(9);
    expect(gradePredictions(analysis, {}).score).toEqual({ right: 0, total: 18, answered: 0 });
  });

  it('grades a right and a wrong answer, with the worked formula for the wrong one', () => {
    const { analysis } = keras();
    const { nodes, score } = gradePredictions(analysis, {
      conv2d_4: { shape: '14x14x64', params: '18,496' },
      max_pooling2d_5: { shape: '4×4×64', params: '0' },
      dense: { params: '36,864' },
      flatten: { shape: 'a lot' },
    });
    const conv = nodes.find((n) => n.nodeId === 'conv2d_4');
    expect(conv).toMatchObject({ shape: 'right', params: 'right' });
    const pool = nodes.find((n) => n.nodeId === 'max_pooling2d_5');
    expect(pool).toMatchObject({ shape: 'wrong', params: 'right', expectedShape: [3, 3, 64] });
    expect(pool?.shapeWork).toContain('H: ⌊(7 + 2·0 − 2)/2⌋ + 1 = 3');
    const dense = nodes.find((n) => n.nodeId === 'dense');
    expect(dense).toMatchObject({ params: 'wrong', shape: 'blank', expectedParams: 36_928 });
    expect(dense?.paramsWork).toEqual(['params: 576·64 + 64 = 36,928']);
    expect(nodes.find((n) => n.nodeId === 'flatten')?.shape).toBe('unreadable');
    expect(nodes.find((n) => n.nodeId === 'flatten')?.shapeWork).toContain('3·3·64 = 576');
    expect(score).toEqual({ right: 3, total: 18, answered: 6 });
  });

  it('works on every preset: each graded layer has a worked formula for its shape and its parameters', () => {
    for (const preset of presets) {
      const { nodes } = gradePredictions(analyzeGraph(preset.build()), {});
      expect(nodes.length, preset.id).toBeGreaterThan(3);
      for (const n of nodes) {
        expect(n.shapeWork.length, `${preset.id} ${n.nodeId}`).toBeGreaterThan(0);
        expect(n.paramsWork.length, `${preset.id} ${n.nodeId}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('Explain this layer', () => {
  it('a 3×3×32 filter bank on 14×14×32 opens the convolution lesson with its sizes and 18,496 parameters', () => {
    const { doc, analysis } = keras();
    const node = doc.nodes.find((n) => n.id === 'conv2d_4');
    const a = analysis.nodes.get('conv2d_4');
    if (node === undefined || a === undefined) throw new Error('no conv2d_4');
    const target = explainNode(node, a);
    expect(target.lesson).toBe('conv');
    if (target.lesson !== 'conv') return;
    expect(target.setup).toMatchObject({
      inputShape: [14, 14, 32],
      kernel: [3, 3],
      filters: 64,
      stride: [1, 1],
      padding: 'same',
      useBias: true,
    });
    expect(target.setup.source?.formulas).toContain('params: 3·3·32·64 + 64 = 18,496');
    expect(target.setup.source?.receptiveField).toEqual({ size: [8, 8], jump: [2, 2] });
  });

  it('poolings, softmax outputs and other layers open their own lessons', () => {
    const { doc, analysis } = keras();
    const lesson = (id: string) => {
      const node = doc.nodes.find((n) => n.id === id);
      const a = analysis.nodes.get(id);
      if (node === undefined || a === undefined) throw new Error(id);
      return explainNode(node, a);
    };
    expect(lesson('max_pooling2d_3')).toMatchObject({ lesson: 'pool', setup: { mode: 'max', size: [2, 2] } });
    expect(lesson('dense_1')).toMatchObject({ lesson: 'softmax', setup: { classes: 10 } });
    expect(lesson('flatten').lesson).toBe('sizes');
  });
});

describe('architecture history', () => {
  it('LeNet-5 → AlexNet → VGG-16 → GoogLeNet → ResNet, sizes from the analysis, results as published', () => {
    const steps = historySteps();
    expect(steps.slice(0, HISTORY.length).map((s) => s.presetId)).toEqual(HISTORY.map((s) => s.presetId));
    expect(HISTORY.slice(5).map((s) => s.presetId)).toEqual([
      'unet',
      'squeezenet1_1',
      'resnext50',
      'densenet121',
      'mobilenet-v1',
      'mobilenet-v2',
    ]);
    // Later milestones follow with the idea each introduced.
    expect(steps.find((s) => s.presetId === 'unet')?.idea).toMatch(/skip connections/);
    const facts = steps.slice(0, 5).map((s) => {
      const preset = getPreset(s.presetId);
      if (preset === undefined) throw new Error(s.presetId);
      return factsOf(preset, s);
    });
    expect(facts.map((f) => f.depth)).toEqual([5, 8, 16, 22, 50]);
    expect(facts[0]?.params).toBe(analyzeGraph(getPreset('lenet5')?.build() ?? keras().doc).totals.params);
    expect(facts.map((f) => (f.published[0] === undefined ? null : publishedText(f.published[0])))).toEqual([
      '99.05% accuracy on MNIST',
      '15.3% top-5 error on ImageNet (7 models)',
      '7.4% top-5 error on ImageNet',
      '6.67% top-5 error on ImageNet (7 models)',
      '5.25% top-5 error on ImageNet',
    ]);
    for (const f of facts) for (const r of f.published) expect(r.source.length).toBeGreaterThan(20);
  });
});
