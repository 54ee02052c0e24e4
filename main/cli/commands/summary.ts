import type { CliCommand } from '../command';
import type { GraphAnalysis, NodeAnalysis } from '../../../shared/analysis/types';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { summaryJson } from '../../../shared/analysis/summary';
import { failLine, parseCommandArgs } from '../args';
import { loadModel } from '../load-model';
import { summaryTable } from '../summary-table';

const USAGE = 'usage: stride summary <model.stride.json | graph.json | preset:<id>> [--json] [--expand]';

/** The expanded graph as rows: every primitive, blocks opened. */
function expandedRows(analysis: GraphAnalysis) {
  const g = analysis.expanded;
  return g.nodes.map((n) => {
    const a = analysis.primitives.get(n.id) as NodeAnalysis;
    return {
      layer: {
        id: n.id,
        name: n.name,
        kind: n.kind,
        outputShape: a.outputShape,
        params: a.params.total,
        trainableParams: a.params.trainable,
        macs: a.macs,
      },
      inputs: [...(g.inputsOf.get(n.id) ?? [])],
    };
  });
}

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'Keras-style table of a model: shapes, parameters, MACs, problems (--json, --expand)',
  async run(args) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, expand: { type: 'boolean' } });
    if (!parsed.ok) return failLine('summary', `${parsed.message}; ${USAGE}`);
    const [spec, extra] = parsed.value.positionals;
    if (spec === undefined || extra !== undefined) return failLine('summary', USAGE);
    const loaded = await loadModel(spec);
    if (!loaded.ok) return failLine('summary', `${loaded.error.message} [${loaded.error.code}]`);
    const doc = loaded.value.graph;
    const analysis = analyzeGraph(doc);
    const expand = parsed.value.flags.expand === true;
    if (parsed.value.flags.json === true) {
      const json = summaryJson(doc, analysis);
      const layers = expand ? expandedRows(analysis).map((r) => r.layer) : json.layers;
      process.stdout.write(`${JSON.stringify({ ...json, layers })}\n`);
    } else {
      process.stdout.write(summaryTable(doc, analysis, expand ? expandedRows(analysis) : undefined));
    }
    return analysis.ok ? 0 : 1;
  },
};
