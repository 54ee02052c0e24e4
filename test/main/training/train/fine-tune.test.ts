import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../main/training/backends/ladder';
import { buildSeededModel, checkGraph } from '../../../../main/training/train/compile';
import { runTraining } from '../../../../main/training/train/run';
import type { GraphDoc } from '../../../../shared/graph/schema';
import { getPreset } from '../../../../shared/presets';
import { skipWithReason } from '../../../setup/skip';
import { torchPython } from '../torch/torch-python';
import { ofType, testContext } from './context';
import { batchNormNet, trainConfig } from './graphs';

/**
 * Fine-tuning: the seed 002 network (mnist-keras, 93,322 parameters) trained on MNIST, then every layer but
 * the head frozen, the head replaced (10 classes → the 4 of `shapes`) and retrained from the MNIST run's
 * weights. The frozen weights must come out bit for bit as they went in — on wasm and on the torch rung.
 */
const root = mkdtempSync(join(tmpdir(), 'stride-fine-tune-'));
const base = join(root, 'base');
const { python, missing } = torchPython();
const saved = { ...process.env };
const HEAD = 'dense_1';

function seedNet(): GraphDoc {
  const doc = getPreset('mnist-keras')?.build();
  if (doc === undefined) throw new Error('no mnist-keras preset');
  return doc;
}

/** The seed net with its head for `classes` classes and, when `freeze`, every other layer frozen. */
function headOnly(classes: number, freeze: boolean): GraphDoc {
  const doc = seedNet();
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.id === HEAD
        ? { ...n, params: { ...n.params, units: classes } }
        : freeze
          ? { ...n, trainable: false }
          : n,
    ),
  };
}

/** A saved tfjs model's weights as raw bytes, by name (what "bit-identical" compares). */
function weightBytes(modelDir: string): Map<string, Buffer> {
  const json = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as {
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  };
  const data = readFileSync(join(modelDir, 'weights.bin'));
  const out = new Map<string, Buffer>();
  let at = 0;
  for (const w of json.weightsManifest.flatMap((g) => g.weights)) {
    const bytes = w.shape.reduce((a, b) => a * b, 1) * 4;
    out.set(w.name, data.subarray(at, at + bytes));
    at += bytes;
  }
  return out;
}

beforeAll(async () => {
  process.env.STRIDE_PYTHON = python;
  await selectBackend('wasm');
  const graph = seedNet();
  const end = await runTraining(
    {
      kind: 'train',
      runId: 'base',
      graph,
      config: trainConfig({ dataset: 'mnist-10k', limit: 512, epochs: 1, seed: 2 }),
      outDir: base,
    },
    testContext(),
  );
  expect(end.modelDir).toBe(join(base, 'model'));
}, 120_000);

afterAll(() => {
  process.env = saved;
  rmSync(root, { recursive: true, force: true });
});

type Rung = 'wasm' | 'cpu' | 'torch';

async function fineTune(backend: Rung, freeze: boolean) {
  const out = join(root, `${backend}-${freeze ? 'frozen' : 'free'}`);
  const rec = testContext();
  const graph = headOnly(4, freeze);
  const end = await runTraining(
    {
      kind: 'train',
      runId: `ft-${backend}`,
      graph,
      config: trainConfig({
        dataset: 'shapes',
        backend,
        // tfjs's plain JS kernels (the cpu rung) are slow: fewer images there, the same check.
        limit: backend === 'cpu' ? 64 : 256,
        epochs: backend === 'cpu' ? 1 : 2,
        seed: 3,
        learningRate: 0.01,
      }),
      outDir: out,
      initialWeightsDir: join(base, 'model'),
    },
    rec,
  );
  const start = ofType(rec.events, 'start')[0] as Record<string, unknown> | undefined;
  return {
    end,
    start,
    graph,
    before: weightBytes(join(base, 'model')),
    after: weightBytes(join(out, 'model')),
  };
}

