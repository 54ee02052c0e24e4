import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../main/training/train/model-io';
import type { ImportModelResult } from '../../../shared/codegen/import/import';
import { importModelJson } from '../../../shared/codegen/import/import';
import { toKerasJson } from '../../../shared/codegen/keras-json';
import { tfjsArtifacts } from '../../../shared/codegen/tfjs-artifacts';
import { presets } from '../../../shared/presets';
import {
  functionalWithNestedSequential,
  mnistCnn,
  mobileNetLike,
  saveTfjs,
  teachableMachineLike,
} from '../../fixtures/import/tfjs-models';
import { runCli } from './run-cli';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { onnxBytes } from '../../../shared/codegen/onnx/export';
import { decodeModel } from '../../../shared/codegen/onnx/decode';
import { encodeModel } from '../../../shared/codegen/onnx/encode';
import { runPython, torchMissing } from '../../shared/codegen/python';
import { skipWithReason } from '../../setup/skip';

/**
 * The import corpus: model files the test generates — tfjs layers models saved by TensorFlow.js itself (with
 * manifests and shards), nested models, Keras JSON, a MobileNet-like file, hand-made refusals and a graph
 * model. The invariant for every one: it imports with Stride's count equal to the file's weight specs, layer
 * by layer, or it is refused with a code — never exit 0 with different counts.
 */
interface Entry {
  readonly id: string;
  readonly path: string;
  /** null: imported faithfully; otherwise the code it must be refused with. */
  readonly refusal: string | null;
  /** Layers a refusal must name. */
  readonly names?: readonly string[];
  /** The total the file's manifest holds (tfjs's own countParams), when it has one. */
  readonly fileParams?: number;
  readonly nestedModels?: number;
  /** The tfjs model the file was saved from (its weights are in shards beside it). */
  readonly model?: tf.LayersModel;
}

const dir = mkdtempSync(join(tmpdir(), 'stride-import-corpus-'));
const corpus: Entry[] = [];

