import { describe, expect, it } from 'vitest';
import { alignStages, HEAD, stagesOf } from '../../../renderer/src/compare/stages';
import { analyzeDoc, presetDoc } from '../../../renderer/src/model/core';

const stages = (id: string) => {
  const doc = presetDoc(id);
  if (doc === undefined) throw new Error(`no preset ${id}`);
  return stagesOf(doc, analyzeDoc(doc));
};
const kinds = (s: ReturnType<typeof stages>[number] | undefined) => s?.layers.map((l) => l.kind);

describe('stages for the side-by-side view', () => {
  it('splits the seed Keras net at each pooling and keeps the head apart', () => {
    const s = stages('mnist-keras');
    expect(s.map((x) => x.resolution)).toEqual(['28×28', '14×14', '7×7', '3×3', 'head']);
    expect(kinds(s[0])).toEqual(['input', 'conv2d']);
    expect(kinds(s[1])).toEqual(['maxpool2d', 'conv2d']);
    expect(s.at(-1)?.level).toBe(HEAD);
    expect(kinds(s.at(-1))).toEqual(['flatten', 'dense', 'dense']);
    // Stage totals add up to the network's.
    const total = s.reduce((a, x) => a + x.params, 0);
    expect(total).toBe(93_322);
  });

  it("keeps LeNet-5's border-trimming convolution (32→28) in the first stage", () => {
    const s = stages('lenet5');
    expect(s[0]?.resolution).toBe('32×32 → 28×28');
    expect(s[1]?.resolution).toMatch(/^14×14 → 10×10$/);
  });

  it('treats strided blocks as downsamplings (ResNet-18: stem, four stages, head)', () => {
    const s = stages('resnet18');
    const spatial = s.filter((x) => x.level !== HEAD).map((x) => x.resolution.split(' → ').at(-1));
    expect(spatial).toEqual(['224×224', '112×112', '56×56', '28×28', '14×14', '7×7']);
  });

  it('aligns stage k with stage k and the heads last, leaving gaps where one network has no such stage', () => {
    const rows = alignStages([stages('lenet5'), stages('mnist-keras')]);
    expect(rows.map((r) => r.label)).toEqual([
      'Input resolution',
      'After 1 downsampling',
      'After 2 downsamplings',
      'After 3 downsamplings',
      'Head (vectors)',
    ]);
    // LeNet's C5 (5×5 valid on 5×5) shrinks to 1×1: its own stage, beside the Keras net's last pooling.
    expect(rows[3]?.cells[0]?.resolution).toBe('1×1');
    expect(rows[3]?.cells[1]?.resolution).toBe('3×3');
    expect(rows[4]?.cells[0]?.level).toBe(HEAD);
    const deep = alignStages([stages('mnist-keras'), stages('resnet18')]);
    expect(deep.map((r) => r.cells[0] === null)).toEqual([false, false, false, false, true, true, false]);
  });

  it('lines up any number of networks, one cell each per row', () => {
    const rows = alignStages([stages('lenet5'), stages('vgg16'), stages('googlenet'), stages('resnet50')]);
    expect(rows.every((r) => r.cells.length === 4)).toBe(true);
    expect(rows.at(-1)?.label).toBe('Head (vectors)');
    expect(rows.at(-1)?.cells.every((c) => c?.level === HEAD)).toBe(true);
    // VGG-16 halves 224 five times; LeNet-5 has no sixth stage.
    const five = rows.find((r) => r.label === 'After 5 downsamplings');
    expect(five?.cells[1]?.resolution).toBe('7×7');
    expect(five?.cells[0]).toBeNull();
  });
});
