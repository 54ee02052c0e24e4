/**
 * The renderer's one door to the shared model core (catalog, analysis, graph helpers, presets). Everything
 * else in renderer/ imports from here, so the UI depends on a small, named surface and never on the core's
 * internals; shape logic stays in shared/, never in components.
 */
import type { GraphAnalysis, Shape } from '../../../shared/analysis/types';
import {
  blockEntry,
  type BlockLibrary,
  type GraphDoc,
  type GraphNode,
  type SubGraph,
} from '../../../shared/graph/schema';
import type { LayerCategory, LayerKindDef } from '../../../shared/layers/types';
import { LAYER_CATEGORIES } from '../../../shared/layers/types';
import { getKind, isLayerKind, kindsByCategory, resolveParams } from '../../../shared/layers/registry';
import { BODY_INPUT_ID } from '../../../shared/layers/common/body';
import { analyzeGraph, createAnalyzer } from '../../../shared/analysis/analyze';
import {
  addNode,
  canConnect,
  connect,
  disconnect,
  emptyGraph,
  moveNodes as moveNodesCore,
  removeNodes,
  renameNode as renameNodeCore,
  setBody as setBodyCore,
  setTrainable as setTrainableCore,
  updateParams,
} from '../../../shared/graph/edit';
import { parseGraphDoc } from '../../../shared/graph/migrate';
import { groupNodes } from '../../../shared/graph/group';
import {
  blockContains,
  blockOfNode,
  blockUses,
  GROUP_KIND,
  groupNotation,
  newBlockId,
  removeBlock,
  renameBlock,
} from '../../../shared/graph/library';
import {
  publishedText,
  getPreset,
  plottedAccuracy,
  presets,
  type PlottedAccuracy,
  type PublishedResult,
} from '../../../shared/presets/index';
import {
  insertAfter as insertAfterCore,
  insertOnEdge as insertOnEdgeCore,
  removeNodesReconnecting,
  spliceNodeIntoEdge,
} from '../../../shared/graph/splice';
import { freeSpot, roomBetween } from '../../../shared/graph/place';

export type { GraphAnalysis, LayerKindDef };

// What the rest of the UI uses of the file format, the code generators, the training checks and the dataset
// fit (the values; their types may be imported from shared/ directly).
export { MAX_PROJECT_BYTES, PROJECT_FORMAT, PROJECT_VERSION } from '../../../shared/graph/project';
export { scanJsonText } from '../../../shared/graph/json-text';
export { exportText, FORMAT_INFO, suggestedFileName, TEXT_FORMATS } from '../../../shared/codegen/export';
export { onnxBytes } from '../../../shared/codegen/onnx/export';
export { importModelJson, IMPORT_LIMITS, kerasBinaryRefusal } from '../../../shared/codegen/import/import';
export { ImportErrorCode } from '../../../shared/codegen/import/source';
export { FaithfulCode } from '../../../shared/codegen/import/faithful';
export { estimateTrainingMemory, formatBytes } from '../../../shared/analysis/memory';
export { unsupportedForTraining, withFix } from '../../../shared/analysis/training-support';
export { checkDatasetFit } from '../../../shared/datasets/fit';
export {
  BUILT_IN_DATASETS,
  BUILT_IN_INFO,
  builtInImageShape,
  isBuiltInDataset,
} from '../../../shared/datasets/builtin';
export { describeTransform, transformedShape } from '../../../shared/datasets/transform';
export { setInputShape } from '../../../shared/graph/input-shape';

/** In a block body, edges from this id carry the block's input. */
export const BLOCK_INPUT_ID = BODY_INPUT_ID;

export const CATEGORY_LABELS: Readonly<Record<LayerCategory, string>> = {
  io: 'Input/Output',
  convolution: 'Convolution',
  pooling: 'Pooling',
  blocks: 'Blocks',
  dense: 'Dense',
  normalization: 'Normalization',
  activation: 'Activation',
  merge: 'Merge',
};

export const kindDef = (kind: string): LayerKindDef | undefined => getKind(kind);

/**
 * Palette groups in catalog order. The generic user block (`group`) is not listed: a user block is placed
 * from "My blocks" (the document's library), which gives it its definition.
 */
export function paletteGroups(): {
  category: LayerCategory;
  label: string;
  kinds: readonly LayerKindDef[];
}[] {
  return LAYER_CATEGORIES.map((category) => ({
    category,
    label: CATEGORY_LABELS[category],
    kinds: kindsByCategory[category].filter((def) => def.kind !== GROUP_KIND),
  })).filter((group) => group.kinds.length > 0);
}

/**
 * Key parameters in the seeds' notation (the catalog's notation()); the label when params are invalid. A
 * user block reads as its library entry (`conv-bn-relu · 3 layers`).
 */
export function notationOf(node: GraphNode, blocks?: BlockLibrary): string {
  const def = getKind(node.kind);
  if (def === undefined) return node.kind;
  const entry = blockOfNode(blocks, node);
  if (entry !== undefined) return groupNotation(entry);
  const params = resolveParams(def, node.params);
  return params.ok ? def.notation(params.value) : def.label;
}

/** Inception, Residual and user blocks: kinds that expand into a body the user can open. */
export const isBlockKind = (kind: string): boolean => getKind(kind)?.expand !== undefined;

/** A user block: its body is a library entry shared by every node naming it. */
export const isGroupKind = (kind: string): boolean => kind === GROUP_KIND;

export {
  emptyGraph,
  blockContains,
  blockEntry,
  blockOfNode,
  blockUses,
  GROUP_KIND,
  groupNodes,
  newBlockId,
  removeBlock,
  renameBlock,
};

