import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../../../main/host/index';
import { FeatureMapsSchema, LayerWindowSchema, type LayerWindow } from '../../../../shared/api/runs';
import { ChainBuilder, conv, fc, pool } from '../../../../shared/presets/builder';
import { convOutput } from '../../../../shared/teaching/conv';
import { poolOutput } from '../../../../shared/teaching/pool';
import { convFromWindow, poolFromWindow } from '../../../../shared/teaching/run-window';
import { call, expectCode, expectValue, makeHost, tempDirs, type TempDirs } from '../helpers';
import { trainConfig } from '../../training/train/graphs';

/**
 * The activations overview and the pixel explainer through the real host and worker: every image layer's maps,
 * and for a pixel of a convolution or pooling the window and weights behind it, from which the explainer's own
 * arithmetic must give back the value the trained model computed (borders, 'same' padding left out of a max,
 * explicit padding built as ZeroPadding2D, stride 2, a leaky ReLU built as its own layer).
 */
let dirs: TempDirs;
let host: RunningHost;
let runId: string;

const net = () =>
  new ChainBuilder()
    .add('input', 'input', { shape: [28, 28, 1] })
    .add('conv1', 'conv2d', conv(4, 3, { padding: 1 }))
    .add('pool1', 'maxpool2d', pool(3, 2, 'same'))
    .add('conv2', 'conv2d', { ...conv(6, 3, { stride: 2 }), padding: [0, 1, 0, 1], activation: 'leaky_relu' })
    .add('pool2', 'avgpool2d', pool(2, 2))
    .add('flatten', 'flatten')
    .add('out', 'dense', fc(10, 'softmax'))
    .build('Window net', 'test network', {});

beforeAll(async () => {
  dirs = tempDirs();
  ({ host } = makeHost(dirs));
  ({ runId } = await expectValue<{ runId: string }>(
    call(host, 'training', 'start', { graph: net(), config: trainConfig({ limit: 128, epochs: 1 }) }),
  ));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const detail = await expectValue<{ hasModel: boolean; status: string }>(
      call(host, 'runs', 'get', { runId }),
    );
    if (detail.hasModel && detail.status !== 'running') break;
    if (Date.now() > deadline) throw new Error('the run did not finish');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 180_000);
afterAll(async () => {
  await host.close();
  dirs.cleanup();
});

const windowOf = async (nodeId: string, oy: number, ox: number, channel: number, size = 3) =>
  LayerWindowSchema.parse(
    await expectValue(
      call(host, 'runs', 'layerWindow', { runId, imageIndex: 3, nodeId, oy, ox, channel, size }),
    ),
  );

/** The explainer's value of each region pixel against the model's, to float32 and 5-digit rounding. */
function expectSame(ours: readonly (readonly number[])[], w: LayerWindow) {
  expect(ours.length).toBe(w.region.h);
  ours.forEach((row, y) =>
    row.forEach((v, x) => {
      const model = w.output[y]?.[x] ?? NaN;
      expect(Math.abs(v - model)).toBeLessThanOrEqual(2e-3 * Math.max(1, Math.abs(model)));
    }),
  );
}

describe('activations overview and pixel windows of a trained run', () => {
  it("featureMaps with layers 'all' lists every image layer in graph order with its kind", async () => {
    const maps = FeatureMapsSchema.parse(
      await expectValue(
        call(host, 'runs', 'featureMaps', { runId, imageIndex: 3, maxChannels: 2, layers: 'all' }),
      ),
    );
    expect(maps.layers.map((l) => [l.nodeId, l.kind, l.shape])).toEqual([
      ['conv1', 'conv2d', [28, 28, 4]],
      ['pool1', 'maxpool2d', [14, 14, 4]],
      ['conv2', 'conv2d', [7, 7, 6]],
      ['pool2', 'avgpool2d', [3, 3, 6]],
    ]);
    expect(maps.layers[0]?.channelsShown).toBe(2);
    const convOnly = FeatureMapsSchema.parse(
      await expectValue(call(host, 'runs', 'featureMaps', { runId, imageIndex: 3, maxChannels: 2 })),
    );
    expect(convOnly.layers.map((l) => l.nodeId)).toEqual(['conv1', 'conv2']);
  });

  it('the first convolution at a corner: its padding zeros, the normalised image and the trained filter', async () => {
    const w = await windowOf('conv1', 0, 0, 2);
    expect(w).toMatchObject({
      kind: 'conv2d',
      kernel: [3, 3],
      pads: [1, 1, 1, 1],
      region: { oy: 0, ox: 0, h: 3, w: 3 },
    });
    expect(w.patch).toMatchObject({ y0: 0, x0: 0 });
    expect(w.patch.values[0]).toHaveLength(4);
    expect(w.filter?.[0]).toHaveLength(3);
    expectSame(convOutput(convFromWindow(w))[0] ?? [], w);
  });

  it('a stride-2 convolution with explicit padding and a leaky ReLU, in the middle and at the far corner', async () => {
    for (const [oy, ox] of [
      [3, 3],
      [6, 6],
    ] as const) {
      const w = await windowOf('conv2', oy, ox, 5);
      expect(w.activation).toBe('leaky_relu');
      expect(w.patch.values).toHaveLength(4);
      expectSame(convOutput(convFromWindow(w))[0] ?? [], w);
    }
  });

  it("max pooling with 'same' padding leaves the padding out; average pooling without padding", async () => {
    const w = await windowOf('pool1', 13, 13, 1);
    expect(w.padCells).toBe('excluded');
    expect(w.filter).toBeNull();
    expect(w.patch.values).toHaveLength(1);
    expectSame(poolOutput(poolFromWindow(w))[0] ?? [], w);
    const avg = await windowOf('pool2', 1, 1, 4, 1);
    expect(avg.region).toEqual({ oy: 1, ox: 1, h: 1, w: 1 });
    expectSame(poolOutput(poolFromWindow(avg))[0] ?? [], avg);
  });

  it('refuses a layer that is not a convolution or pooling, and a pixel outside the output', async () => {
    await expectCode(
      call(host, 'runs', 'layerWindow', {
        runId,
        imageIndex: 3,
        nodeId: 'flatten',
        oy: 0,
        ox: 0,
        channel: 0,
      }),
      'RUN_NOT_EXPLAINABLE',
    );
    await expectCode(
      call(host, 'runs', 'layerWindow', { runId, imageIndex: 3, nodeId: 'conv2', oy: 7, ox: 0, channel: 0 }),
      'RUN_NOT_EXPLAINABLE',
    );
  });
});
