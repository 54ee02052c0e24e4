// `npm run bench` → bench-results/blocks.json: user blocks (the document's block library) at scale. The
// 5,000-node residual graph of analysis.bench.ts, rebuilt as 1,248 uses of ONE library block (conv → BN →
// ReLU → Add with the block input), checked to give the same totals, then: full analysis, an edit of the
// shared definition (every use re-analysed), an edit after all the uses, and Group/Ungroup-sized core edits.
// Then block bombs (test/fixtures/block-bomb.ts): the refusal of five blocks × 16 uses (a million layers),
// counted before expansion, and a nest that fits (three × 16: 4,096 convs, each block walked once and copied)
// against the same 4,096 convs as a flat chain of user nodes.
import type { GraphDoc, GraphNode, SubGraph } from '../../shared/graph/schema';
import { analyzeGraph, createAnalyzer } from '../../shared/analysis/analyze';
import { updateParams } from '../../shared/graph/edit';
import { groupNodes } from '../../shared/graph/group';
import { setBlock } from '../../shared/graph/library';
import { blockEntry } from '../../shared/graph/schema';
import { blockBomb } from '../fixtures/block-bomb';
import { bigGraph } from './graphs';
import { machine, measure, writeResults } from './measure';

const conv = (activation: string) => ({
  filters: 16,
  kernel: 3,
  stride: 1,
  padding: 'same',
  dilation: 1,
  activation,
  useBias: false,
});

function unitBody(activation: string): SubGraph {
  const node = (id: string, kind: string, params: GraphNode['params'], y: number): GraphNode => ({
    id,
    kind,
    name: id,
    params,
    position: { x: 0, y },
  });
  return {
    nodes: [
      node('conv', 'conv2d', conv(activation), 0),
      node('bn', 'batchnorm', { momentum: 0.99, epsilon: 0.001, center: true, scale: true }, 100),
      node('relu', 'activation', { activation: 'relu', alpha: 0 }, 200),
      node('add', 'add', {}, 300),
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'conv', targetPort: 0 },
      { id: 'e2', source: 'conv', target: 'bn', targetPort: 0 },
      { id: 'e3', source: 'bn', target: 'relu', targetPort: 0 },
      { id: 'e4', source: 'relu', target: 'add', targetPort: 0 },
      { id: 'e5', source: 'in', target: 'add', targetPort: 1 },
    ],
  };
}

/** bigGraph(count) with every conv → BN → ReLU → Add unit replaced by a use of one library block. */
function blockedGraph(count: number): GraphDoc {
  const nodes: GraphNode[] = [];
  const edges: GraphDoc['edges'] = [];
  const add = (kind: string, params: GraphNode['params']) => {
    const id = `n${nodes.length}`;
    const prev = nodes.at(-1);
    nodes.push({ id, kind, name: id, params, position: { x: 0, y: nodes.length * 100 } });
    if (prev !== undefined)
      edges.push({ id: `e${edges.length}`, source: prev.id, target: id, targetPort: 0 });
  };
  add('input', { shape: [32, 32, 16] });
  let units = 0;
  while (1 + 4 * (units + 1) <= count - 2) units += 1;
  for (let i = 0; i < units; i += 1) add('group', { blockId: 'unit' });
  for (let i = 1 + 4 * units; i < count - 1; i += 1) add('dropout', { rate: 0.1 });
  add('globalavgpool', {});
  return {
    version: 1,
    name: 'user blocks',
    description: 'benchmark',
    nodes,
    edges,
    blocks: { unit: { name: 'residual unit', body: unitBody('linear') } },
  };
}

