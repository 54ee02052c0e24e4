import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOnnx } from '../../../../shared/codegen/onnx/import';
import { skipWithReason } from '../../../setup/skip';
import { runPython, torchMissing } from '../python';
import { predict, relativeError, runOnnx, tfjsModel, toChannelsLast } from './helpers';
import { TOLERANCE, wasmBackendReady } from './cases';
import * as ort from 'onnxruntime-node';

/**
 * ONNX files as PyTorch writes them (torch.onnx.export of torchvision models, by Debian's python3-torch):
 * each imports with the parameter count PyTorch gives and computes what PyTorch computes (MobileNet v2 too:
 * its depthwise convolutions and ReLU6 Clips are Stride layers).
 */
interface Exported {
  readonly name: string;
  readonly file: string;
  readonly inputShape: [number, number, number, number];
  readonly outputShape: number[];
  readonly params: number;
}

const MODELS = ['resnet18', 'resnet18:bn', 'squeezenet1_1', 'mobilenet_v2'];
const dir = mkdtempSync(join(tmpdir(), 'stride-torchvision-onnx-'));
const exported = new Map<string, Exported>();
let skipReason: string | null = null;

beforeAll(async () => {
  await wasmBackendReady();
  skipReason = torchMissing();
  if (skipReason !== null) return;
  const run = runPython([join(__dirname, 'torchvision_onnx.py'), dir, ...MODELS], { timeoutMs: 900_000 });
  skipReason = torchMissing(run);
  if (skipReason !== null) return;
  if (run.status !== 0)
    throw new Error(`torch.onnx.export failed (${run.status}): ${run.stderr.slice(-2000)}`);
  for (const line of run.stdout.split('\n').filter((l) => l.startsWith('{'))) {
    const e = JSON.parse(line) as Exported;
    exported.set(e.name, e);
  }
}, 900_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const floats = (path: string) => {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

describe('ONNX import of torchvision models exported by torch.onnx', () => {
  it.for(['resnet18', 'resnet18:bn', 'squeezenet1_1', 'mobilenet_v2'])(
    '%s: PyTorch’s parameter count, and PyTorch’s outputs from the app’s tfjs build',
    { timeout: 600_000 },
    async (name, ctx) => {
      if (skipReason !== null) return skipWithReason(ctx, skipReason);
      const e = exported.get(name);
      if (e === undefined) throw new Error(`${name} was not exported`);
      const imported = importOnnx(new Uint8Array(readFileSync(e.file)), name);
      if (!imported.ok) throw new Error(imported.errors.map((x) => `${x.code} ${x.message}`).join('\n'));
      const { doc, report, weights } = imported.value;
      expect(report.totalParams).toBe(e.params);
      expect(report.onnxParams).toBe(e.params);
      expect(report.layers.filter((l) => l.params !== l.onnxParams)).toEqual([]);

      const stem = e.file.replace(/\.onnx$/, '');
      const input = floats(`${stem}.input.bin`);
      const torchOut = floats(`${stem}.output.bin`);
      const [n, c, h, w] = e.inputShape;
      const hwc = tf.tensor(toChannelsLast(input, e.inputShape), [n, h, w, c]);
      const model = tfjsModel(doc, weights);
      const strideOut = predict(model, hwc);
      model.dispose();
      hwc.dispose();
      const ortOut = await runOnnx(e.file, new ort.Tensor('float32', input, e.inputShape));
      const errors = {
        strideVsTorch: relativeError(strideOut, torchOut),
        ortVsTorch: relativeError(ortOut.output, torchOut),
        strideVsOrt: relativeError(strideOut, ortOut.output),
      };
      console.log(
        `${name}: ${report.nodes} layers, ${report.totalParams} parameters, ${JSON.stringify(errors)}`,
      );
      expect(errors.strideVsOrt).toBeLessThan(TOLERANCE);
      expect(errors.strideVsTorch).toBeLessThan(TOLERANCE);
    },
  );
});
