import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { GraphDoc } from '../../../shared/graph/schema';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasJson } from '../../../shared/codegen/keras-json';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { tfjsArtifacts } from '../../../shared/codegen/tfjs-artifacts';
import { importModelJson, IMPORT_LIMITS } from '../../../shared/codegen/import/import';
import { presets } from '../../../shared/presets';
import { exportCorpus, userBlock } from './corpus';

const FIXTURES = join(__dirname, '../../fixtures/model-json');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** What "equivalent" means: the same primitive layers in order, each with the same output shape and params. */
function signature(a: GraphAnalysis): string[] {
  return a.expanded.nodes.map((n) => {
    const p = a.primitives.get(n.id);
    return `${n.kind} ${JSON.stringify(p?.outputShape)} ${p?.params.total}/${p?.params.trainable}`;
  });
}

function imported(text: string): {
  doc: GraphDoc;
  analysis: GraphAnalysis;
  source: string;
  issues: string[];
} {
  const r = importModelJson(text);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return {
    doc: r.value.doc,
    analysis: analyzeGraph(r.value.doc),
    source: r.value.report.source,
    issues: r.value.report.issues.map((i) => i.code),
  };
}

function kerasJson(doc: GraphDoc, includeGraph: boolean): string {
  const r = toKerasJson(doc, { includeGraph });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function modelJson(doc: GraphDoc, includeGraph: boolean): string {
  const r = tfjsArtifacts(doc);
  if (!r.ok) throw new Error(r.error.message);
  const json = { ...r.value.modelJson };
  if (!includeGraph) delete json.userDefinedMetadata;
  return JSON.stringify(json);
}

describe('import(export(g)) gives back an equivalent graph', () => {
  for (const preset of presets) {
    it(`${preset.id}: Keras JSON and tfjs model.json, topology only and with the Stride graph`, () => {
      const doc = preset.build();
      const original = analyzeGraph(doc);
      for (const text of [kerasJson(doc, false), modelJson(doc, false)]) {
        const back = imported(text);
        expect(back.source).toBe('keras-functional');
        expect(back.issues).toEqual([]);
        expect(back.analysis.ok).toBe(true);
        expect(signature(back.analysis)).toEqual(signature(original));
        expect(back.analysis.totals).toEqual(original.totals);
      }
      // With the graph kept beside the topology, blocks, names and positions come back exactly.
      for (const text of [kerasJson(doc, true), modelJson(doc, true)]) {
        const back = imported(text);
        expect(back.source).toBe('stride-graph');
        expect(back.doc).toEqual(doc);
      }
    });
  }

  it('80 random graphs (every kind, every padding form): equivalent from the topology alone', () => {
    for (const { id, doc } of exportCorpus(80).filter((c) => c.id.startsWith('random-'))) {
      const back = imported(kerasJson(doc, false));
      expect({ id, issues: back.issues }).toEqual({ id, issues: [] });
      expect({ id, sig: signature(back.analysis) }).toEqual({ id, sig: signature(analyzeGraph(doc)) });
    }
  });

  it('a user block from the library: its layers from the topology, the block itself with the kept graph', () => {
    const doc = userBlock();
    expect(doc.blocks).toBeDefined();
    const flat = imported(kerasJson(doc, false));
    expect(signature(flat.analysis)).toEqual(signature(analyzeGraph(doc)));
    expect(imported(modelJson(doc, true)).doc).toEqual(doc);
  });

  it('reads explicit padding back as the node padding (ZeroPadding2D named <layer>_pad)', () => {
    const alexnet = presets.find((p) => p.id === 'alexnet')?.build() as GraphDoc;
    const back = imported(kerasJson(alexnet, false));
    const conv1 = back.doc.nodes.find((n) => n.id === 'conv1');
    expect(back.doc.nodes.some((n) => n.kind === 'zeropadding2d')).toBe(false);
    expect(conv1?.params.padding).toEqual(alexnet.nodes.find((n) => n.id === 'conv1')?.params.padding);
  });

  it('ignores a kept graph that no longer matches the topology', () => {
    const doc = presets[0]?.build() as GraphDoc;
    const json = JSON.parse(kerasJson(doc, true)) as { config: { layers: { config: { units?: number } }[] } };
    const last = json.config.layers[json.config.layers.length - 1];
    if (last !== undefined) last.config.units = 7;
    const back = imported(JSON.stringify(json));
    expect(back.source).toBe('keras-functional');
    expect(back.analysis.nodes.get(back.analysis.output ?? '')?.outputShape).toEqual([7]);
  });
});

describe('Keras and tfjs files from elsewhere', () => {
  it('tf.keras 2 Sequential (seed 002 MNIST CNN): 93,322 parameters, laid out top to bottom', () => {
    const back = imported(fixture('keras2-sequential-mnist.json'));
    expect(back.source).toBe('keras-sequential');
    expect(back.analysis.totals.params).toBe(93_322);
    expect(back.doc.nodes[0]).toMatchObject({ kind: 'input', params: { shape: [28, 28, 1] } });
    const ys = back.doc.nodes.map((n) => n.position.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(ys.length);
  });

  it('old Keras (config as a list) and the tfjs converter wrapper read the same', () => {
    const a = imported(fixture('keras2-sequential-mnist.json'));
    for (const name of ['keras-old-sequential-list.json', 'tfjs-converter-wrapper.json']) {
      expect(signature(imported(fixture(name)).analysis)).toEqual(signature(a.analysis));
    }
  });

  it('Keras 3 functional (batch_shape, __keras_tensor__ inbound, ReLU layer, a skip connection)', () => {
    const back = imported(fixture('keras3-functional.json'));
    expect(back.issues).toEqual([]);
    expect(back.analysis.ok).toBe(true);
    expect(back.analysis.totals).toMatchObject({ params: 2986, trainableParams: 2954 });
    const add = back.doc.edges.filter((e) => e.target === 'add').map((e) => [e.source, e.targetPort]);
    expect(add).toEqual([
      ['relu', 0],
      ['branch', 1],
    ]);
    // The branch sits beside the main path, not on top of it.
    const pos = (id: string) => back.doc.nodes.find((n) => n.id === id)?.position;
    expect(pos('branch')?.y).toBeGreaterThan(pos('relu')?.y ?? Infinity);
    expect(pos('add')?.y).toBeGreaterThan(pos('branch')?.y ?? Infinity);
  });
});

describe('malformed and hostile files: a coded error or a report, never a crash', () => {
  const expected = JSON.parse(fixture('hostile/expected.json')) as Record<
    string,
    { error?: string; issues?: string[]; nodes?: number; lenient?: { issues: string[]; nodes: number } }
  >;
  const files = readdirSync(join(FIXTURES, 'hostile')).filter((f) => f !== 'expected.json');

  it('every fixture has an expectation', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const file of files) {
    it(file, () => {
      const want = expected[file] ?? {};
      const r = importModelJson(fixture(`hostile/${file}`));
      if (want.error !== undefined) {
        expect(r.ok ? 'ok' : r.error.code).toBe(want.error);
        if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
        if (want.lenient === undefined) return;
        // What --lenient makes of it: an approximation whose report and description say what changed.
        const l = importModelJson(fixture(`hostile/${file}`), { lenient: true });
        if (!l.ok) throw new Error(`${l.error.code}: ${l.error.message}`);
        expect(l.value.report.faithful).toBe(false);
        expect(l.value.doc.description).toMatch(/Approximate import/);
        expect(l.value.report.issues.map((i) => i.code).sort()).toEqual([...want.lenient.issues].sort());
        expect(l.value.doc.nodes).toHaveLength(want.lenient.nodes);
        return;
      }
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      expect(r.value.report.issues.map((i) => i.code).sort()).toEqual([...(want.issues ?? [])].sort());
      for (const issue of r.value.report.issues) expect(issue.message).toMatch(/\w{4,}/);
      expect(r.value.doc.nodes).toHaveLength(want.nodes ?? -1);
    });
  }

  it('prototype keys stay data: no pollution, ids never Object.prototype names', () => {
    const r = importModelJson(fixture('hostile/proto-keys.json'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.doc.nodes.map((n) => n.id)).toEqual([
      'in',
      '__proto___layer',
      'constructor_layer',
      'hasOwnProperty_layer',
      'toString_layer',
    ]);
    expect(r.value.doc.nodes.map((n) => n.name)).toContain('__proto__');
    expect(analyzeGraph(r.value.doc).ok).toBe(true);
  });

  it('the default (strict) refuses what lenient bridges, naming every layer', () => {
    const r = importModelJson(fixture('hostile/unsupported-layers.json'));
    expect(r.ok ? 'ok' : r.error.code).toBe('IMPORT_NOT_FAITHFUL');
    if (r.ok) return;
    expect(r.errors.map((e) => e.message.split(' ')[0]).sort()).toEqual(['bad', 'c', 'custom', 'lam']);
  });

  it('size, nesting and layer-count limits are checked before any work', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const tooDeep = importModelJson(deep);
    expect(tooDeep.ok ? 'ok' : tooDeep.error.code).toBe('IMPORT_TOO_DEEP');
    const huge = importModelJson(`{"class_name": "${'x'.repeat(IMPORT_LIMITS.maxChars)}"}`);
    expect(huge.ok ? 'ok' : huge.error.code).toBe('IMPORT_TOO_LARGE');
    const layers = Array.from({ length: IMPORT_LIMITS.maxLayers + 1 }, (_, i) => ({
      class_name: 'Dense',
      config: { name: `d${i}` },
    }));
    const many = importModelJson(JSON.stringify({ class_name: 'Sequential', config: { layers } }));
    expect(many.ok ? 'ok' : many.error.code).toBe('IMPORT_TOO_MANY_LAYERS');
  });

  it('a long Sequential imports in linear time', () => {
    const layers: unknown[] = [
      { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8] } },
    ];
    for (let i = 0; i < 3000; i += 1)
      layers.push({ class_name: 'Dense', config: { name: `d${i}`, units: 8 } });
    const started = performance.now();
    const r = importModelJson(JSON.stringify({ class_name: 'Sequential', config: { layers } }));
    expect(r.ok && r.value.doc.nodes.length).toBe(3001);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('frozen layers (trainable: false)', () => {
  it('export as trainable: false and import back frozen, from the topology alone', () => {
    const doc = presets.find((p) => p.id === 'mnist-keras')?.build() as GraphDoc;
    const frozen = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'conv2d_3' ? { ...n, trainable: false } : n)),
    };
    const text = kerasJson(frozen, false);
    const layers = (
      JSON.parse(text) as { config: { layers: { name: string; config: { trainable?: boolean } }[] } }
    ).config.layers;
    expect(layers.filter((l) => l.config.trainable === false).map((l) => l.name)).toEqual(['conv2d_3']);
    const back = imported(text);
    expect(back.doc.nodes.filter((n) => n.trainable === false).map((n) => n.id)).toEqual(['conv2d_3']);
    // The PyTorch export trains it frozen too.
    const py = toPyTorch(frozen, { training: false });
    if (!py.ok) throw new Error(py.error.message);
    expect(py.value).toContain('self.conv2d_3.requires_grad_(False)');
    expect(py.value.match(/requires_grad_\(False\)/g)).toHaveLength(1);
  });
});
