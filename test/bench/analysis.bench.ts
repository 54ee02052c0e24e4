// `npm run bench` → bench-results/analysis.json: the live analysis against the targets of issue 3
// (full ResNet-152 < 5 ms, incremental < 1 ms, ≥ 100× faster than building the same model with tfjs-layers).
import * as tf from '@tensorflow/tfjs';
import type { GraphDoc } from '../../shared/graph/schema';
import { analyzeGraph, createAnalyzer } from '../../shared/analysis/analyze';
import { toKerasTopology } from '../../shared/codegen/keras-topology';
import { updateParams } from '../../shared/graph/edit';
import { buildModel } from '../../main/training/model/build';
import { bigGraph, flatResnet152, resnet152 } from './graphs';
import { machine, measure, writeResults } from './measure';

/** One parameter edit after another on a kept analyzer, toggling between two values. */
function incremental(
  doc: GraphDoc,
  nodeId: string,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  runs: number,
) {
  const analyzer = createAnalyzer();
  let current = doc;
  analyzer.update(current);
  const docs = [updateParams(doc, nodeId, a as never), updateParams(doc, nodeId, b as never)];
  let i = 0;
  return measure(() => {
    current = docs[i++ % 2] as GraphDoc;
    analyzer.update(current);
  }, runs);
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const r152 = resnet152();
  const flat = flatResnet152();
  const big = bigGraph(5_000);
  const primitives = analyzeGraph(r152).expanded.nodes.length;
  const conv = (filters: number) => ({ filters });

  const results = {
    fullResnet152: measure(() => analyzeGraph(r152), 300, 50),
    fullResnet152Flat: measure(() => analyzeGraph(flat), 200, 30),
    full5000Nodes: measure(() => analyzeGraph(big), 40, 5),
    // A block's width in the middle of stage 3: its shape changes, so the cone is the rest of the network.
    incrementalResnet152MidWidth: incremental(r152, 'layer3_17', { width: 192 }, { width: 256 }, 300),
    incrementalResnet152Activation: incremental(
      flat,
      'layer3_17/relu1',
      { activation: 'tanh' },
      { activation: 'relu' },
      300,
    ),
    incremental5000Activation: incremental(big, 'n2502', { activation: 'tanh' }, { activation: 'relu' }, 300),
    incremental5000LateShape: incremental(big, 'n4989', conv(8), conv(16), 100),
    incremental5000FirstShape: incremental(big, 'n1', conv(8), conv(16), 20),
  };

  const topology = toKerasTopology(r152);
  if (!topology.ok) throw new Error(topology.error.message);
  const buildOnce = (initializer: 'default' | 'zeros') => () =>
    buildModel(topology.value, { initializer }).dispose();
  const tfjsBuildResnet152 = measure(buildOnce('default'), 3, 1);
  const tfjsBuildResnet152ZeroInit = measure(buildOnce('zeros'), 5, 1);

  const ratio = Math.round(tfjsBuildResnet152.medianMs / results.fullResnet152.medianMs);
  const ratioZeroInit = Math.round(tfjsBuildResnet152ZeroInit.medianMs / results.fullResnet152.medianMs);
  const report = {
    generatedAt: new Date().toISOString(),
    machine: machine(),
    graphs: {
      resnet152: { userNodes: r152.nodes.length, primitives },
      resnet152Flat: { userNodes: flat.nodes.length },
      big: { userNodes: big.nodes.length },
    },
    results: { ...results, tfjsBuildResnet152, tfjsBuildResnet152ZeroInit },
    speedup: { tfjsBuildOverFullAnalysis: ratio, tfjsZeroInitBuildOverFullAnalysis: ratioZeroInit },
    targets: { fullResnet152Ms: 5, incrementalMs: 1, speedupOverTfjs: 100 },
    pass: {
      fullResnet152: results.fullResnet152.medianMs < 5,
      incrementalResnet152: results.incrementalResnet152MidWidth.medianMs < 1,
      incremental5000Activation: results.incremental5000Activation.medianMs < 1,
      speedup: ratio >= 100,
    },
  };
  const file = writeResults('analysis', report);
  const rows = Object.entries(report.results).map(
    ([k, v]) =>
      `  ${k.padEnd(34)} median ${String(v.medianMs).padStart(9)} ms   p95 ${String(v.p95Ms).padStart(9)} ms`,
  );
  console.log(`analysis benchmark (${report.machine.cpu}, load ${report.machine.loadAverage.join(' ')})`);
  console.log(rows.join('\n'));
  console.log(`  tfjs build / full analysis: ${ratio}× (zeros init: ${ratioZeroInit}×)`);
  console.log(`  targets met: ${JSON.stringify(report.pass)}`);
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
