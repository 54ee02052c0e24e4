import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../../shared/codegen/keras-topology';
import { LAYER_KINDS } from '../../../../shared/layers/types';
import { presets } from '../../../../shared/presets';
import { buildModel } from '../../../../main/training/model/build';
import { compareModel } from './compare';
import { randomGraph } from './random-graphs';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('differential: tfjs-layers builds what the analysis predicts', () => {
  it.each(presets.map((p) => [p.id, p] as const))('preset %s: per-layer shapes and params', (_id, preset) => {
    const doc = preset.build();
    const analysis = analyzeGraph(doc);
    const topology = toKerasTopology(doc, analysis);
    if (!topology.ok) throw new Error(topology.error.message);
    // Big presets: build only (zeros initialisers keep it fast), no predict.
    const model = buildModel(topology.value, { initializer: 'zeros' });
    try {
      expect(compareModel(model, topology.value, analysis)).toEqual([]);
      expect(model.countParams()).toBe(analysis.totals.params);
    } finally {
      model.dispose();
    }
  });

  it('200 seeded random valid graphs: shapes and params per layer, and a forward pass', () => {
    const seenKinds = new Set<string>();
    const seenPadding = new Set<string>();
    // User blocks: one definition placed twice, and a block inside a block, each compiled at least once.
    let reusedBlocks = 0;
    let nestedBlocks = 0;
    let groupedConvs = 0;
    let valid = 0;
    const tensorsBefore = tf.memory().numTensors;
    for (let seed = 1; valid < 200 && seed < 5000; seed += 1) {
      const doc = randomGraph(seed);
      const analysis = analyzeGraph(doc);
      if (!analysis.ok) continue;
      valid += 1;
      for (const n of doc.nodes) seenKinds.add(n.kind);
      groupedConvs += doc.nodes.filter((n) => n.kind === 'conv2d' && (n.params.groups ?? 1) !== 1).length;
      const uses = doc.nodes.filter((n) => n.kind === 'group').map((n) => n.params.blockId);
      if (new Set(uses).size < uses.length) reusedBlocks += 1;
      const bodyOf = (id: unknown) => doc.blocks?.[String(id)]?.body.nodes ?? [];
      if (
        doc.nodes.some((n) => n.kind === 'group' && bodyOf(n.params.blockId).some((p) => p.kind === 'group'))
      )
        nestedBlocks += 1;
      for (const p of analysis.expanded.nodes) {
        const pad = p.params.padding;
        if (pad !== undefined && p.kind !== 'zeropadding2d')
          seenPadding.add(
            `${p.kind}:${Array.isArray(pad) ? 'tuple' : typeof pad === 'number' ? 'number' : String(pad)}`,
          );
      }
      const topology = toKerasTopology(doc, analysis);
      if (!topology.ok) throw new Error(`seed ${seed}: ${topology.error.message}`);
      const model = buildModel(topology.value);
      try {
        const mismatches = compareModel(model, topology.value, analysis);
        expect({ seed, mismatches }).toEqual({ seed, mismatches: [] });
        const inputShape = analysis.nodes.get(doc.nodes[0]?.id ?? '')?.outputShape ?? [];
        const y = tf.tidy(() => model.predict(tf.zeros([2, ...inputShape])) as tf.Tensor);
        expect(y.shape).toEqual([2, ...(analysis.nodes.get(analysis.output ?? '')?.outputShape ?? [])]);
        y.dispose();
      } finally {
        model.dispose();
      }
    }
    expect(valid).toBe(200);
    expect(reusedBlocks).toBeGreaterThan(0);
    expect(nestedBlocks).toBeGreaterThan(0);
    expect(groupedConvs).toBeGreaterThan(20);
    // Every kind and every padding form went through tfjs at least once.
    expect([...seenKinds].sort()).toEqual([...LAYER_KINDS].sort());
    for (const kind of ['conv2d', 'maxpool2d', 'avgpool2d', 'minpool2d']) {
      for (const form of ['valid', 'same', 'full', 'number', 'tuple'])
        expect(seenPadding).toContain(`${kind}:${form}`);
    }
    for (const form of ['valid', 'same', 'number', 'tuple']) {
      expect(seenPadding).toContain(`conv2dtranspose:${form}`);
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
