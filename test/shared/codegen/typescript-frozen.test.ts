import * as prettier from 'prettier';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toTypeScript } from '../../../shared/codegen/typescript';
import type { GraphDoc } from '../../../shared/graph/schema';
import { getPreset } from '../../../shared/presets';
import { loadGenerated } from './run-generated';
import { typeCheck } from './ts-program';

const prettierConfig = JSON.parse(
  readFileSync(join(__dirname, '../../../.prettierrc.json'), 'utf8'),
) as object;

/** The seed 002 network with its convolutions frozen (fine-tuning the head), as the inspector sets it. */
function frozenConvs(): GraphDoc {
  const doc = getPreset('mnist-keras')?.build();
  if (doc === undefined) throw new Error('mnist-keras');
  return { ...doc, nodes: doc.nodes.map((n) => (n.kind === 'conv2d' ? { ...n, trainable: false } : n)) };
}

describe('the TypeScript export keeps frozen layers frozen', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is strict, prettier-formatted TypeScript whose model has exactly the frozen layers untrainable', async () => {
    const doc = frozenConvs();
    const r = toTypeScript(doc);
    if (!r.ok) throw new Error(r.error.message);
    const code = r.value;
    expect(await prettier.format(code, { ...prettierConfig, parser: 'typescript' })).toBe(code);
    // A virtual folder inside the repository (nothing is written), so @tensorflow/tfjs resolves.
    expect(typeCheck(new Map([['model.ts', code]]), join(__dirname, 'frozen-virtual'))).toEqual([]);
    const model = loadGenerated(code, tf, { zeroInit: true }).buildModel();
    // (tfjs's InputLayer is never trainable: it holds no weights.)
    const frozen = model.layers
      .filter((l) => !l.trainable && l.getClassName() !== 'InputLayer')
      .map((l) => l.name);
    const convs = doc.nodes.filter((n) => n.kind === 'conv2d').map((n) => n.name);
    expect(frozen.sort()).toEqual([...convs].sort());
    // Only the dense layers' weights train: 93,322 − the convolutions' 320 + 18,496 + 36,928, as the analysis says.
    const trainable = model.trainableWeights.reduce(
      (n, w) => n + tf.util.sizeFromShape(w.shape as number[]),
      0,
    );
    expect(trainable).toBe(93_322 - 320 - 18_496 - 36_928);
    expect(trainable).toBe(analyzeGraph(doc).totals.trainableParams);
    model.dispose();
  });

  it('a graph with nothing frozen returns tf.model as before', () => {
    const doc = getPreset('mnist-keras')?.build();
    if (doc === undefined) throw new Error('mnist-keras');
    const r = toTypeScript(doc);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatch(/\n {2}return tf\.model\(/);
    expect(r.value).not.toMatch(/trainable = false/);
  });
});