function main(): void {
  const big = bigGraph(5_000);
  const blocked = blockedGraph(5_000);
  const flatTotals = analyzeGraph(big).totals;
  const blockedAnalysis = analyzeGraph(blocked);
  const sameTotals = JSON.stringify(blockedAnalysis.totals) === JSON.stringify(flatTotals);
  if (!blockedAnalysis.ok || !sameTotals) throw new Error('the user-block graph does not match the flat one');

  // Edit the shared definition: every use is revisited (its outcome read that library entry).
  const definitionEdit = (doc: GraphDoc, runs: number) => {
    const analyzer = createAnalyzer();
    analyzer.update(doc);
    const unit = blockEntry(doc.blocks, 'unit');
    if (unit === undefined) throw new Error('no unit block');
    const definitions = [setBlock(doc, 'unit', { ...unit, body: unitBody('tanh') }), doc];
    let i = 0;
    return measure(() => void analyzer.update(definitions[i++ % 2] as GraphDoc), runs, 5);
  };
  // ResNet-152 has 50 blocks: a realistic number of uses of one definition.
  const fifty = blockedGraph(1 + 4 * 50 + 2);

  // An edit after every use: the uses are not revisited.
  const tail = blocked.nodes.at(-2)?.id ?? '';
  const late = [updateParams(blocked, tail, { rate: 0.2 }), updateParams(blocked, tail, { rate: 0.3 })];
  const analyzer2 = createAnalyzer();
  analyzer2.update(blocked);
  let j = 0;
  const lateEdit = measure(() => void analyzer2.update(late[j++ % 2] as GraphDoc), 300, 20);

  // Group: one residual unit in the middle of the flat 5,000-node graph (the core edit behind Ctrl+G).
  const middle = ['n2501', 'n2502', 'n2503', 'n2504'];
  const group = measure(
    () => {
      const result = groupNodes(big, middle);
      if (!result.ok) throw new Error(result.error.message);
    },
    100,
    10,
  );

  // The nest that fits, and the same network with every block opened (one user node per primitive).
  const nest = blockBomb(3, 16);
  const nestAnalysis = analyzeGraph(nest);
  const flatNest: GraphDoc = {
    ...nest,
    blocks: {},
    nodes: nestAnalysis.expanded.nodes.map((n, i) => ({
      id: n.id,
      kind: n.kind,
      name: n.name,
      params: n.params as GraphNode['params'],
      position: { x: 0, y: i * 100 },
    })),
    edges: nestAnalysis.expanded.edges.map((e, i) => ({ id: `e${i}`, ...e })),
  };
  if (JSON.stringify(analyzeGraph(flatNest).totals) !== JSON.stringify(nestAnalysis.totals))
    throw new Error('the flat nest does not match the nested one');
  const bomb = blockBomb(5, 16);
  if (analyzeGraph(bomb).diagnostics[0]?.code !== 'GRAPH_TOO_LARGE')
    throw new Error('the bomb was not refused');

  const results = {
    refuseBomb5x16: measure(() => analyzeGraph(bomb), 200, 20),
    fullAnalysisNest3x16: measure(() => analyzeGraph(nest), 20, 3),
    fullAnalysisFlatNest4096: measure(() => analyzeGraph(flatNest), 20, 3),
    fullAnalysis1248Uses: measure(() => analyzeGraph(blocked), 40, 5),
    fullAnalysisFlat5000: measure(() => analyzeGraph(big), 40, 5),
    definitionEdit50Uses: definitionEdit(fifty, 200),
    definitionEdit1248Uses: definitionEdit(blocked, 40),
    editAfterAllUses: lateEdit,
    groupFourOf5000: group,
  };
  const report = {
    generatedAt: new Date().toISOString(),
    machine: machine(),
    graphs: {
      flat: { userNodes: big.nodes.length },
      blocked: {
        userNodes: blocked.nodes.length,
        uses: blocked.nodes.filter((n) => n.kind === 'group').length,
      },
      sameTotals,
    },
    results,
    // A definition edit re-analyses every use: within a frame for 50 uses, and for 1,248 uses no dearer than
    // analysing the same network flat from scratch (2× allows for the noise of a shared machine). Edits
    // elsewhere keep the usual < 1 ms; Group is an O(nodes + edges) document edit.
    // A bomb is refused within a frame; a nest that fits costs no more than its layers laid out flat.
    targets: {
      refuseBombMs: 16.7,
      nestOverFlatFullAnalysis: 1,
      definitionEdit50UsesMs: 16.7,
      definitionEdit1248UsesOverFlatFullAnalysis: 2,
      editAfterAllUsesMs: 1,
      groupMs: 16.7,
    },
    pass: {
      refuseBomb: results.refuseBomb5x16.medianMs < 16.7,
      nest: results.fullAnalysisNest3x16.medianMs <= results.fullAnalysisFlatNest4096.medianMs,
      definitionEdit50Uses: results.definitionEdit50Uses.medianMs < 16.7,
      definitionEdit1248Uses:
        results.definitionEdit1248Uses.medianMs <= 2 * results.fullAnalysisFlat5000.medianMs,
      editAfterAllUses: results.editAfterAllUses.medianMs < 1,
      group: results.groupFourOf5000.medianMs < 16.7,
    },
  };
  const file = writeResults('blocks', report);
  for (const [k, v] of Object.entries(results))
    console.log(
      `  ${k.padEnd(26)} median ${String(v.medianMs).padStart(9)} ms   p95 ${String(v.p95Ms).padStart(9)} ms`,
    );
  console.log(`  targets met: ${JSON.stringify(report.pass)}`);
  console.log(`wrote ${file}`);
  if (!Object.values(report.pass).every(Boolean)) process.exitCode = 1;
}

main();