function write(name: string, json: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** Whether Stride imports a class exactly today (other kinds are being added): a one-layer probe file. */
function importable(layer: Record<string, unknown>, inputShape: number[]): boolean {
  const probe = importModelJson(
    JSON.stringify({
      class_name: 'Sequential',
      config: {
        name: 'probe',
        layers: [
          { ...layer, config: { ...(layer.config as object), batch_input_shape: [null, ...inputShape] } },
        ],
      },
    }),
  );
  return probe.ok;
}

beforeAll(async () => {
  const cnn = mnistCnn();
  corpus.push({
    id: 'tfjs-cnn',
    path: await saveTfjs(cnn, join(dir, 'cnn')),
    refusal: null,
    fileParams: cnn.countParams(),
    model: cnn,
  });
  const tm = teachableMachineLike();
  corpus.push({
    id: 'teachable-machine',
    path: await saveTfjs(tm, join(dir, 'tm'), 1),
    refusal: null,
    fileParams: tm.countParams(),
    model: tm,
    nestedModels: 3,
  });
  const fn = functionalWithNestedSequential();
  corpus.push({
    id: 'functional-nested-seq',
    path: await saveTfjs(fn, join(dir, 'fn')),
    refusal: null,
    fileParams: fn.countParams(),
    model: fn,
    nestedModels: 1,
  });

  // MobileNet-like: exact when Stride has depthwise convolutions and ReLU6, refused naming each one otherwise.
  const mobile = mobileNetLike();
  const mobilePath = await saveTfjs(mobile, join(dir, 'mobilenet'));
  const depthwise = importable(
    {
      class_name: 'DepthwiseConv2D',
      config: { name: 'dw', kernel_size: [3, 3], padding: 'same', use_bias: false },
    },
    [8, 8, 4],
  );
  const relu6 = importable({ class_name: 'ReLU', config: { name: 'r6', max_value: 6 } }, [8, 8, 4]);
  const missing = [
    ...(depthwise ? [] : ['conv_dw_1', 'conv_dw_2']),
    ...(relu6 ? [] : ['conv1_relu', 'conv_dw_1_relu', 'conv_pw_1_relu', 'conv_dw_2_relu', 'conv_pw_2_relu']),
  ];
  corpus.push({
    id: `mobilenet-like (depthwise ${depthwise ? 'supported' : 'unsupported'}, ReLU6 ${relu6 ? 'supported' : 'unsupported'})`,
    path: mobilePath,
    refusal: missing.length === 0 ? null : 'IMPORT_NOT_FAITHFUL',
    names: missing,
    fileParams: mobile.countParams(),
    model: mobile,
  });

  // A class no Keras-to-Stride mapping will ever have (Keras 2's LocallyConnected2D: unshared weights).
  const cnnJson = JSON.parse(readFileSync(corpus[0]?.path ?? '', 'utf8')) as {
    modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
  };
  const local = structuredClone(cnnJson);
  const layers = local.modelTopology.config.layers;
  layers.splice(4, 0, {
    class_name: 'LocallyConnected2D',
    config: { name: 'local', filters: 16, kernel_size: [3, 3] },
  });
  local.weightsManifest[0]?.weights.push({ name: 'local/kernel', shape: [9, 144, 16] });
  corpus.push({
    id: 'unsupported-class',
    path: write('local.json', local),
    refusal: 'IMPORT_NOT_FAITHFUL',
    names: ['local'],
  });

  // The topology says no bias where the manifest has one: the counts differ and the file is refused.
  const nobias = structuredClone(cnnJson);
  const dense = nobias.modelTopology.config.layers.filter((l) => l.class_name === 'Dense')[0];
  if (dense !== undefined) dense.config.use_bias = false;
  corpus.push({
    id: 'param-mismatch',
    path: write('nobias.json', nobias),
    refusal: 'IMPORT_PARAM_MISMATCH',
    names: [String(dense?.config.name)],
  });

  corpus.push({
    id: 'graph-model',
    path: write('graph-model.json', {
      format: 'graph-model',
      generatedBy: '2.15.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: {
        node: [{ name: 'x', op: 'Placeholder', attr: {} }],
        library: {},
        versions: { producer: 1 },
      },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }],
    }),
    refusal: 'IMPORT_GRAPH_MODEL',
  });

  // Keras JSON (no manifest: nothing to compare counts with, the layers must still all be exact).
  for (const p of presets.filter((x) => ['mnist-keras', 'resnet18'].includes(x.id))) {
    const keras = toKerasJson(p.build(), { includeGraph: false });
    if (!keras.ok) throw new Error(keras.error.message);
    corpus.push({
      id: `keras-json ${p.id}`,
      path: write(`${p.id}.keras.json`, JSON.parse(keras.value)),
      refusal: null,
    });
    const artifacts = tfjsArtifacts(p.build());
    if (!artifacts.ok) throw new Error(artifacts.error.message);
    const total = artifacts.value.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    const json = { ...artifacts.value.modelJson };
    delete json.userDefinedMetadata;
    corpus.push({
      id: `tfjs manifest ${p.id}`,
      path: write(`${p.id}.model.json`, json),
      refusal: null,
      fileParams: total,
    });
  }
}, 120_000);

function check(entry: Entry, r: ImportModelResult): void {
  if (entry.refusal === null) {
    if (!r.ok) throw new Error(`${entry.id}: ${r.error.code} ${r.error.message}`);
    const { report } = r.value;
    expect(report.faithful).toBe(true);
    if (entry.fileParams !== undefined) {
      expect(report.fileParams).toBe(entry.fileParams);
      expect(report.params).toBe(entry.fileParams);
      for (const l of report.counts)
        expect({ layer: l.layer, n: l.params }).toEqual({ layer: l.layer, n: l.fileParams });
    }
    if (entry.nestedModels !== undefined) expect(report.nestedModels).toBe(entry.nestedModels);
    return;
  }
  expect(r.ok ? 'imported' : r.error.code).toBe(entry.refusal);
  if (r.ok) return;
  const named = r.errors.map((e) => e.message).join('\n');
  for (const name of entry.names ?? []) expect(named).toContain(name);
}

