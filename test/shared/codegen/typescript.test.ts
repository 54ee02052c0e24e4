import * as prettier from 'prettier';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../../shared/graph/schema';
import { toTypeScript } from '../../../shared/codegen/typescript';
import { getPreset, presets } from '../../../shared/presets';
import { ChainBuilder } from '../../../shared/presets/builder';
import { exportCorpus } from './corpus';

const prettierConfig = JSON.parse(
  readFileSync(join(__dirname, '../../../.prettierrc.json'), 'utf8'),
) as object;

function ts(doc: GraphDoc): string {
  const r = toTypeScript(doc);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const preset = (id: string) => getPreset(id)?.build() as GraphDoc;

describe('TypeScript export text', () => {
  it('is already prettier-formatted for every preset and 120 random graphs', async () => {
    const unformatted: string[] = [];
    for (const { id, doc } of exportCorpus(120)) {
      const code = ts(doc);
      const formatted = await prettier.format(code, { ...prettierConfig, parser: 'typescript' });
      if (formatted !== code) unformatted.push(id);
    }
    expect(unformatted).toEqual([]);
  });

  it('is deterministic: the same graph gives the same text', () => {
    for (const p of presets) expect(ts(p.build())).toBe(ts(p.build()));
  });

  it('writes one standalone module with buildModel and train', () => {
    const code = ts(preset('mnist-keras'));
    expect(code.match(/^import .*$/gm)).toEqual(["import * as tf from '@tensorflow/tfjs';"]);
    expect(code).toContain('export function buildModel(): tf.LayersModel {');
    expect(code).toContain('export async function train(');
    expect(code).toContain('tf.train.adam(learningRate)');
    expect(code).toContain("loss: 'categoricalCrossentropy'");
    expect(code).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no timestamps
  });

  it('leaves train() out on request', () => {
    const r = toTypeScript(preset('lenet5'), { training: false });
    if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.message}`);
    expect(r.value).toContain('export function buildModel(): tf.LayersModel {');
    expect(r.value).not.toContain('train(');
  });

  it('writes each block as a named helper function called from buildModel', () => {
    const googlenet = ts(preset('googlenet'));
    const helpers = [
      ...googlenet.matchAll(/^function (\w+)\(x: tf\.SymbolicTensor\): tf\.SymbolicTensor \{$/gm),
    ];
    expect(helpers.map((m) => m[1])).toEqual([
      'inception3a',
      'inception3b',
      'inception4a',
      'inception4b',
      'inception4c',
      'inception4d',
      'inception4e',
      'inception5a',
      'inception5b',
    ]);
    expect(googlenet).toContain('  x = inception3a(x);');
    expect(googlenet).toContain('.apply([b1Conv, b2Conv, b3Conv, b4Proj]) as tf.SymbolicTensor;');
    expect(googlenet).toContain('class StrideLRN extends tf.layers.Layer');
    expect(googlenet).not.toContain('StrideMinPool2D');
    const resnet = ts(preset('resnet18'));
    // A projected block names both paths and adds them in port order.
    expect(resnet).toMatch(/function layer2_0\(x: tf\.SymbolicTensor\)[^]*?\.apply\(\[bn2, projBn\]\)/);
  });

  it('writes padding as the analysis computes it', () => {
    const doc = new ChainBuilder()
      .add('input', 'input', { shape: [28, 28, 1] })
      .add('same', 'conv2d', { filters: 4, kernel: 3, stride: 2, padding: 'same' })
      .add('asym', 'conv2d', { filters: 4, kernel: 3, padding: [0, 1, 2, 1] })
      .add('sym', 'maxpool2d', { size: 2, stride: 2, padding: 1 })
      .add('asSame', 'conv2d', { filters: 4, kernel: 3, padding: 1 })
      .add('flatten', 'flatten')
      .add('out', 'dense', { units: 2 })
      .build('pads', '', {});
    const code = ts(doc);
    expect(code).toContain("name: 'same', filters: 4, kernelSize: 3, strides: 2, padding: 'same'");
    expect(code).toMatch(/zeroPadding2d\(\{\s+name: 'asym_pad',\s+padding: \[\s+\[0, 1\],\s+\[2, 1\],\s+\],/);
    expect(code).toContain(".zeroPadding2d({ name: 'sym_pad', padding: 1 })");
    // Explicit pads equal to what 'same' applies compile to 'same' (one layer fewer).
    expect(code).toContain("name: 'asSame', filters: 4, kernelSize: 3, padding: 'same'");
  });

  it('keeps names and descriptions from breaking out of comments or strings', () => {
    const doc = new ChainBuilder()
      .add('input', 'input', { shape: [4] })
      .add('out', 'dense', { units: 2 }, "evil */ name\n'quote'")
      .build("model */ with\nnewline and 'quotes'", '', {});
    const code = ts(doc);
    expect(code).toContain(" * model * / with newline and 'quotes': exported from Stride");
    expect(code).toContain("// out (evil * / name 'quote'): Dense 2 relu → 2");
    expect(code).toContain("name: 'model____with_newline_and__quotes_'");
  });

  it('refuses a graph with errors, with the code and node of the first error', () => {
    const doc = new ChainBuilder()
      .add('input', 'input', { shape: [4, 4, 1] })
      .add('conv', 'conv2d', { kernel: 7 })
      .build('broken', '', {});
    const r = toTypeScript(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'GRAPH_HAS_ERRORS', nodeId: 'conv' });
  });
});
