import type { GraphAnalysis } from '../../analysis/types';
import type { GraphDoc } from '../../graph/schema';
import type { ManifestWeight } from '../onnx/weights';
import type { ImportIssue } from './build-graph';
import type { RawLayer } from './source';
import { toKerasTopology } from '../keras-topology';
import { weightLayers } from '../onnx/weights';

/**
 * The faithfulness check of a Keras/tfjs import: for every layer of the file, the parameters Stride's
 * analysis counts for the node it became against the elements of the weights the file's manifest gives that
 * layer (its weight specs' shapes). Equal everywhere, or the import is refused (strict) or says so (lenient):
 * a network is never imported as a different one without a word.
 */
export const FaithfulCode = {
  notFaithful: 'IMPORT_NOT_FAITHFUL',
  paramMismatch: 'IMPORT_PARAM_MISMATCH',
} as const;

/** One layer's count on both sides. */
export interface LayerCount {
  /** The layer's name in the file (which names its weights). */
  readonly layer: string;
  readonly className: string;
  /** The node it became; null when it was left out. */
  readonly nodeId: string | null;
  /** What Stride's analysis counts for that node (0 when left out). */
  readonly params: number;
  /** The elements of the file's weights for the layer. */
  readonly fileParams: number;
  /** The tfjs layer name Stride builds the node as (its weights are `<strideLayer>/<weight>`). */
  readonly strideLayer: string | null;
}

/** A layer of the file and what Stride made of it. */
export interface LayerTarget {
  readonly layer: string;
  readonly className: string;
  readonly nodeId: string | null;
  readonly params: number;
  readonly strideLayer: string | null;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The layer a manifest weight belongs to and the weight's own name: `conv1/kernel` → conv1, kernel; a nested
 * model's `model1/conv1/kernel` → conv1 (the longest tail of the path that names a layer); `:0` dropped.
 */
export function weightOwner(
  weightName: string,
  layers: ReadonlySet<string>,
): { readonly layer: string; readonly suffix: string } | null {
  const parts = weightName.replace(/:\d+$/, '').split('/');
  const suffix = parts.pop();
  if (suffix === undefined) return null;
  for (let i = 0; i < parts.length; i += 1) {
    const layer = parts.slice(i).join('/');
    if (layers.has(layer)) return { layer, suffix };
  }
  return null;
}

/** Each file layer → its node, Stride's count for it and the tfjs layer name Stride builds it as. */
export function layerTargets(
  doc: GraphDoc,
  analysis: GraphAnalysis,
  layers: readonly RawLayer[],
): LayerTarget[] {
  const byName = new Map(doc.nodes.map((n) => [n.name, n]));
  const topology = analysis.ok ? toKerasTopology(doc, analysis) : null;
  const main = topology?.ok === true ? weightLayers(topology.value) : new Map<string, { name: string }>();
  return layers.map((l) => {
    const node = byName.get(l.name);
    return {
      layer: l.name,
      className: l.className,
      nodeId: node?.id ?? null,
      params: node === undefined ? 0 : (analysis.nodes.get(node.id)?.params.total ?? 0),
      strideLayer: node === undefined ? null : (main.get(node.id)?.name ?? null),
    };
  });
}

/**
 * The graph Stride kept beside the topology (a run's saved model, Stride's exports): its layers are the
 * topology's, named as Stride names them, each counted as the primitive it implements.
 */
export function embeddedTargets(doc: GraphDoc, analysis: GraphAnalysis): LayerTarget[] {
  const topology = toKerasTopology(doc, analysis);
  if (!topology.ok) return [];
  const main = weightLayers(topology.value);
  return topology.value.layers.map((l) => {
    const weighted = main.get(l.primitiveId)?.name === l.name;
    return {
      layer: l.name,
      className: l.className,
      nodeId: analysis.expanded.origin.get(l.primitiveId) ?? l.primitiveId,
      params: weighted ? (analysis.primitives.get(l.primitiveId)?.params.total ?? 0) : 0,
      strideLayer: l.name,
    };
  });
}

export interface CountCheck {
  /** Every layer with weights on either side. */
  readonly layers: readonly LayerCount[];
  readonly params: number;
  readonly fileParams: number;
  /** One per layer whose counts differ, and one per weight no layer of the file owns. */
  readonly mismatches: readonly ImportIssue[];
}

export function checkCounts(
  targets: readonly LayerTarget[],
  manifest: readonly ManifestWeight[],
): CountCheck {
  const names = new Set(targets.map((t) => t.layer));
  const fileCounts = new Map<string, number>();
  const mismatches: ImportIssue[] = [];
  for (const w of manifest) {
    const owner = weightOwner(w.name, names);
    if (owner === null) {
      mismatches.push({
        code: FaithfulCode.paramMismatch,
        severity: 'error',
        layer: w.name,
        className: '',
        nodeId: null,
        message: `The weight ${w.name} [${w.shape.join(', ')}] belongs to no layer of the topology.`,
      });
      continue;
    }
    fileCounts.set(owner.layer, (fileCounts.get(owner.layer) ?? 0) + size(w.shape));
  }
  const layers: LayerCount[] = [];
  for (const t of targets) {
    const fileParams = fileCounts.get(t.layer) ?? 0;
    if (t.params === 0 && fileParams === 0) continue;
    layers.push({ ...t, fileParams });
    if (t.params === fileParams) continue;
    mismatches.push({
      code: FaithfulCode.paramMismatch,
      severity: 'error',
      layer: t.layer,
      className: t.className,
      nodeId: t.nodeId,
      message:
        t.nodeId === null
          ? `${t.layer} (${t.className}): left out, so Stride counts 0 parameters; the file's weights hold ${fileParams}.`
          : `${t.layer} (${t.className}): Stride counts ${t.params} parameters, the file's weights hold ${fileParams}.`,
    });
  }
  const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    layers,
    params: total(targets.map((t) => t.params)),
    fileParams: total(manifest.map((w) => size(w.shape))),
    mismatches,
  };
}
