import type { Result } from '../../api/errors';
import type { Diagnostic } from '../../analysis/types';
import type { GraphDoc } from '../../graph/schema';
import type { ImportIssue } from './build-graph';
import type { KerasSource } from './source';
import { fail, ok } from '../../api/errors';
import { analyzeGraph } from '../../analysis/analyze';
import { parseGraphDoc } from '../../graph/migrate';
import { GRAPH_LIMITS, GRAPH_VERSION } from '../../graph/schema';
import { toKerasTopology } from '../keras-topology';
import { kerasModelConfig } from '../keras-json';
import { buildGraph } from './build-graph';
import { ImportIssueCode, mapLayer } from './keras-layers';
import { layeredLayout } from './layout';
import { readKerasSource } from './source';

export type { ImportIssue } from './build-graph';
export { IMPORT_LIMITS, ImportErrorCode } from './source';
export { ImportIssueCode } from './keras-layers';

export interface ImportReport {
  /** Where the graph came from: Stride's own graph kept in the file, or the Keras topology. */
  readonly source: 'stride-graph' | 'keras-functional' | 'keras-sequential';
  /** Keras layers read (the input layer included). */
  readonly layers: number;
  readonly nodes: number;
  /** What could not be carried over exactly; empty when the import is faithful. */
  readonly issues: readonly ImportIssue[];
  /** Errors the analysis finds in the imported graph (shown on the canvas like any other). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface ImportResult {
  readonly doc: GraphDoc;
  readonly report: ImportReport;
}

export interface ImportOptions {
  /** Refuse the file when any layer cannot be represented exactly (instead of bridging it). */
  readonly strict?: boolean;
}

/** A comparable summary of a topology: per layer its name, class, inputs and what the importer makes of it. */
function fingerprint(source: KerasSource): string {
  return JSON.stringify(source.layers.map((l) => [l.name, l.className, l.inbound, mapLayer(l)]));
}

/**
 * The graph Stride's exporter kept beside the topology, when it still describes the same network (the file
 * may have been edited or retrained with another architecture since): its blocks, names and positions come
 * back exactly. Otherwise null and the topology is imported layer by layer.
 */
function embeddedGraph(source: KerasSource): GraphDoc | null {
  const meta = source.strideGraph;
  if (typeof meta !== 'object' || meta === null || !Object.hasOwn(meta, 'graph')) return null;
  const m = meta as Record<string, unknown>;
  if (m.format !== 'stride-graph' || m.version !== 1) return null;
  const parsed = parseGraphDoc(m.graph);
  if (!parsed.ok) return null;
  const topology = toKerasTopology(parsed.value);
  if (!topology.ok) return null;
  const again = readKerasSource(JSON.stringify(kerasModelConfig(topology.value)));
  return again.ok && fingerprint(again.value) === fingerprint(source) ? parsed.value : null;
}

function axisIssues(doc: GraphDoc, axes: ReadonlyMap<string, number>): ImportIssue[] {
  if (axes.size === 0) return [];
  const analysis = analyzeGraph(doc);
  const out: ImportIssue[] = [];
  for (const [id, axis] of axes) {
    const node = doc.nodes.find((n) => n.id === id);
    const rank = analysis.nodes.get(id)?.inputShapes[0]?.length;
    if (node === undefined || rank === undefined || axis === -1 || axis === rank) continue;
    out.push({
      code: ImportIssueCode.axis,
      severity: 'warning',
      layer: node.name,
      className: node.kind,
      nodeId: id,
      message: `'${node.name}' works on axis ${axis} of a rank-${rank + 1} tensor; Stride uses the last axis (channels).`,
    });
  }
  return out;
}

/**
 * A tfjs model.json or Keras model JSON → a GraphDoc laid out top to bottom, with a report of everything that
 * could not be carried over. Malformed or hostile input ends as one coded error; nothing is executed.
 */
export function importModelJson(text: string, options: ImportOptions = {}): Result<ImportResult> {
  const read = readKerasSource(text);
  if (!read.ok) return read;
  const source = read.value;
  const embedded = embeddedGraph(source);
  if (embedded !== null) {
    const analysis = analyzeGraph(embedded);
    return ok({
      doc: embedded,
      report: {
        source: 'stride-graph',
        layers: source.layers.length,
        nodes: embedded.nodes.length,
        issues: [],
        diagnostics: analysis.diagnostics.filter((d) => d.severity === 'error'),
      },
    });
  }
  const built = buildGraph(source);
  if (!built.ok) return built;
  const { issues, axes } = built.value;
  if (built.value.nodes.length > GRAPH_LIMITS.maxNodes) {
    return fail('IMPORT_TOO_MANY_LAYERS', `The graph would have ${built.value.nodes.length} nodes.`);
  }
  const raw = {
    version: GRAPH_VERSION,
    name: source.name,
    description: `Imported from a Keras ${source.flavour === 'sequential' ? 'Sequential' : 'functional'} model.`,
    nodes: layeredLayout(built.value.nodes, built.value.edges),
    edges: built.value.edges,
  };
  const parsed = parseGraphDoc(raw);
  if (!parsed.ok)
    return fail('IMPORT_INVALID_GRAPH', `The imported graph is not valid: ${parsed.error.message}`);
  const doc = parsed.value;
  const all = [...issues, ...axisIssues(doc, axes)];
  if (options.strict === true && all.length > 0) {
    const first = all[0] as ImportIssue;
    return fail(first.code, `${all.length} layer(s) cannot be imported exactly; first: ${first.message}`);
  }
  const analysis = analyzeGraph(doc);
  return ok({
    doc,
    report: {
      source: source.flavour === 'sequential' ? 'keras-sequential' : 'keras-functional',
      layers: source.layers.length,
      nodes: doc.nodes.length,
      issues: all,
      diagnostics: analysis.diagnostics.filter((d) => d.severity === 'error'),
    },
  });
}
