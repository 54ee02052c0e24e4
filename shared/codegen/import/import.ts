import type { StrideError } from '../../api/errors';
import type { LayerCount } from './faithful';
import type { ManifestWeight } from '../onnx/weights';
import type { Diagnostic } from '../../analysis/types';
import type { GraphDoc } from '../../graph/schema';
import type { ImportIssue } from './build-graph';
import type { KerasSource } from './source';
import { analyzeGraph } from '../../analysis/analyze';
import { parseGraphDoc } from '../../graph/migrate';
import { GRAPH_LIMITS, GRAPH_VERSION } from '../../graph/schema';
import { toKerasTopology } from '../keras-topology';
import { kerasModelConfig } from '../keras-json';
import { buildGraph } from './build-graph';
import { checkCounts, embeddedTargets, FaithfulCode, layerTargets } from './faithful';
import { flattenNested } from './nested';
import { ImportIssueCode, mapLayer } from './keras-layers';
import { layeredLayout } from './layout';
import { readKerasSource } from './source';

export type { ImportIssue } from './build-graph';
export { IMPORT_LIMITS, ImportErrorCode } from './source';
export { ImportIssueCode } from './keras-layers';
export { FaithfulCode, type LayerCount } from './faithful';

export interface ImportReport {
  /** Where the graph came from: Stride's own graph kept in the file, or the Keras topology. */
  readonly source: 'stride-graph' | 'keras-functional' | 'keras-sequential';
  /** Keras layers read (the input layer included; nested models opened). */
  readonly layers: number;
  readonly nodes: number;
  /** What could not be carried over exactly; empty when the import is faithful. */
  readonly issues: readonly ImportIssue[];
  /** Errors the analysis finds in the imported graph (shown on the canvas like any other). */
  readonly diagnostics: readonly Diagnostic[];
  /** Parameters of the imported graph (Stride's analysis). */
  readonly params: number;
  /** Elements of the file's weight specs (tfjs manifest); null when the file has no manifest (Keras JSON). */
  readonly fileParams: number | null;
  /** Per layer with weights: Stride's count and the file's (only when the file has a manifest). */
  readonly counts: readonly LayerCount[];
  /** True when the graph is the file's network exactly; false only for a --lenient approximation. */
  readonly faithful: boolean;
  /** Models used as layers that were opened into the graph (Teachable Machine, wrapped applications). */
  readonly nestedModels: number;
}

export interface ImportResult {
  readonly doc: GraphDoc;
  readonly report: ImportReport;
  /** The file's weight specs (tfjs manifest), to read its shards by; null when it has none. */
  readonly manifest: readonly ManifestWeight[] | null;
}

export interface ImportOptions {
  /**
   * Import an approximation when the file cannot be represented exactly (layers left out and bridged, another
   * activation, counts that differ) instead of refusing it; the report and the graph's description say what
   * changed. Off by default: an import is the file's network or nothing.
   */
  readonly lenient?: boolean;
}

/** A refusal: `error` sums it up, `errors` names each layer Stride cannot represent (and both counts). */
export type ImportModelResult =
  | { readonly ok: true; readonly value: ImportResult }
  | { readonly ok: false; readonly error: StrideError; readonly errors: readonly StrideError[] };

function refuse(error: StrideError, errors: readonly StrideError[] = [error]): ImportModelResult {
  return { ok: false, error, errors };
}

const asError = (i: ImportIssue): StrideError => ({
  code: i.code,
  severity: 'error',
  nodeId: i.nodeId,
  message: i.message.startsWith(i.layer)
    ? i.message
    : `${i.layer} (${i.className}): ${i.reason ?? i.message}`,
});

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

/** Everything that makes the graph differ from the file, as one sentence per change. */
function describeChanges(issues: readonly ImportIssue[], params: number, fileParams: number | null): string {
  const counts =
    fileParams === null
      ? `Stride counts ${params} parameters (the file gives no weight specs to compare).`
      : `Stride counts ${params} parameters; the file's weights hold ${fileParams}.`;
  const listed = issues.slice(0, 20).map((i) => `- ${i.message}`);
  if (issues.length > 20) listed.push(`- … and ${issues.length - 20} more`);
  return `Approximate import (lenient): not the file's network exactly. ${counts}\n${listed.join('\n')}`;
}

/**
 * A tfjs model.json or Keras model JSON → a GraphDoc laid out top to bottom, exactly or not at all: every
 * layer represented as it is in the file and, when the file has a weights manifest, every layer's parameter
 * count equal to its weight specs'. Otherwise a refusal naming each layer (IMPORT_NOT_FAITHFUL,
 * IMPORT_PARAM_MISMATCH), or with `lenient` an approximation whose report and description say what changed.
 * Malformed or hostile input ends as one coded error; nothing is executed.
 */
