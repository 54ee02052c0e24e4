import type { Result } from '../api/errors';
import type { GraphAnalysis } from '../analysis/types';
import type { GraphDoc } from '../graph/schema';
import { fail, ok } from '../api/errors';
import { analyzeGraph } from '../analysis/analyze';
import type { KerasClassName } from '../layers/keras-classes';
import type { KerasLayerDraft } from '../layers/types';
import { getKind } from '../layers/registry';

/**
 * A Keras functional model as plain data, built from the expanded graph: what main/training/model/build.ts
 * turns into a tf.LayersModel and what the exporters print. `config` holds tfjs-layers constructor args
 * (camelCase, `name` included); a Keras JSON exporter renames them to snake_case. Custom classNames:
 * 'StrideLRN' (LRN) and 'StrideMinPool2D' (min pooling), registered by main/training/model/custom-layers.ts.
 */
export interface KerasLayer {
  readonly name: string;
  readonly className: KerasClassName;
  readonly config: Readonly<Record<string, unknown>>;
  /** Names of the layers feeding this one, in input order (Keras's inbound_nodes, flattened). */
  readonly inboundNodes: readonly string[];
  /** The primitive of the expanded graph this layer implements (a conv may take a ZeroPadding2D with it). */
  readonly primitiveId: string;
}

export interface KerasTopology {
  readonly name: string;
  /** In topological order. */
  readonly layers: readonly KerasLayer[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Primitive id → name of the layer that produces its output. */
  readonly outputLayerOf: Readonly<Record<string, string>>;
}

/** The name suffix of a helper layer a kind writes around its own (see LayerTraits). */
const ROLE_SUFFIX: Readonly<Record<NonNullable<KerasLayerDraft['role']>, string>> = {
  pad: '_pad',
  activation: '_act',
};

/**
 * tfjs-layers keeps layers in plain objects keyed by name while loading a model.json, so a layer named
 * `constructor` or `toString` breaks tf.loadLayersModel: such names get the same `l_` prefix.
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Keras/tfjs layer names: letters, digits and _ only (a block part `inc3a/b2/conv` → `inc3a_b2_conv`). */
function namer(): (base: string) => string {
  const taken = new Set<string>();
  return (base) => {
    let name = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z]/.test(name) || PROTOTYPE_NAMES.has(name)) name = `l_${name}`;
    let unique = name;
    for (let i = 2; taken.has(unique); i += 1) unique = `${name}_${i}`;
    taken.add(unique);
    return unique;
  };
}

/**
 * The Keras topology of a document, or a coded error when the document has errors (a model that analysis
 * rejects must not be built half-way).
 */
export function toKerasTopology(
  doc: GraphDoc,
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<KerasTopology> {
  if (!analysis.ok) {
    const first = analysis.diagnostics.find((d) => d.severity === 'error');
    return fail(
      'GRAPH_HAS_ERRORS',
      `The graph has errors: ${first === undefined ? 'unknown' : `[${first.code}] ${first.message}`}`,
      first?.nodeId ?? null,
    );
  }
  const g = analysis.expanded;
  const name = namer();
  const layers: KerasLayer[] = [];
  // Keyed by node ids, which may be any id the schema allows ('__proto__', 'constructor'): no prototype.
  const outputLayerOf = Object.create(null) as Record<string, string>;
  // A frozen node (trainable: false) freezes every layer it compiles to, a block's parts included.
  const frozen = new Set(doc.nodes.filter((n) => n.trainable === false).map((n) => n.id));
  for (const prim of g.nodes) {
    const trainable = frozen.has(g.origin.get(prim.id) ?? prim.id) ? { trainable: false } : {};
    const def = getKind(prim.kind);
    const a = analysis.primitives.get(prim.id);
    const inputShape = a?.inputShapes[0] ?? a?.outputShape ?? null;
    if (def?.toKeras === undefined || inputShape === null) {
      return fail(
        'CODEGEN_UNSUPPORTED',
        `Cannot compile '${prim.id}' (${prim.kind}).`,
        g.origin.get(prim.id) ?? null,
      );
    }
    const drafts = def.toKeras(prim.params, { shape: inputShape });
    let inbound = (g.inputsOf.get(prim.id) ?? []).map((source) => outputLayerOf[source] as string);
    for (const draft of drafts) {
      const layerName = name(`${prim.id}${draft.role === undefined ? '' : ROLE_SUFFIX[draft.role]}`);
      layers.push({
        name: layerName,
        className: draft.className,
        config: { ...draft.config, ...trainable, name: layerName },
        inboundNodes: inbound,
        primitiveId: prim.id,
      });
      inbound = [layerName];
    }
    outputLayerOf[prim.id] = inbound[0] as string;
  }
  const input = g.input === null ? undefined : outputLayerOf[g.input];
  const output = g.output === null ? undefined : outputLayerOf[g.output];
  if (input === undefined || output === undefined)
    return fail('GRAPH_HAS_ERRORS', 'The graph has no input or output.');
  return ok({ name: doc.name, layers, inputs: [input], outputs: [output], outputLayerOf });
}
