import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { getPreset } from '../../../shared/presets';
import {
  channelsOf,
  convGeometry,
  convParamsText,
  convStep,
  writeStep,
  type ConvProblem,
} from '../../../shared/teaching/conv';
import { explainNode } from '../../../shared/teaching/explain';
import { volumeOf } from '../../../shared/teaching/grid';
import { filterMatrix } from '../../../shared/teaching/im2col';

/**
 * Grouped and depthwise convolutions in the convolution explainer: which channels a filter reads, the step
 * written out with the real channel numbers, the parameter count FH·FW·(C/G)·F + F, im2col's block-diagonal
 * filter matrix, and "Explain this layer" on the presets' grouped and depthwise layers. The values themselves
 * are checked against tfjs in tfjs.test.ts.
 */
const ones = (c: number, h: number, w: number) => volumeOf(c, h, w, () => 1);

/** 4 channels, 6 filters of 3×3×2 in 2 groups, channel k filled with k + 1. */
const grouped: ConvProblem = {
  input: volumeOf(4, 3, 3, (c) => c + 1),
  filters: Array.from({ length: 6 }, () => ones(2, 3, 3)),
  bias: [0, 0, 0, 0, 0, 0],
  stride: 1,
  padding: 'valid',
  dilation: 1,
  groups: 2,
};

describe('grouped convolution in the explainer', () => {
  it('filters 1–3 read channels 1–2, filters 4–6 channels 3–4', () => {
    const g = convGeometry(grouped);
    expect([g.groups, g.filterDepth, g.channels, g.filters]).toEqual([2, 2, 4, 6]);
    expect(channelsOf(g, 0)).toEqual([0, 1]);
    expect(channelsOf(g, 2)).toEqual([0, 1]);
    expect(channelsOf(g, 3)).toEqual([2, 3]);
    expect(channelsOf(g, 5)).toEqual([2, 3]);
  });

  it('a step of the second group sums channels 3 and 4 only, and says so', () => {
    const step = convStep(grouped, 4, 0, 0);
    expect(step.channels).toEqual([2, 3]);
    expect(step.channelSums).toEqual([27, 36]);
    expect(new Set(step.terms.map((t) => t.c))).toEqual(new Set([2, 3]));
    const written = writeStep(step);
    expect(written.channels.map((c) => c.channel)).toEqual([2, 3]);
    expect(written.text).toBe('27 + 36 + 0 = 63');
  });

  it('parameters: FH·FW·(C/G)·F + F', () => {
    expect(convParamsText(convGeometry(grouped), true)).toEqual({
      text: '3·3·(4/2)·6 + 6 = 114',
      total: 114,
    });
    expect(
      convParamsText(
        convGeometry({ ...grouped, groups: 1, filters: grouped.filters.map(() => ones(4, 3, 3)) }),
        true,
      ).total,
    ).toBe(222);
  });

  it('im2col: the filter matrix is block-diagonal, zero where a filter does not read the channel', () => {
    const m = filterMatrix(grouped);
    expect(m).toHaveLength(4 * 9);
    // Rows 0–17 are channels 1–2: filters 1–3 have ones there, filters 4–6 zeros; rows 18–35 the other way.
    expect(m.slice(0, 18).every((row) => row.join() === '1,1,1,0,0,0')).toBe(true);
    expect(m.slice(18).every((row) => row.join() === '0,0,0,1,1,1')).toBe(true);
  });

  it('groups that do not split C and F evenly fall back to one group', () => {
    const g = convGeometry({ ...grouped, groups: 3 });
    expect([g.groups, g.filterDepth]).toEqual([1, 4]);
  });
});

describe('Explain this layer on grouped and depthwise layers', () => {
  const explainPresetNode = (presetId: string, nodeId: string) => {
    const doc = getPreset(presetId)?.build();
    if (doc === undefined) throw new Error(presetId);
    const analysis = analyzeGraph(doc);
    const node = doc.nodes.find((n) => n.id === nodeId);
    const a = analysis.nodes.get(nodeId);
    if (node === undefined || a === undefined) throw new Error(nodeId);
    return explainNode(node, a);
  };

  it('AlexNet’s two-tower conv2: 256 filters of 5×5×48 in 2 groups', () => {
    const t = explainPresetNode('alexnet-towers', 'conv2');
    expect(t.lesson).toBe('conv');
    if (t.lesson !== 'conv') return;
    expect(t.setup).toMatchObject({ inputShape: [27, 27, 96], filters: 256, groups: 2, kernel: [5, 5] });
    expect(t.setup.source?.formulas).toContain('params: 5·5·48·256 + 256 = 307,456');
  });

  it('MobileNet v1’s depthwise conv_dw_1: one 3×3 filter per channel, 32 groups', () => {
    const t = explainPresetNode('mobilenet-v1', 'conv_dw_1');
    expect(t.lesson).toBe('conv');
    if (t.lesson !== 'conv') return;
    expect(t.setup).toMatchObject({ inputShape: [112, 112, 32], filters: 32, groups: 32, useBias: false });
    const p: ConvProblem = {
      input: ones(32, 3, 3),
      filters: Array.from({ length: 32 }, () => ones(1, 3, 3)),
      bias: null,
      stride: 1,
      padding: 'valid',
      dilation: 1,
      groups: 32,
    };
    // The explainer's own count agrees with the analysis' 3·3·32·1 = 288.
    expect(convParamsText(convGeometry(p), false)).toEqual({ text: '3·3·(32/32)·32 = 288', total: 288 });
    expect(t.setup.source?.formulas).toContain('params: 3·3·32·1 = 288');
  });
});