/** An incremental analyzer: unchanged nodes keep their NodeAnalysis objects across updates. */
export function createLiveAnalyzer(): (doc: GraphDoc) => GraphAnalysis {
  const analyzer = createAnalyzer();
  return (doc) => analyzer.update(doc);
}

export const analyzeDoc = (doc: GraphDoc): GraphAnalysis => analyzeGraph(doc);

/**
 * The branches a block generates from its parameters and input shape (what the user edits after opening it);
 * a user block's library definition as it is.
 */
export function generatedBody(node: GraphNode, input: Shape | null, blocks?: BlockLibrary): SubGraph {
  const def = getKind(node.kind);
  if (def?.expand === undefined) return { nodes: [], edges: [] };
  if (node.kind === GROUP_KIND) return blockOfNode(blocks, node)?.body ?? { nodes: [], edges: [] };
  const params = resolveParams(def, node.params);
  if (!params.ok) return { nodes: [], edges: [] };
  const body = def.expand(params.value, input);
  // The core places parts on a 180 px grid; our nodes are wider, so spread the columns for display.
  return {
    ...body,
    nodes: body.nodes.map((n) => ({ ...n, position: { x: n.position.x * 1.3, y: n.position.y } })),
  };
}

export function insertNode(
  doc: GraphDoc,
  kind: string,
  position: { x: number; y: number },
  params?: GraphNode['params'],
): { doc: GraphDoc; nodeId: string } {
  if (!isLayerKind(kind)) return { doc, nodeId: '' };
  return addNode(doc, kind, position, params);
}

export type ConnectionCheck =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

export function checkConnection(doc: GraphDoc, source: string, target: string): ConnectionCheck {
  const result = canConnect(doc, source, target);
  return result.ok ? { ok: true } : { ok: false, code: result.error.code, message: result.error.message };
}

export function connectNodes(doc: GraphDoc, source: string, target: string): GraphDoc {
  const result = connect(doc, source, target);
  return result.ok ? result.value.doc : doc;
}

/** Deletes nodes and wires; with `reconnect`, a deleted run's single input is wired to what it fed. */
export function deleteElements(
  doc: GraphDoc,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
  opts: { reconnect?: boolean } = {},
): GraphDoc {
  const withoutEdges = edgeIds.length > 0 ? disconnect(doc, edgeIds) : doc;
  if (nodeIds.length === 0) return withoutEdges;
  return opts.reconnect === true
    ? removeNodesReconnecting(withoutEdges, nodeIds)
    : removeNodes(withoutEdges, nodeIds);
}

/** A new `kind` layer after `anchorId`, taking over the wires that left it. */
export function insertAfter(
  doc: GraphDoc,
  anchorId: string,
  kind: string,
  position: { x: number; y: number },
  params?: GraphNode['params'],
): { doc: GraphDoc; nodeId: string } {
  if (!isLayerKind(kind)) return { doc, nodeId: '' };
  return insertAfterCore(doc, anchorId, kind, position, params);
}

/** A new `kind` layer spliced into a wire; null when the layer cannot take an input or the wire is gone. */
export function insertOnEdge(
  doc: GraphDoc,
  edgeId: string,
  kind: string,
  position: { x: number; y: number },
  params?: GraphNode['params'],
): { doc: GraphDoc; nodeId: string } | null {
  if (!isLayerKind(kind)) return null;
  return insertOnEdgeCore(doc, edgeId, kind, position, params);
}

export { freeSpot, roomBetween, spliceNodeIntoEdge };

export const setParams = (doc: GraphDoc, nodeId: string, patch: GraphNode['params']): GraphDoc =>
  updateParams(doc, nodeId, patch);
export const renameNode = (doc: GraphDoc, nodeId: string, name: string): GraphDoc =>
  renameNodeCore(doc, nodeId, name);
export const setTrainable = (doc: GraphDoc, nodeId: string, trainable: boolean): GraphDoc =>
  setTrainableCore(doc, nodeId, trainable);
export const moveNodes = (
  doc: GraphDoc,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): GraphDoc => moveNodesCore(doc, positions);
export const setBody = (doc: GraphDoc, nodeId: string, body: GraphNode['body']): GraphDoc =>
  setBodyCore(doc, nodeId, body);

export type ParsedDoc =
  | { readonly ok: true; readonly doc: GraphDoc }
  | { readonly ok: false; readonly code: string; readonly message: string };

export function parseDoc(data: unknown): ParsedDoc {
  const result = parseGraphDoc(data);
  return result.ok
    ? { ok: true, doc: result.value }
    : { ok: false, code: result.error.code, message: result.error.message };
}

export interface PresetCard {
  readonly id: string;
  readonly name: string;
  readonly year: number;
  readonly description: string;
  readonly headline: string;
  readonly published: readonly PublishedResult[];
  /** Why it can be analysed and exported but not trained here (see PresetInfo), when that is so. */
  readonly shapeAnalysisOnly?: string;
}

export const presetList = (): readonly PresetCard[] =>
  presets.map(({ id, name, year, description, headline, published, shapeAnalysisOnly }) => ({
    id,
    name,
    year,
    description,
    headline,
    published,
    ...(shapeAnalysisOnly === undefined ? {} : { shapeAnalysisOnly }),
  }));

export { plottedAccuracy, publishedText };
export type { PlottedAccuracy, PublishedResult };

// Documents are immutable, so each preset is built once and shared by every open of it.
const built = new Map<string, GraphDoc>();

export function presetDoc(id: string): GraphDoc | undefined {
  let doc = built.get(id);
  if (doc === undefined) {
    doc = getPreset(id)?.build();
    if (doc !== undefined) built.set(id, doc);
  }
  return doc;
}
