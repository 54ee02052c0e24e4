import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { setTrainable } from '../../../shared/graph/edit';
import type { GraphDoc } from '../../../shared/graph/schema';
import { getPreset } from '../../../shared/presets';

const build = (id: string) => getPreset(id)?.build() as GraphDoc;

describe('frozen layers (trainable: false) in the analysis', () => {
  it('the seed 002 net with all but its head frozen: 650 trainable of 93,322', () => {
    const doc = build('mnist-keras');
    const frozen = doc.nodes
      .filter((n) => n.id !== 'dense_1')
      .reduce((d, n) => setTrainable(d, n.id, false), doc);
    const totals = analyzeGraph(frozen).totals;
    expect(totals).toMatchObject({ params: 93_322, trainableParams: 650, nonTrainableParams: 92_672 });
    // Unfreezing takes the field away again: the document is as it was.
    const back = frozen.nodes.reduce((d, n) => setTrainable(d, n.id, true), frozen);
    expect(back.nodes).toEqual(doc.nodes);
    expect(analyzeGraph(back).totals.trainableParams).toBe(93_322);
  });

  it('a frozen block freezes every part', () => {
    const doc = build('googlenet');
    const block = doc.nodes.find((n) => n.kind === 'inception');
    if (block === undefined) throw new Error('no inception block');
    const before = analyzeGraph(doc);
    const after = analyzeGraph(setTrainable(doc, block.id, false));
    const params = before.nodes.get(block.id)?.params.total ?? 0;
    expect(params).toBeGreaterThan(0);
    expect(after.nodes.get(block.id)?.params).toEqual({ total: params, trainable: 0, nonTrainable: params });
    expect(after.totals.trainableParams).toBe(before.totals.trainableParams - params);
  });
});