describe('fine-tuning the head of the trained seed 002 network on shapes', () => {
  for (const backend of ['wasm', 'cpu', 'torch'] as const) {
    it(`${backend}: the frozen weights are bit-identical afterwards; the new head is trained`, async (ctx) => {
      if (backend === 'torch' && missing !== null) return skipWithReason(ctx, missing);
      const { end, start, graph, before, after } = await fineTune(backend, true);
      expect(end.stopped).toBe(false);
      if (backend === 'torch') expect(start?.rung).toMatch(/^torch/);
      // Matched by name and shape: the 10-class head has no match for 4 classes and starts seeded.
      expect(start?.initialWeights).toEqual({ loaded: 8, reinitialised: [`${HEAD}/kernel`, `${HEAD}/bias`] });
      expect(start?.frozen).toHaveLength(graph.nodes.length - 1); // every layer but the head
      const frozen = [...before.keys()].filter((name) => !name.startsWith(`${HEAD}/`));
      expect(frozen).toHaveLength(8);
      for (const name of frozen)
        expect({ name, same: after.get(name)?.equals(before.get(name) as Buffer) }).toEqual({
          name,
          same: true,
        });
      // The head: the new shape, and moved away from its seeded start.
      const seeded = buildSeededModel(checkGraph(graph), 3);
      const initialHead = Buffer.from(
        (seeded.getLayer(HEAD).getWeights()[0]?.dataSync() as Float32Array).buffer,
      );
      seeded.dispose();
      expect(after.get(`${HEAD}/kernel`)?.length).toBe(64 * 4 * 4);
      expect(after.get(`${HEAD}/kernel`)?.equals(initialHead)).toBe(false);
      if (backend !== 'cpu') expect(end.testAccuracy ?? 0).toBeGreaterThan(0.25); // better than chance (4 classes)
    }, 180_000);
  }

  it('the control: without freezing, the same fine-tuning changes those weights', async () => {
    const { before, after } = await fineTune('wasm', false);
    expect(after.get('conv2d_3/kernel')?.equals(before.get('conv2d_3/kernel') as Buffer)).toBe(false);
  }, 120_000);
});

describe('a frozen BatchNorm keeps its moving statistics too', () => {
  for (const backend of ['wasm', 'torch'] as const) {
    it(`${backend}: γ, β, moving mean and variance bit-identical after fine-tuning the head`, async (ctx) => {
      if (backend === 'torch' && missing !== null) return skipWithReason(ctx, missing);
      const net = batchNormNet();
      const first = join(root, `bn-base-${backend}`);
      await runTraining(
        {
          kind: 'train',
          runId: 'bn-base',
          graph: net,
          config: trainConfig({ limit: 128, seed: 4 }),
          outDir: first,
        },
        testContext(),
      );
      const frozen = {
        ...net,
        nodes: net.nodes.map((n) => (n.id === 'out' ? n : { ...n, trainable: false })),
      };
      const out = join(root, `bn-tuned-${backend}`);
      await runTraining(
        {
          kind: 'train',
          runId: 'bn-tuned',
          graph: frozen,
          config: trainConfig({ backend, limit: 128, seed: 5 }),
          outDir: out,
          initialWeightsDir: join(first, 'model'),
        },
        testContext(),
      );
      const before = weightBytes(join(first, 'model'));
      const after = weightBytes(join(out, 'model'));
      const held = [...before.keys()].filter((n) => !n.startsWith('out/'));
      expect(held).toEqual(
        expect.arrayContaining([
          'bn1/gamma',
          'bn1/beta',
          'bn1/moving_mean',
          'bn1/moving_variance',
          'conv1/kernel',
        ]),
      );
      for (const name of held)
        expect({ name, same: after.get(name)?.equals(before.get(name) as Buffer) }).toEqual({
          name,
          same: true,
        });
      expect(after.get('out/kernel')?.equals(before.get('out/kernel') as Buffer)).toBe(false);
    }, 120_000);
  }
});
