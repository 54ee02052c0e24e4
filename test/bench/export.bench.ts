// `npm run bench` → bench-results/export.json: how long each exporter and the importer take on the big
// presets and ResNet-152 (the Code tab regenerates after every edit pause, so the target is that ResNet-152's
// TypeScript and PyTorch exports stay under 100 ms), and the in-process tsc check of the TypeScript exports.
import { join } from 'node:path';
import type { GraphDoc } from '../../shared/graph/schema';
import { analyzeGraph } from '../../shared/analysis/analyze';
import { toKerasJson } from '../../shared/codegen/keras-json';
import { toPyTorch } from '../../shared/codegen/pytorch';
import { toTypeScript } from '../../shared/codegen/typescript';
import { importModelJson } from '../../shared/codegen/import/import';
import { getPreset } from '../../shared/presets';
import { typeCheck } from '../shared/codegen/ts-program';
import { resnet152 } from './graphs';
import { machine, measure, writeResults } from './measure';

const TARGET_MS = 100;

function unwrap(r: { ok: true; value: string } | { ok: false; error: { message: string } }): string {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function bench(doc: GraphDoc, runs: number) {
  const analysis = analyzeGraph(doc);
  const topologyOnly = unwrap(toKerasJson(doc, { includeGraph: false }, analysis));
  const withGraph = unwrap(toKerasJson(doc, {}, analysis));
  return {
    primitives: analysis.expanded.nodes.length,
    typescript: measure(() => toTypeScript(doc, {}, analysis), runs, 5),
    pytorch: measure(() => toPyTorch(doc, {}, analysis), runs, 5),
    kerasJson: measure(() => toKerasJson(doc, {}, analysis), runs, 5),
    importTopology: measure(() => importModelJson(topologyOnly), runs, 5),
    importWithGraph: measure(() => importModelJson(withGraph), runs, 5),
    typescriptBytes: unwrap(toTypeScript(doc, {}, analysis)).length,
  };
}

function main(): void {
  const docs: Record<string, GraphDoc> = {};
  for (const id of ['lenet5', 'vgg16', 'googlenet', 'resnet50'])
    docs[id] = getPreset(id)?.build() as GraphDoc;
  docs.resnet152 = resnet152();
  const results = Object.fromEntries(Object.entries(docs).map(([id, doc]) => [id, bench(doc, 30)]));
  const sources = new Map(Object.entries(docs).map(([id, doc]) => [`${id}.ts`, unwrap(toTypeScript(doc))]));
  const started = performance.now();
  const diagnostics = typeCheck(sources, join(process.cwd(), 'test', 'shared', 'codegen', '.generated'));
  const tscMs = Math.round(performance.now() - started);
  const r152 = results.resnet152 as ReturnType<typeof bench>;
  const pass =
    r152.typescript.medianMs < TARGET_MS && r152.pytorch.medianMs < TARGET_MS && diagnostics.length === 0;
  const file = writeResults('export', {
    machine: machine(),
    targetMs: TARGET_MS,
    results,
    tsc: { modules: sources.size, ms: tscMs, diagnostics: diagnostics.length },
    pass,
  });
  for (const [id, r] of Object.entries(results)) {
    console.log(
      `${id.padEnd(10)} ${String(r.primitives).padStart(4)} layers  ts ${r.typescript.medianMs} ms  ` +
        `pytorch ${r.pytorch.medianMs} ms  keras-json ${r.kerasJson.medianMs} ms  ` +
        `import ${r.importTopology.medianMs} ms (with graph ${r.importWithGraph.medianMs} ms)`,
    );
  }
  console.log(`tsc (one program, ${sources.size} modules): ${tscMs} ms; ${diagnostics.length} diagnostics`);
  console.log(`${pass ? 'pass' : 'MISSED'}: ResNet-152 exports under ${TARGET_MS} ms → ${file}`);
  process.exit(pass ? 0 : 1);
}

main();
