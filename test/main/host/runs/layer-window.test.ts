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
 * explicit padding built as ZeroPadding2D, stride 2, a leaky ReLU built as its own layer); and in a second run
 * a grouped convolution, a depthwise one with two filters per channel, max pooling with PyTorch's ceil mode
 * and −∞ padding (StridePool2D), a min pooling with both zero padding and a ceil-mode overhang, and the
 * convolutions inside a Residual block.
 */
let dirs: TempDirs;
let host: RunningHost;
let runId: string;
let modernRunId: string;

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

const modernNet = () =>
  new ChainBuilder()
    .add('input', 'input', { shape: [28, 28, 1] })
    .add('c1', 'conv2d', conv(4, 3, { padding: 1 }))
    // A block: its convolutions are explained under their part ids (res/conv2 reads the block's own relu1).
    .add('res', 'residual', { variant: 'basic', width: 4, stride: 1 })
    .add('grouped', 'conv2d', { ...conv(6, 3, { activation: 'linear' }), groups: 2 })
    .add('dw', 'depthwiseconv2d', {
      kernel: 3,
      stride: 2,
      padding: 'same',
      depthMultiplier: 2,
      // Linear, so the poolings below see values under zero: there a padding of zeros would win.
      activation: 'linear',
      useBias: true,
    })
    .add('ceil', 'maxpool2d', { ...pool(2, 2), ceilMode: true, ignorePadding: false })
    .add('inf', 'maxpool2d', { ...pool(3, 2, 1), ceilMode: false, ignorePadding: true })
    // Zero padding on the top and left only, and ceil mode's overhang on the bottom and right.
    .add('mixed', 'minpool2d', { ...pool(2, 2), padding: [1, 0, 1, 0], ceilMode: true, ignorePadding: false })
    .add('flatten', 'flatten')
    .add('out', 'dense', fc(10, 'softmax'))
    .build('Modern window net', 'test network', {});

async function trainToEnd(graph: ReturnType<typeof net>): Promise<string> {
  const { runId: id } = await expectValue<{ runId: string }>(
    call(host, 'training', 'start', { graph, config: trainConfig({ limit: 128, epochs: 1 }) }),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    const detail = await expectValue<{ hasModel: boolean; status: string }>(
      call(host, 'runs', 'get', { runId: id }),
    );
    if (detail.hasModel && detail.status !== 'running') return id;
    if (Date.now() > deadline) throw new Error('the run did not finish');
    // Polls the run's status (an event-free API); the deadline, not the interval, bounds the wait.
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dirs = tempDirs();
  ({ host } = makeHost(dirs));
  runId = await trainToEnd(net());
  modernRunId = await trainToEnd(modernNet());
}, 300_000);
afterAll(async () => {
  await host.close();
  dirs.cleanup();
});

