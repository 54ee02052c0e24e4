import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { presets } from '../../../../shared/presets';
import { onnxBytes } from '../../../../shared/codegen/onnx/export';
import { analyzeGraph } from '../../../../shared/analysis/analyze';
import { relativeError, runOnnx, sampleInput, tfjsExport } from './helpers';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

it.each(['lenet5', 'mnist-keras', 'mnist-pytorch', 'alexnet', 'googlenet', 'resnet18'])('%s', async (id) => {
  const doc = presets.find((p) => p.id === id)!.build();
  const a = analyzeGraph(doc);
  const t0 = performance.now();
  const ref = await tfjsExport(doc);
  const t1 = performance.now();
  const bytes = onnxBytes(doc, { weights: ref.lookup });
  if (!bytes.ok) throw new Error(bytes.error.message);
  const buf = bytes.value.concat();
  const t2 = performance.now();
  const inShape = a.nodes.get(doc.nodes[0]!.id)!.outputShape!;
  const { hwc, nchw } = sampleInput(inShape, 1, 7);
  const expected = (ref.model.predict(hwc) as tf.Tensor).dataSync() as Float32Array;
  const t3 = performance.now();
  const got = await runOnnx(buf, nchw);
  const t4 = performance.now();
  const err = relativeError(got.output, expected);
  console.log(
    id,
    'err',
    err,
    'tfjsBuild',
    t1 - t0,
    'onnx',
    t2 - t1,
    'tfjsPredict',
    t3 - t2,
    'ort',
    t4 - t3,
    'load',
    got.loadMs,
    buf.length,
  );
  expect(err).toBeLessThan(1e-5);
});
