import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../../../main/host/index';
import type { Dialogs } from '../../../../main/host/deps';
import { loadModel } from '../../../../main/training/train/model-io';
import { TrainingEventSchema } from '../../../../shared/api/training';
import {
  call,
  expectCode,
  expectValue,
  makeHost,
  tempDirs,
  type EmittedEvent,
  type TempDirs,
} from '../helpers';
import { batchNormNet, trainConfig } from '../../training/train/graphs';

/**
 * A run's trained network as ONNX through the host (runs.exportOnnx), as the run view asks for it: ONNX Runtime
 * computes what the run's own saved tfjs model computes.
 */
let dirs: TempDirs;
let host: RunningHost;
let emitted: EmittedEvent[];
let runId = '';
const chosen: string[] = [];

const dialogs = (answer: () => string | null): Dialogs => ({
  openProject: async () => null,
  saveProject: async () => null,
  saveText: async (_ctx, suggestedName, filters) => {
    chosen.push(`${suggestedName} ${filters.map((f) => f.extensions.join()).join()}`);
    return answer();
  },
});

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  dirs = tempDirs();
  ({ host, emitted } = makeHost(dirs));
  ({ runId } = await expectValue<{ runId: string }>(
    call(host, 'training', 'start', { graph: batchNormNet(), config: trainConfig({ limit: 256 }) }),
  ));
  const deadline = Date.now() + 120_000;
  const ended = () =>
    emitted.some(
      (e) =>
        e.event === 'training' &&
        (e.payload as { runId: string }).runId === runId &&
        ['end', 'error'].includes(TrainingEventSchema.parse((e.payload as { event: unknown }).event).type),
    );
  while (!ended()) {
    if (Date.now() > deadline) throw new Error('the run did not end');
    await new Promise((r) => setTimeout(r, 25));
  }
}, 180_000);

afterAll(async () => {
  await host.close();
  dirs.cleanup();
});

describe('runs.exportOnnx', () => {
  it("without a file dialog: model.onnx in the run's folder, computing what the run's model computes", async () => {
    const written = await expectValue<{ path: string; bytes: number }>(
      call(host, 'runs', 'exportOnnx', { runId }),
    );
    const runDir = join(dirs.dataDir, 'runs', runId);
    expect(written.path).toBe(join(runDir, 'model.onnx'));
    expect(written.bytes).toBeGreaterThan(4 * 8 * 3 * 3);
    const x = Float32Array.from({ length: 3 * 28 * 28 }, (_, i) => ((i * 104729) % 256) / 255);
    const model = await loadModel(join(runDir, 'model'));
    const expected = tf.tidy(() => (model.predict(tf.tensor(x, [3, 28, 28, 1])) as tf.Tensor).dataSync());
    model.dispose();
    const session = await ort.InferenceSession.create(written.path);
    const out = await session.run({
      [session.inputNames[0] as string]: new ort.Tensor('float32', x, [3, 1, 28, 28]),
    });
    await session.release();
    const got = out[session.outputNames[0] as string]?.data as Float32Array;
    const scale = Math.max(...[...expected].map(Math.abs));
    const error = Math.max(...[...got].map((v, i) => Math.abs(v - (expected[i] as number)))) / scale;
    expect(got).toHaveLength(30);
    expect(error).toBeLessThan(1e-5);
  });

  it('in the app: where the user chooses in the save dialog; null when cancelled', async () => {
    const target = join(dirs.root, 'chosen.onnx');
    const electron = makeHost(dirs, { dialogs: dialogs(() => target), mode: 'electron' }).host;
    try {
      expect(await expectValue(call(electron, 'runs', 'exportOnnx', { runId }))).toMatchObject({
        path: target,
      });
      expect(existsSync(target)).toBe(true);
      const cancelled = makeHost(dirs, { dialogs: dialogs(() => null), mode: 'electron' }).host;
      expect(await expectValue(call(cancelled, 'runs', 'exportOnnx', { runId }))).toBeNull();
      await cancelled.close();
      const graph = batchNormNet();
      const saved = join(dirs.root, 'graph.onnx');
      const graphHost = makeHost(dirs, { dialogs: dialogs(() => saved), mode: 'electron' }).host;
      expect(await expectValue(call(graphHost, 'files', 'exportOnnx', { graph, seed: 3 }))).toMatchObject({
        path: saved,
      });
      await graphHost.close();
      expect(chosen).toEqual([
        'batchnorm_net.onnx onnx',
        'batchnorm_net.onnx onnx',
        'batchnorm_net.onnx onnx',
      ]);
    } finally {
      await electron.close();
    }
  });

  it('refuses an unknown run, and a graph export where there is no dialog (the page downloads instead)', async () => {
    await expectCode(call(host, 'runs', 'exportOnnx', { runId: 'nope' }), 'RUN_NOT_FOUND');
    await expectCode(call(host, 'files', 'exportOnnx', { graph: batchNormNet() }), 'FILES_NO_DIALOG');
  });
});
