import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeededModel, checkGraph } from '../../../../main/training/train/compile';
import { loadModel, runModelOptions, saveModel } from '../../../../main/training/train/model-io';
import { importModelJson } from '../../../../shared/codegen/import/import';
import { groupNodes } from '../../../../shared/graph/group';
import type { GraphDoc } from '../../../../shared/graph/schema';
import { ChainBuilder, conv, fc, pool } from '../../../../shared/presets/builder';
import { tinyNet } from './graphs';

const root = mkdtempSync(join(tmpdir(), 'stride-model-io-'));
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Built blocks (Residual, Inception) and a user block of the library (a `group` node). */
function withBlocks(): GraphDoc {
  const doc = new ChainBuilder()
    .add('input', 'input', { shape: [16, 16, 3] })
    .add('stem', 'conv2d', conv(8, 3, { padding: 1 }))
    .add('c2', 'conv2d', conv(8, 3, { padding: 'same' }))
    .add('p2', 'maxpool2d', pool(2, 2))
    .add('res', 'residual', { variant: 'basic', width: 16, stride: 2 })
    .add('inc', 'inception', {
      c1x1: 4,
      c3x3reduce: 4,
      c3x3: 8,
      c5x5reduce: 2,
      c5x5: 4,
      poolProj: 4,
      naive: false,
    })
    .add('gap', 'globalavgpool')
    .add('out', 'dense', fc(4, 'softmax'))
    .build('Blocks net', 'a net with every kind of block', {});
  const grouped = groupNodes(doc, ['c2', 'p2'], { name: 'Conv + pool' });
  if (!grouped.ok) throw new Error(grouped.error.message);
  return grouped.value.doc;
}

let counter = 0;
async function saveAndImport(graph: GraphDoc) {
  const compiled = checkGraph(graph);
  const model = buildSeededModel(compiled, 1);
  counter += 1;
  const dir = join(root, `m${counter}`);
  await saveModel(model, dir, runModelOptions(graph, compiled.topology));
  const text = readFileSync(join(dir, 'model.json'), 'utf8');
  return { model, dir, json: JSON.parse(text) as Record<string, unknown>, imported: importModelJson(text) };
}

describe("a run's saved model keeps the graph that trained", () => {
  it.each([
    ['a plain chain', tinyNet()],
    ['Residual, Inception and a user block', withBlocks()],
  ])('%s: stride import gives back exactly that graph', async (_name, graph) => {
    if (graph.blocks !== undefined) expect(graph.nodes.some((n) => n.kind === 'group')).toBe(true);
    const { model, json, imported } = await saveAndImport(graph);
    model.dispose();
    expect(json.userDefinedMetadata).toEqual({
      stride_graph: { format: 'stride-graph', version: 1, graph },
    });
    if (!imported.ok) throw new Error(imported.error.message);
    expect(imported.value.report.source).toBe('stride-graph');
    expect(imported.value.doc).toEqual(graph);
  });

  it('the model still loads with tfjs, layers reordered and metadata ignored, and computes the same', async () => {
    const graph = withBlocks();
    const { model, dir, json } = await saveAndImport(graph);
    // tfjs lists this graph's layers in another order than Stride's topology: the file has Stride's.
    const names = (topology: unknown) =>
      ((topology as { config: { layers: { name: string }[] } }).config.layers ?? []).map((l) => l.name);
    const tfjsOrder = names(model.toJSON(null, false));
    const fileOrder = names(json.modelTopology);
    expect(fileOrder).not.toEqual(tfjsOrder);
    expect([...fileOrder].sort()).toEqual([...tfjsOrder].sort());
    expect(fileOrder).toEqual(checkGraph(graph).topology.layers.map((l) => l.name));
    const loaded = await loadModel(dir);
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 5);
    const [a, b] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    expect(loaded.countParams()).toBe(model.countParams());
    expect(Array.from(await (b as tf.Tensor).data())).toEqual(Array.from(await (a as tf.Tensor).data()));
    tf.dispose([x, a as tf.Tensor, b as tf.Tensor]);
    model.dispose();
    loaded.dispose();
  });

  it('without metadata there is none, and import falls back to the layers', async () => {
    const model = buildSeededModel(checkGraph(tinyNet()), 1);
    const dir = join(root, 'plain');
    await saveModel(model, dir);
    model.dispose();
    const text = readFileSync(join(dir, 'model.json'), 'utf8');
    expect(JSON.parse(text)).not.toHaveProperty('userDefinedMetadata');
    const imported = importModelJson(text);
    expect(imported.ok && imported.value.report.source).not.toBe('stride-graph');
  });
});
