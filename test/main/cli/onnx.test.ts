import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import type { OnnxModel } from '../../../shared/codegen/onnx/model';
import { onnxBytes } from '../../../shared/codegen/onnx/export';
import { encodeModel } from '../../../shared/codegen/onnx/encode';
import { OnnxDataType } from '../../../shared/codegen/onnx/model';
import { getPreset } from '../../../shared/presets';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'stride-cli-onnx-'));
const at = (name: string) => join(dir, name);
const { version } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  version: string;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(file: string, input: Float32Array, dims: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  try {
    const out = await session.run({
      [session.inputNames[0] as string]: new ort.Tensor('float32', input, dims),
    });
    return out[session.outputNames[0] as string]?.data as Float32Array;
  } finally {
    await session.release();
  }
}

const digit = Float32Array.from({ length: 2 * 32 * 32 }, (_, i) => ((i * 7919) % 255) / 255);

describe('stride export --format onnx', () => {
  it('writes the graph with its seeded initial weights: the bytes the exporter makes, which ONNX Runtime runs', async () => {
    const r = runCli('export', 'preset:lenet5', '--format', 'onnx', '-o', at('lenet5.onnx'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^wrote .*lenet5\.onnx \(\d+ bytes, initial weights, seed 1\)\n$/);
    const doc = getPreset('lenet5')?.build();
    const expected = doc === undefined ? null : onnxBytes(doc, { producerVersion: version });
    if (expected === null || !expected.ok) throw new Error('lenet5 not exportable');
    expect(Buffer.compare(readFileSync(at('lenet5.onnx')), Buffer.from(expected.value.concat()))).toBe(0);
    const out = await run(at('lenet5.onnx'), digit, [2, 1, 32, 32]);
    expect(out).toHaveLength(20);
  });

  it('--weights takes a tfjs model’s weights by name: a tfjs export of seed 7 gives the ONNX of seed 7', () => {
    expect(runCli('export', 'preset:lenet5', '--format', 'tfjs', '--seed', '7', '-o', at('tfjs7')).code).toBe(
      0,
    );
    const given = runCli(
      'export',
      'preset:lenet5',
      '--format',
      'onnx',
      '--weights',
      at('tfjs7'),
      '-o',
      at('w.onnx'),
    );
    expect(given.code).toBe(0);
    expect(given.stderr).toMatch(/weights of .*tfjs7\)/);
    expect(
      runCli('export', 'preset:lenet5', '--format', 'onnx', '--seed', '7', '-o', at('s7.onnx')).code,
    ).toBe(0);
    expect(Buffer.compare(readFileSync(at('w.onnx')), readFileSync(at('s7.onnx')))).toBe(0);
    expect(Buffer.compare(readFileSync(at('w.onnx')), readFileSync(at('lenet5.onnx')))).not.toBe(0);
  });

  it('refuses weights of another network, unreadable weights and a missing -o, with one coded line', () => {
    const other = runCli(
      'export',
      'preset:mnist-keras',
      '--format',
      'onnx',
      '--weights',
      at('tfjs7'),
      '-o',
      at('x.onnx'),
    );
    expect(other.code).toBe(1);
    expect(other.lines).toHaveLength(1);
    expect(other.stderr).toMatch(/\[ONNX_EXPORT_WEIGHTS\]/);
    const missing = runCli(
      'export',
      'preset:lenet5',
      '--format',
      'onnx',
      '--weights',
      at('nowhere'),
      '-o',
      at('x.onnx'),
    );
    expect(missing.stderr).toMatch(/\[ONNX_WEIGHTS_FILE\]/);
    writeFileSync(at('bad.json'), '{"weightsManifest": [{"paths": ["../up.bin"], "weights": []}]}');
    const outside = runCli(
      'export',
      'preset:lenet5',
      '--format',
      'onnx',
      '--weights',
      at('bad.json'),
      '-o',
      at('x.onnx'),
    );
    expect(outside.stderr).toMatch(/outside .*\[ONNX_WEIGHTS_FILE\]/);
    expect(runCli('export', 'preset:lenet5', '--format', 'onnx').stderr).toMatch(/give a file with -o/);
    expect(runCli('export', 'preset:lenet5', '--format', 'ts', '--weights', at('tfjs7')).stderr).toMatch(
      /--weights goes with --format onnx/,
    );
    expect(() => readFileSync(at('x.onnx'))).toThrow();
  });
});

describe('stride import <model.onnx>', () => {
  it('imports with the weights (--weights-out), and the export of the import computes the same', async () => {
    const r = runCli('import', at('w.onnx'), '-o', at('p.stride.json'), '--weights-out', at('pw'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/61706 parameters, equal to the file's 61706/);
    const summary = runCli('summary', at('p.stride.json'), '--json');
    expect((JSON.parse(summary.stdout) as { totalParams: number }).totalParams).toBe(61706);
    const back = runCli(
      'export',
      at('p.stride.json'),
      '--format',
      'onnx',
      '--weights',
      at('pw'),
      '-o',
      at('back.onnx'),
    );
    expect(back.code).toBe(0);
    const [a, b] = [
      await run(at('w.onnx'), digit, [2, 1, 32, 32]),
      await run(at('back.onnx'), digit, [2, 1, 32, 32]),
    ];
    expect([...b]).toEqual([...a]);
  });

  it('refuses a file with nodes Stride lacks: exit 1, one coded line per node', () => {
    const weight = (name: string, dims: number[]) => ({
      name,
      dims,
      dataType: OnnxDataType.float,
      raw: new Uint8Array(dims.reduce((x, y) => x * y, 1) * 4),
    });
    const model: OnnxModel = {
      irVersion: 8,
      opsets: [{ domain: '', version: 13 }],
      producerName: 'test',
      producerVersion: '',
      metadata: [],
      graph: {
        name: 'g',
        inputs: [{ name: 'x', elemType: OnnxDataType.float, shape: ['N', 4, 8, 8] }],
        outputs: [{ name: 'z', elemType: OnnxDataType.float, shape: null }],
        initializers: [weight('dw', [4, 1, 3, 3])],
        nodes: [
          {
            name: 'depthwise',
            opType: 'Conv',
            domain: '',
            inputs: ['x', 'dw'],
            outputs: ['y'],
            attributes: [{ name: 'group', type: 'int', value: 4 }],
          },
          { name: 'softplus', opType: 'Softplus', domain: '', inputs: ['y'], outputs: ['z'], attributes: [] },
        ],
      },
    };
    writeFileSync(at('refused.onnx'), encodeModel(model).concat());
    const r = runCli('import', at('refused.onnx'), '-o', at('refused.stride.json'));
    expect(r.code).toBe(1);
    // The depthwise convolution before it imports; the Softplus has no layer.
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error '))).toEqual([
      expect.stringMatching(/^error ONNX_UNSUPPORTED_OP: softplus \(Softplus\): .*Softplus/),
    ]);
    expect(r.stderr).toMatch(/1 node\(s\) Stride cannot represent exactly/);
    expect(() => readFileSync(at('refused.stride.json'))).toThrow();
    writeFileSync(at('junk.onnx'), 'not protobuf at all');
    expect(runCli('import', at('junk.onnx')).stderr).toMatch(/\[ONNX_NOT_A_MODEL\]/);
  });
});