const windowOf = async (nodeId: string, oy: number, ox: number, channel: number, size = 3, run = runId) =>
  LayerWindowSchema.parse(
    await expectValue(
      call(host, 'runs', 'layerWindow', { runId: run, imageIndex: 3, nodeId, oy, ox, channel, size }),
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

describe('pixel windows of grouped, depthwise and PyTorch-style layers', () => {
  const modern = (nodeId: string, oy: number, ox: number, channel: number) =>
    windowOf(nodeId, oy, ox, channel, 3, modernRunId);

  it('a convolution inside a Residual block is explained under its part id, with its own weights', async () => {
    for (const [nodeId, oy, ox, channel] of [
      ['res/conv1', 0, 0, 3],
      ['res/conv2', 13, 20, 1],
      ['res/conv2', 27, 27, 2],
    ] as const) {
      const w = await modern(nodeId, oy, ox, channel);
      expect(w).toMatchObject({ nodeId, kind: 'conv2d', inputShape: [28, 28, 4], bias: null });
      expect(w.inputChannels).toEqual([0, 1, 2, 3]);
      expectSame(convOutput(convFromWindow(w))[0] ?? [], w);
    }
    // The two convolutions of the block are two layers with their own trained filters.
    const [a, b] = [await modern('res/conv1', 5, 5, 0), await modern('res/conv2', 5, 5, 0)];
    expect(a.layer).not.toBe(b.layer);
    expect(a.filter).not.toEqual(b.filter);
  });

  it("a grouped convolution's filter reads its group's channels only", async () => {
    // 4 channels and 6 filters in 2 groups: filter 5 (index 4) is in group 2 and reads channels 3 and 4.
    const w = await modern('grouped', 12, 12, 4);
    expect(w.kind).toBe('conv2d');
    expect(w.inputChannels).toEqual([2, 3]);
    expect(w.patch.values).toHaveLength(2);
    expect(w.filter).toHaveLength(2);
    expectSame(convOutput(convFromWindow(w))[0] ?? [], w);
    const first = await modern('grouped', 0, 0, 1);
    expect(first.inputChannels).toEqual([0, 1]);
    expectSame(convOutput(convFromWindow(first))[0] ?? [], first);
  });

  it("a depthwise convolution's output channel c·M + m reads input channel c with its own filter", async () => {
    // M = 2: output channel 7 is input channel 3's second filter.
    for (const [oy, ox] of [
      [0, 0],
      [6, 9],
      [12, 12],
    ] as const) {
      const w = await modern('dw', oy, ox, 7);
      expect(w.kind).toBe('depthwiseconv2d');
      expect(w.inputChannels).toEqual([3]);
      expect(w.filter).toHaveLength(1);
      expectSame(convOutput(convFromWindow(w))[0] ?? [], w);
    }
  });

  /**
   * Every channel's windows along a border match the model; and somewhere the real cells are all under zero,
   * where taking the padding as zeros would give another value (so the check can fail). Each window is a 3×3
   * region of output pixels, so a few of them cover the whole border row and column.
   */
  async function borderChannels(nodeId: string, pixels: readonly (readonly [number, number])[]) {
    let sensitive = 0;
    for (const [oy, ox] of pixels)
      for (let channel = 0; channel < 12; channel += 1) {
        const w = await modern(nodeId, oy, ox, channel);
        expect(w.padCells).toBe('excluded');
        expectSame(poolOutput(poolFromWindow(w))[0] ?? [], w);
        const { overhang: _, ...local } = poolFromWindow(w);
        const asZeros = poolOutput({ ...local, padCells: 'zeros' })[0] ?? [];
        if (asZeros.some((row, y) => row.some((v, x) => Math.abs(v - (w.output[y]?.[x] ?? v)) > 1e-3)))
          sensitive += 1;
      }
    expect(sensitive).toBeGreaterThan(0);
  }

  it('max pooling in ceil mode: the last window reaches past the input and its cells never win', async () => {
    const w = await modern('ceil', 6, 6, 5);
    expect(w.outputShape).toEqual([7, 7, 12]);
    expect(w.pads).toEqual([0, 1, 0, 1]);
    await borderChannels('ceil', [
      [6, 1],
      [6, 4],
      [6, 6],
      [1, 6],
      [4, 6],
    ]);
  });

  it('min pooling with zero padding and a ceil-mode overhang: the zeros count, the overhang never wins', async () => {
    // 4×4 input, 2×2 windows at stride 2, one zero row/column before: (4 + 1 − 2)/2 rounds up to 2, + 1 = 3.
    let sensitive = 0;
    for (let channel = 0; channel < 12; channel += 1) {
      const w = await modern('mixed', 2, 2, channel);
      expect(w).toMatchObject({
        outputShape: [3, 3, 12],
        pads: [1, 1, 1, 1],
        padCells: 'zeros',
        overhang: [1, 1],
      });
      const local = poolFromWindow(w);
      expectSame(poolOutput(local)[0] ?? [], w);
      const { overhang: _, ...asZeros } = local;
      if (JSON.stringify(poolOutput(asZeros)) !== JSON.stringify(poolOutput(local))) sensitive += 1;
    }
    expect(sensitive).toBeGreaterThan(0);
  });

  it('max pooling with −∞ padding: the padding is never picked', async () => {
    const w = await modern('inf', 0, 0, 2);
    expect(w.pads).toEqual([1, 1, 1, 1]);
    await borderChannels('inf', [
      [0, 0],
      [0, 3],
      [3, 0],
    ]);
  });
});