export function importModelJson(text: string, options: ImportOptions = {}): ImportModelResult {
  const read = readKerasSource(text);
  if (!read.ok) return refuse(read.error);
  const flat = flattenNested(read.value);
  if (!flat.ok) return refuse(flat.error);
  const source = flat.value;
  const nestedModels = read.value.layers.length === 0 ? 0 : countNested(read.value.layers);
  const embedded = embeddedGraph(source);
  if (embedded !== null) {
    const analysis = analyzeGraph(embedded);
    const counts =
      source.manifest === null ? null : checkCounts(embeddedTargets(embedded, analysis), source.manifest);
    if (counts !== null && counts.mismatches.length > 0 && options.lenient !== true)
      return refused(counts.mismatches, FaithfulCode.paramMismatch);
    return done({
      doc: embedded,
      manifest: source.manifest,
      report: {
        source: 'stride-graph',
        layers: source.layers.length,
        nodes: embedded.nodes.length,
        issues: counts?.mismatches ?? [],
        diagnostics: analysis.diagnostics.filter((d) => d.severity === 'error'),
        params: analysis.totals.params,
        fileParams: counts?.fileParams ?? null,
        counts: counts?.layers ?? [],
        faithful: (counts?.mismatches.length ?? 0) === 0,
        nestedModels,
      },
    });
  }
  const built = buildGraph(source);
  if (!built.ok) return refuse(built.error);
  const { issues, axes } = built.value;
  if (built.value.nodes.length > GRAPH_LIMITS.maxNodes) {
    return refuse(
      failure('IMPORT_TOO_MANY_LAYERS', `The graph would have ${built.value.nodes.length} nodes.`),
    );
  }
  const flavour = source.flavour === 'sequential' ? 'Sequential' : 'functional';
  const raw = {
    version: GRAPH_VERSION,
    name: source.name,
    description: `Imported from a Keras ${flavour} model${nestedModels > 0 ? ` (${nestedModels} nested model(s) opened into one graph)` : ''}.`,
    nodes: layeredLayout(built.value.nodes, built.value.edges),
    edges: built.value.edges,
  };
  const parsed = parseGraphDoc(raw);
  if (!parsed.ok)
    return refuse(
      failure('IMPORT_INVALID_GRAPH', `The imported graph is not valid: ${parsed.error.message}`),
    );
  let doc = parsed.value;
  const representable = [...issues, ...axisIssues(doc, axes)];
  const analysis = analyzeGraph(doc);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  const counts =
    source.manifest === null
      ? null
      : checkCounts(layerTargets(doc, analysis, source.layers), source.manifest);
  const mismatches = counts?.mismatches ?? [];
  if (options.lenient !== true) {
    if (representable.length > 0) return refused([...representable, ...mismatches], FaithfulCode.notFaithful);
    if (mismatches.length > 0) return refused(mismatches, FaithfulCode.paramMismatch);
    if (errors.length > 0) {
      const list = errors.map((d): StrideError => ({
        ...d,
        message: `${d.nodeId ?? '-'}: [${d.code}] ${d.message}`,
      }));
      return refuse(
        failure(
          FaithfulCode.notFaithful,
          `The imported graph has ${errors.length} error(s), so it is not the file's network; first: ${list[0]?.message ?? ''}`,
        ),
        list,
      );
    }
  }
  const all = [...representable, ...mismatches.map((m) => ({ ...m, severity: 'warning' as const }))];
  const faithful = all.length === 0 && errors.length === 0;
  if (!faithful) {
    const note = describeChanges(all, analysis.totals.params, counts?.fileParams ?? null);
    doc = {
      ...doc,
      description: `${doc.description}\n\n${note}`.slice(0, GRAPH_LIMITS.maxDescriptionLength),
    };
  }
  return done({
    doc,
    manifest: source.manifest,
    report: {
      source: source.flavour === 'sequential' ? 'keras-sequential' : 'keras-functional',
      layers: source.layers.length,
      nodes: doc.nodes.length,
      issues: all,
      diagnostics: errors,
      params: analysis.totals.params,
      fileParams: counts?.fileParams ?? null,
      counts: counts?.layers ?? [],
      faithful,
      nestedModels,
    },
  });
}

function countNested(
  layers: readonly { readonly nested?: { readonly layers: readonly unknown[] } | undefined }[],
): number {
  let n = 0;
  for (const l of layers) if (l.nested !== undefined) n += 1 + countNested(l.nested.layers as typeof layers);
  return n;
}

const done = (value: ImportResult): ImportModelResult => ({ ok: true, value });

function failure(code: string, message: string): StrideError {
  return { code, severity: 'error', nodeId: null, message };
}

/** The refusal of a file Stride cannot represent exactly: one error per layer, summed up under `code`. */
function refused(list: readonly ImportIssue[], code: string): ImportModelResult {
  const errors = list.map(asError);
  const layers = [...new Set(list.map((i) => i.layer))];
  return refuse(
    failure(
      code,
      `Not imported: ${layers.length} layer(s) Stride cannot represent exactly (${layers.slice(0, 8).join(', ')}${layers.length > 8 ? ', …' : ''}); first: ${errors[0]?.message ?? ''} Use --lenient to import an approximation.`,
    ),
    errors,
  );
}

/**
 * Keras's own files (.h5 / .hdf5, and .keras: a zip holding HDF5 weights) need an HDF5 reader, which Stride does
 * not ship: refused by name, with the conversion that makes them importable.
 */
export function kerasBinaryRefusal(fileName: string): StrideError | null {
  if (!/\.(h5|hdf5|keras)$/i.test(fileName)) return null;
  return failure(
    'IMPORT_KERAS_BINARY',
    `${fileName} is a Keras HDF5/.keras file, which Stride does not read (it would need an HDF5 library). Convert it ` +
      'to a TensorFlow.js layers model — tensorflowjs_converter --input_format keras model.h5 out/ — and import ' +
      'out/model.json (its weight shards come along), or save the topology with model.to_json().',
  );
}