describe('import corpus: equal counts or a coded refusal', () => {
  it('the library', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10);
    for (const entry of corpus) check(entry, importModelJson(readFileSync(entry.path, 'utf8')));
  });

  it('--lenient imports the refused files as approximations whose counts and description say so', () => {
    for (const entry of corpus.filter(
      (e) => e.refusal === 'IMPORT_NOT_FAITHFUL' || e.refusal === 'IMPORT_PARAM_MISMATCH',
    )) {
      const r = importModelJson(readFileSync(entry.path, 'utf8'), { lenient: true });
      if (!r.ok) throw new Error(`${entry.id}: ${r.error.code}`);
      expect(r.value.report.faithful).toBe(false);
      expect(r.value.report.params).not.toBe(r.value.report.fileParams);
      expect(r.value.doc.description).toContain(`the file's weights hold ${r.value.report.fileParams}`);
    }
  });

  it('stride import: exit 0 only with equal counts, else exit 1 with the code and every layer named', () => {
    for (const entry of corpus) {
      const run = runCli('import', entry.path, '-o', join(dir, 'out.stride.json'), '--json');
      if (entry.refusal === null) {
        expect({ id: entry.id, code: run.code }).toEqual({ id: entry.id, code: 0 });
        const report = JSON.parse(run.stderr.trim().split('\n')[0] ?? '{}') as {
          params: number;
          fileParams: number | null;
        };
        if (report.fileParams !== null) expect(report.params).toBe(report.fileParams);
      } else {
        expect({ id: entry.id, code: run.code }).toEqual({ id: entry.id, code: 1 });
        expect(run.stderr).toContain(`[${entry.refusal}]`);
        for (const name of entry.names ?? []) expect(run.stderr).toContain(name);
      }
    }
  });
});

