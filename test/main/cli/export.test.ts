import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../../shared/graph/schema';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { exportText } from '../../../shared/codegen/export';
import { getPreset } from '../../../shared/presets';
import '../../../main/training/model/custom-layers';
import { runCli } from './run-cli';
import { awkwardNames } from '../../shared/codegen/corpus';

const dir = mkdtempSync(join(tmpdir(), 'stride-cli-export-'));
let server: Server;
let origin = '';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  // tf.loadLayersModel fetches model.json and then the weights it names, as a browser app would.
  server = createServer((req, res) => {
    try {
      const path = join(dir, decodeURIComponent((req.url ?? '/').slice(1)));
      if (!path.startsWith(dir)) throw new Error('outside');
      // No keep-alive: a socket the server times out just as fetch reuses it resets the next request.
      res.setHeader('Connection', 'close');
      res.end(readFileSync(path));
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const preset = (id: string) => getPreset(id)?.build() as GraphDoc;

describe('stride export --format tfjs', () => {
  for (const [id, spec] of [
    ['lenet5', 'preset:lenet5'],
    ['googlenet', 'preset:googlenet'],
    ['awkward', 'awkward'],
  ] as const) {
    it(`${id}: model.json + weights.bin load with tf.loadLayersModel and match the analysis`, async () => {
      const doc = id === 'awkward' ? awkwardNames() : preset(id);
      let model = spec as string;
      if (id === 'awkward') {
        model = join(dir, 'awkward.json');
        writeFileSync(model, JSON.stringify(doc));
      }
      const run = runCli('export', model, '--format', 'tfjs', '-o', join(dir, id));
      expect(run.code).toBe(0);
      const loaded = await tf.loadLayersModel(`${origin}/${id}/model.json`);
      try {
        const analysis = analyzeGraph(doc);
        expect(loaded.countParams()).toBe(analysis.totals.params);
        const input = analysis.nodes.get(analysis.order[0] ?? '')?.outputShape as number[];
        const y = tf.tidy(() => (loaded.predict(tf.ones([1, ...input])) as tf.Tensor).dataSync());
        expect(y.every(Number.isFinite)).toBe(true);
        // Kernels are Glorot-uniform within ±sqrt(6 / (fan_in + fan_out)); biases start at zero.
        const conv = loaded.layers.find((l) => l.getClassName() === 'Conv2D');
        const [kernel, bias] = conv?.getWeights() ?? [];
        const [kh, kw, cin, f] = kernel?.shape ?? [];
        const limit = Math.sqrt(6 / ((kh ?? 0) * (kw ?? 0) * ((cin ?? 0) + (f ?? 0))));
        const k = kernel?.dataSync() ?? new Float32Array();
        expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit);
        expect(Math.max(...k.map(Math.abs))).toBeGreaterThan(limit / 2);
        expect(bias?.dataSync().every((v) => v === 0)).toBe(true);
        // The Stride graph travels with the model, so importing model.json restores it.
        expect(loaded.getUserDefinedMetadata()).toMatchObject({ stride_graph: { format: 'stride-graph' } });
      } finally {
        loaded.dispose();
      }
    });
  }

  it('is deterministic per seed', () => {
    for (const [name, seed] of [
      ['a', '1'],
      ['b', '1'],
      ['c', '2'],
    ] as const) {
      expect(
        runCli('export', 'preset:mnist-keras', '--format', 'tfjs', '-o', join(dir, name), '--seed', seed)
          .code,
      ).toBe(0);
    }
    const bytes = (name: string) => readFileSync(join(dir, name, 'weights.bin'));
    expect(bytes('a').equals(bytes('b'))).toBe(true);
    expect(bytes('a').equals(bytes('c'))).toBe(false);
    expect(bytes('a').length).toBe(93_322 * 4);
  });

  it('needs a folder', () => {
    const run = runCli('export', 'preset:lenet5', '--format', 'tfjs');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/-o DIR/);
  });
});

describe('stride export: text formats', () => {
  it.each(['ts', 'pytorch', 'keras-json'] as const)('%s to stdout equals the shared exporter', (format) => {
    const run = runCli('export', 'preset:resnet18', '--format', format);
    expect(run.code).toBe(0);
    const want = exportText(preset('resnet18'), format);
    expect(want.ok && run.stdout === want.value).toBe(true);
  });

  it('writes -o FILE and takes the training choices', () => {
    const out = join(dir, 'mnist.py');
    const run = runCli(
      'export',
      'preset:mnist-keras',
      '--format',
      'pytorch',
      '-o',
      out,
      '--optimizer',
      'rmsprop',
      '--lr',
      '0.01',
      '--epochs',
      '7',
    );
    expect(run.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('parser.add_argument("--optimizer", default="rmsprop"');
    expect(text).toContain('parser.add_argument("--lr", type=float, default=0.01)');
    expect(text).toContain('parser.add_argument("--epochs", type=int, default=7)');
    expect(text).toContain('Train: python mnist.py --help');
    const ts = runCli('export', 'preset:mnist-keras', '--format', 'ts', '--no-train');
    expect(ts.stdout).not.toContain('train(');
  });

  it('refuses a graph with errors, bad flags and unknown formats with one line and exit 1', () => {
    const broken = join(__dirname, '../../fixtures/graphs/kernel-too-big.json');
    const run = runCli('export', broken, '--format', 'ts');
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.stderr).toMatch(/\[GRAPH_HAS_ERRORS\]/);
    expect(runCli('export', 'preset:lenet5', '--format', 'onnx2').stderr).toMatch(/unknown format 'onnx2'/);
    expect(runCli('export', 'preset:lenet5', '--format', 'ts', '--optimizer', 'lion').stderr).toMatch(
      /--optimizer must be one of/,
    );
    expect(runCli('export', 'preset:lenet5').code).toBe(1);
  });
});

describe('stride import', () => {
  it('model.json → project file that summarises to the same totals; report on stderr', () => {
    expect(
      runCli('export', 'preset:googlenet', '--format', 'tfjs', '-o', join(dir, 'g'), '--no-graph').code,
    ).toBe(0);
    const project = join(dir, 'g.stride.json');
    const run = runCli('import', join(dir, 'g', 'model.json'), '-o', project);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /imported \d+ layers as \d+ nodes \(keras-functional\); 6998552 parameters, equal to the file's 6998552; 0 issue\(s\), 0 error\(s\)/,
    );
    const summary = runCli('summary', project, '--json');
    expect(summary.code).toBe(0);
    expect(JSON.parse(summary.stdout)).toMatchObject({ totalParams: 6_998_552, trainableParams: 6_998_552 });
  });

  it('refuses what it cannot represent (a line per layer, exit 1); --lenient bridges and reports it', () => {
    const file = join(__dirname, '../../fixtures/model-json/hostile/unsupported-layers.json');
    const strict = runCli('import', file);
    expect(strict.code).toBe(1);
    expect(strict.lines.filter((l) => l.startsWith('error '))).toHaveLength(4);
    expect(strict.lines.at(-1)).toMatch(/\[IMPORT_NOT_FAITHFUL\]$/);
    expect(runCli('import', file, '--strict').code).toBe(1);
    const run = runCli('import', file, '--lenient', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stderr.trim()) as { issues: { code: string }[]; faithful: boolean };
    expect(report.faithful).toBe(false);
    expect(report.issues.map((i) => i.code)).toContain('IMPORT_LAMBDA_LAYER');
  });

  it('a hostile file is one line and exit 1', () => {
    const run = runCli('import', join(__dirname, '../../fixtures/model-json/hostile/proto-keys.json'));
    expect(run.code).toBe(0);
    const bad = runCli('import', join(__dirname, '../../fixtures/model-json/hostile/not-json.txt'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/\[IMPORT_NOT_JSON\]/);
  });
});
