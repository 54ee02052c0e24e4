import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTraining, type TrainCommand } from '../../../../main/training/train/run';
import { loadModel } from '../../../../main/training/train/model-io';
import { buildSeededModel, checkGraph } from '../../../../main/training/train/compile';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { skipWithReason } from '../../../setup/skip';
import { torchPython } from '../torch/torch-python';
import { ofType, testContext } from './context';
import { separableNet, trainConfig } from './graphs';

/**
 * A small depthwise-separable network — a 3×3 conv, a depthwise 3×3/2 (M = 2) with BatchNorm and ReLU6, a
 * 1×1 pointwise conv, a SeparableConv2D block and a grouped 3×3 conv — trains on every CPU rung: wasm (whose
 * depthwise gradients are our kernels), cpu, and torch where Debian's python3-torch is installed. Each run
 * must lower the loss, beat chance on the test digits and save a model whose depthwise kernel moved.
 */
const root = mkdtempSync(join(tmpdir(), 'stride-dw-'));
const { python, missing } = torchPython();
const saved = { ...process.env };
beforeAll(() => {
  process.env.STRIDE_PYTHON = python;
});
afterAll(() => {
  process.env = saved;
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
const command = (backend: 'wasm' | 'cpu' | 'torch'): TrainCommand => {
  counter += 1;
  return {
    kind: 'train',
    runId: `dw-${counter}`,
    graph: separableNet(),
    config: trainConfig({ backend, limit: 768, epochs: 3, seed: 5, batchSize: 32 }),
    outDir: join(root, `run-${counter}`),
  };
};

describe('a depthwise-separable network trains on every CPU rung', () => {
  it('the network analyses as intended', () => {
    const a = analyzeGraph(separableNet());
    expect(a.ok).toBe(true);
    // dw1 3·3·8·2 = 144; sep2 3·3·16 + 16·16 + 16 = 416; group3 3·3·4·16 + 16 = 592.
    expect(a.nodes.get('dw1')?.params.trainable).toBe(144);
    expect(a.nodes.get('sep2')?.params.trainable).toBe(416);
    expect(a.nodes.get('group3')?.params.trainable).toBe(592);
  });

  for (const backend of ['wasm', 'cpu', 'torch'] as const)
    it(`${backend}: the loss falls, the test accuracy beats chance, the depthwise kernel moved`, async (ctx) => {
      if (backend === 'torch' && missing !== null) return skipWithReason(ctx, missing);
      const rec = testContext();
      const cmd = command(backend);
      const end = await runTraining(cmd, rec);
      const [start] = ofType(rec.events, 'start');
      expect(start?.backend).toBe(backend);
      const batches = ofType(rec.events, 'batch');
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(batches.every((b) => Number.isFinite(b.loss))).toBe(true);
      expect(mean(batches.slice(-6).map((b) => b.loss))).toBeLessThan(
        mean(batches.slice(0, 6).map((b) => b.loss)) * 0.9,
      );
      expect(end.testAccuracy).toBeGreaterThan(0.2);
      const model = await loadModel(join(cmd.outDir as string, 'model'));
      // Every rung starts from the same seeded draw: the depthwise kernel must have left it.
      const fresh = buildSeededModel(checkGraph(cmd.graph), cmd.config.seed);
      try {
        const kernel = model.getLayer('dw1').getWeights()[0];
        expect(kernel?.shape).toEqual([3, 3, 8, 2]);
        const before = fresh.getLayer('dw1').getWeights()[0]?.dataSync() ?? [];
        const after = kernel?.dataSync() ?? [];
        const moved = Math.max(...Array.from(after, (v, i) => Math.abs(v - (before[i] ?? 0))));
        expect(moved).toBeGreaterThan(1e-3);
        const grouped = model.getLayer('group3').getWeights()[0];
        expect(grouped?.shape).toEqual([3, 3, 4, 16]);
      } finally {
        model.dispose();
        fresh.dispose();
      }
    }, 300_000);
});