describe("stride import --weights-out: the file's weights under Stride's names", () => {
  it("the written model computes what the file's model computes", async () => {
    const withWeights = corpus.filter((e) => e.model !== undefined && e.refusal === null);
    expect(withWeights.length).toBeGreaterThanOrEqual(3);
    for (const entry of withWeights) {
      const out = join(dir, `weights-${withWeights.indexOf(entry)}`);
      const run = runCli('import', entry.path, '-o', join(dir, 'w.stride.json'), '--weights-out', out);
      expect({ id: entry.id, code: run.code, err: run.code === 0 ? '' : run.stderr }).toEqual({
        id: entry.id,
        code: 0,
        err: '',
      });
      const model = entry.model as tf.LayersModel;
      const loaded = await loadModel(out);
      const shape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
      const x = tf.randomUniform([3, ...shape], 0, 1, 'float32', 7);
      const want = (await (model.predict(x) as tf.Tensor).data()) as Float32Array;
      const got = (await (loaded.predict(x) as tf.Tensor).data()) as Float32Array;
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i += 1)
        expect(Math.abs((got[i] ?? NaN) - (want[i] ?? 0))).toBeLessThan(1e-5);
      loaded.dispose();
    }
  });

  it('a Keras JSON has no weights to keep: exit 1 with IMPORT_WEIGHTS_FILE', () => {
    const keras = corpus.find((e) => e.id.startsWith('keras-json'));
    const run = runCli('import', keras?.path ?? '', '--weights-out', join(dir, 'none'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[IMPORT_WEIGHTS_FILE]');
  });
});

describe('Keras HDF5 files', () => {
  it('.h5 and .keras are refused with the conversion to use (no HDF5 reader is shipped)', () => {
    for (const name of ['model.h5', 'model.keras']) {
      const path = join(dir, name);
      writeFileSync(path, '\x89HDF\r\n\x1a\n');
      const run = runCli('import', path);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('[IMPORT_KERAS_BINARY]');
      expect(run.stderr).toContain('tensorflowjs_converter');
    }
  });
});

/**
 * ONNX in the corpus: files Stride's exporter writes (with their weights) and files torch.onnx writes (when
 * Debian's python3-torch is present), through `stride import`: exit 0 only with Stride's count equal to the
 * elements of the file's initializers, else exit 1 with a code on every node it cannot represent.
 */
describe('import corpus, ONNX: equal counts or a coded refusal', () => {
  const onnxDir = mkdtempSync(join(tmpdir(), 'stride-import-corpus-onnx-'));
  const imported = (path: string) => {
    const run = runCli('import', path, '-o', join(onnxDir, 'out.stride.json'), '--json');
    const line = JSON.parse(run.stderr.trim().split('\n')[0] ?? '{}') as {
      totalParams?: number;
      onnxParams?: number;
      refused?: { code: string; message: string }[];
    };
    return { code: run.code, stderr: run.stderr, report: line };
  };

  it("the exporter's files of the catalog's kinds import with their counts", () => {
    for (const id of ['mnist-keras', 'mobilenet-v2', 'squeezenet1_1', 'unet']) {
      const doc = presets.find((p) => p.id === id)?.build();
      if (doc === undefined) throw new Error(id);
      const bytes = onnxBytes(doc);
      if (!bytes.ok) throw new Error(`${id}: ${bytes.error.message}`);
      const path = join(onnxDir, `${id}.onnx`);
      writeFileSync(path, bytes.value.concat());
      const r = imported(path);
      expect({ id, code: r.code }).toEqual({ id, code: 0 });
      expect(r.report.totalParams).toBe(r.report.onnxParams);
      expect(r.report.totalParams).toBe(analyzeGraph(doc).totals.params);
    }
  });

  it('a file with an operator Stride lacks: exit 1, the node named with its code', () => {
    const doc = presets.find((p) => p.id === 'mnist-keras')?.build();
    if (doc === undefined) throw new Error('mnist-keras');
    const bytes = onnxBytes(doc);
    if (!bytes.ok) throw new Error(bytes.error.message);
    const model = decodeModel(bytes.value.concat());
    // The first ReLU becomes a Softplus, which Stride has no layer for.
    const relu = model.graph.nodes.findIndex((n) => n.opType === 'Relu');
    expect(relu).toBeGreaterThanOrEqual(0);
    const nodes = model.graph.nodes.map((n, i) => (i === relu ? { ...n, opType: 'Softplus' } : n));
    const path = join(onnxDir, 'softplus.onnx');
    writeFileSync(path, encodeModel({ ...model, graph: { ...model.graph, nodes } }).concat());
    const r = imported(path);
    expect(r.code).toBe(1);
    expect(r.report.refused?.map((e) => e.code)).toContain('ONNX_UNSUPPORTED_OP');
    expect(r.report.refused?.map((e) => e.message).join('\n')).toMatch(/Softplus/);
  });

  it('torch.onnx files of torchvision models import with their counts', (ctx) => {
    const absent = torchMissing();
    if (absent !== null) return skipWithReason(ctx, absent);
    const run = runPython(
      [
        join(__dirname, '../../shared/codegen/onnx/torchvision_onnx.py'),
        onnxDir,
        'squeezenet1_1',
        'resnet18:bn',
      ],
      { timeoutMs: 600_000 },
    );
    const missing = torchMissing(run);
    if (missing !== null) return skipWithReason(ctx, missing);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const e = JSON.parse(line) as { name: string; file: string; params: number };
      const r = imported(e.file);
      expect({ name: e.name, code: r.code }).toEqual({ name: e.name, code: 0 });
      expect(r.report.totalParams).toBe(r.report.onnxParams);
      expect(r.report.totalParams).toBe(e.params);
    }
  }, 600_000);
});
