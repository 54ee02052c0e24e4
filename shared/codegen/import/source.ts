import type { Result } from '../../api/errors';
import type { ManifestWeight } from '../onnx/weights';
import { fail, ok } from '../../api/errors';
import { JSON_LIMITS, JsonGuardCode, parseJsonText } from '../../graph/json-text';

/**
 * Reads a tfjs model.json or a Keras model JSON (Sequential or functional; tf.keras 2, tfjs-layers and Keras 3
 * spellings) into one neutral shape. Everything here treats the input as hostile: sizes and nesting are
 * bounded before parsing, every value is type-checked where it is read, keys are read as own properties only
 * (a `__proto__` or `constructor` key is data, never a prototype), and nothing in the file is ever run — a
 * Lambda layer's Python code stays an opaque string.
 */
export const IMPORT_LIMITS = {
  /** model.json carries only the topology (weights are separate files); ResNet-152's is under 1 MB. */
  maxChars: 32 * 1024 * 1024,
  maxDepth: 64,
  maxLayers: 20_000,
  maxInboundPerLayer: 1_024,
  maxNameLength: 200,
} as const;

export const ImportErrorCode = {
  notJson: 'IMPORT_NOT_JSON',
  tooLarge: 'IMPORT_TOO_LARGE',
  tooDeep: 'IMPORT_TOO_DEEP',
  notAModel: 'IMPORT_NOT_A_MODEL',
  badLayer: 'IMPORT_BAD_LAYER',
  tooManyLayers: 'IMPORT_TOO_MANY_LAYERS',
  sharedLayer: 'IMPORT_SHARED_LAYER',
  nestedModel: 'IMPORT_NESTED_MODEL',
  unknownInbound: 'IMPORT_UNKNOWN_INBOUND',
  multipleInputs: 'IMPORT_MULTIPLE_INPUTS',
  multipleOutputs: 'IMPORT_MULTIPLE_OUTPUTS',
  inputShape: 'IMPORT_INPUT_SHAPE',
  noInput: 'IMPORT_NO_INPUT',
  graphModel: 'IMPORT_GRAPH_MODEL',
} as const;

export type RawRecord = ReadonlyMap<string, unknown>;

export interface RawLayer {
  readonly className: string;
  readonly name: string;
  /** The layer's config with snake_case keys (tfjs-layers' camelCase spellings are converted). */
  readonly config: RawRecord;
  /** Names of the layers feeding this one, in order (Sequential: the previous layer). */
  readonly inbound: readonly string[];
  /** A Sequential or functional model used as a layer (flattened by nested.ts before anything else). */
  readonly nested?: KerasSource | undefined;
}

export interface KerasSource {
  readonly flavour: 'sequential' | 'functional';
  readonly name: string;
  readonly layers: readonly RawLayer[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** A `stride_graph` entry left by Stride's exporter, unvalidated. */
  readonly strideGraph: unknown;
  /** The tfjs weights manifest (model.json's weight specs, in shard order); null when the file has none. */
  readonly manifest: readonly ManifestWeight[] | null;
}

const isPlain = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An own property of a parsed JSON object (never an inherited one). */
export function own(v: unknown, key: string): unknown {
  return isPlain(v) && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A config object as a Map with snake_case keys; null when it is not an object. */
export function record(v: unknown): RawRecord | null {
  if (!isPlain(v)) return null;
  return new Map(Object.keys(v).map((k) => [snake(k), (v as Record<string, unknown>)[k]]));
}

const describe = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v);

function badLayer(index: number, message: string): Result<never> {
  return fail(ImportErrorCode.badLayer, `Layer ${index + 1}: ${message}`);
}

function layerName(raw: unknown, config: RawRecord, index: number): Result<string> {
  const name = own(raw, 'name') ?? config.get('name');
  if (typeof name !== 'string' || name.length === 0) return badLayer(index, 'it has no name.');
  if (name.length > IMPORT_LIMITS.maxNameLength) {
    return badLayer(index, `its name is ${name.length} characters (at most ${IMPORT_LIMITS.maxNameLength}).`);
  }
  return ok(name);
}

/** Whether a name is a model nested as a layer (defined earlier in the same model). */
type IsModel = (name: string) => boolean;

/**
 * `[name, nodeIndex, tensorIndex, kwargs?]` (Keras 2, tfjs) → name, checking it is the layer's only call. A
 * nested model built with an input shape counts its own construction as call #0, so its one use in the outer
 * model may be #1: any call index is that one use (its inbound_nodes list one call, checked where read).
 */
function historyName(entry: unknown, layer: string, isModel: IsModel): Result<string> {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
    return fail(ImportErrorCode.notAModel, `Layer '${layer}': an inbound entry is ${describe(entry)}.`);
  }
  if (entry[1] !== 0 && entry[1] !== undefined && !isModel(entry[0])) {
    return fail(
      ImportErrorCode.sharedLayer,
      `Layer '${layer}' takes the output of the call #${String(entry[1])} of '${entry[0]}': layers used more ` +
        'than once (shared weights) cannot be represented in a Stride graph.',
    );
  }
  if (entry[2] !== 0 && entry[2] !== undefined) {
    return fail(
      ImportErrorCode.sharedLayer,
      `Layer '${layer}' takes output #${String(entry[2])} of '${entry[0]}': Stride layers have one output.`,
    );
  }
  return ok(entry[0]);
}

/** Keras 3 `{args, kwargs}`: every `keras_history` in the call's arguments, in order. */
function keras3Inputs(call: unknown, layer: string, isModel: IsModel): Result<string[]> {
  const out: string[] = [];
  const stack: unknown[] = [own(call, 'args')];
  let visited = 0;
  while (stack.length > 0) {
    const v = stack.shift();
    if ((visited += 1) > IMPORT_LIMITS.maxInboundPerLayer * 4) break;
    // Only the first elements can be visited before the bound: a huge array is never spread as arguments.
    if (Array.isArray(v)) stack.unshift(...v.slice(0, IMPORT_LIMITS.maxInboundPerLayer * 4));
    else if (own(v, 'class_name') === '__keras_tensor__') {
      const name = historyName(own(own(v, 'config'), 'keras_history'), layer, isModel);
      if (!name.ok) return name;
      out.push(name.value);
    }
  }
  return ok(out);
}

function inboundOf(raw: unknown, name: string, isModel: IsModel): Result<string[]> {
  const nodes = own(raw, 'inbound_nodes');
  if (nodes === undefined) return ok([]);
  if (!Array.isArray(nodes))
    return fail(ImportErrorCode.notAModel, `Layer '${name}': inbound_nodes is ${describe(nodes)}.`);
  if (nodes.length === 0) return ok([]);
  if (nodes.length > 1) {
    return fail(
      ImportErrorCode.sharedLayer,
      `Layer '${name}' is called ${nodes.length} times: layers used more than once (shared weights) cannot be ` +
        'represented in a Stride graph.',
    );
  }
  const call: unknown = nodes[0];
  if (isPlain(call)) return keras3Inputs(call, name, isModel);
  if (!Array.isArray(call))
    return fail(ImportErrorCode.notAModel, `Layer '${name}': an inbound node is ${describe(call)}.`);
  if (call.length > IMPORT_LIMITS.maxInboundPerLayer) {
    return fail(ImportErrorCode.notAModel, `Layer '${name}' has ${call.length} inputs.`);
  }
  const out: string[] = [];
  for (const entry of call as unknown[]) {
    const n = historyName(entry, name, isModel);
    if (!n.ok) return n;
    out.push(n.value);
  }
  return ok(out);
}

/** `[[name, 0, 0], …]` or a single `[name, 0, 0]` → names. */
function endpointNames(v: unknown, what: string, isModel: IsModel): Result<string[]> {
  if (v === undefined) return ok([]);
  if (!Array.isArray(v)) return fail(ImportErrorCode.notAModel, `${what} is ${describe(v)}.`);
  const list: unknown[] = typeof v[0] === 'string' ? [v] : v;
  const out: string[] = [];
  for (const entry of list) {
    const n = historyName(entry, what, isModel);
    if (!n.ok) return n;
    out.push(n.value);
  }
  return ok(out);
}

/** The `{class_name, config}` of the model inside the file's possible wrappers. */
function findModel(root: unknown): { model: unknown; strideGraph: unknown } {
  const topology = own(root, 'modelTopology') ?? own(root, 'model_topology');
  const strideGraph = own(own(root, 'userDefinedMetadata'), 'stride_graph') ?? own(root, 'stride_graph');
  let model: unknown = topology ?? root;
  // The tfjs converter writes {keras_version, backend, model_config: {class_name, config}}.
  if (own(model, 'class_name') === undefined && own(model, 'model_config') !== undefined) {
    model = own(model, 'model_config');
  }
  return { model, strideGraph };
}

const GUARD_CODES: Record<(typeof JsonGuardCode)[keyof typeof JsonGuardCode], string> = {
  [JsonGuardCode.tooLarge]: ImportErrorCode.tooLarge,
  [JsonGuardCode.tooDeep]: ImportErrorCode.tooDeep,
  [JsonGuardCode.notJson]: ImportErrorCode.notJson,
};

export function readKerasSource(text: string): Result<KerasSource> {
  // The shared guard (sizes, nesting, key and value counts before JSON.parse), with this format's limits.
  const parsed = parseJsonText(text, 'The file', {
    ...JSON_LIMITS,
    maxChars: IMPORT_LIMITS.maxChars,
    maxDepth: IMPORT_LIMITS.maxDepth,
  });
  if (!parsed.ok) {
    const code = parsed.error.code as keyof typeof GUARD_CODES;
    return fail(GUARD_CODES[code] ?? ImportErrorCode.notJson, parsed.error.message);
  }
  const root = parsed.value;
  const { model, strideGraph } = findModel(root);
  if (isGraphModel(root, model)) {
    return fail(
      ImportErrorCode.graphModel,
      'This is a TensorFlow.js graph model (format graph-model: converted from a SavedModel or a frozen graph): ' +
        'it holds TensorFlow operations, not Keras layers, so it has no layers to import. Convert the original ' +
        'Keras model with tensorflowjs_converter --input_format keras (a layers model, format layers-model), ' +
        'or export it to ONNX and run stride import model.onnx.',
    );
  }
  const manifest = readManifest(root);
  if (!manifest.ok) return manifest;
  const read = readModel(model, 0);
  if (!read.ok) return read;
  return ok({ ...read.value, strideGraph, manifest: manifest.value });
}

/** A tfjs graph model: `format: 'graph-model'`, or a TensorFlow GraphDef (`node` list) as its topology. */
function isGraphModel(root: unknown, topology: unknown): boolean {
  return own(root, 'format') === 'graph-model' || Array.isArray(own(topology, 'node'));
}

/** model.json's `weightsManifest` as a flat list of weight specs, type-checked; null when there is none. */
function readManifest(root: unknown): Result<ManifestWeight[] | null> {
  const groups = own(root, 'weightsManifest');
  if (groups === undefined) return ok(null);
  const bad = (why: string) => fail(ImportErrorCode.notAModel, `The weightsManifest ${why}.`);
  if (!Array.isArray(groups)) return bad(`is ${describe(groups)}`);
  const out: ManifestWeight[] = [];
  for (const g of groups as unknown[]) {
    const weights = own(g, 'weights');
    if (!Array.isArray(weights)) return bad('has a group without a weights list');
    for (const w of weights as unknown[]) {
      const name = own(w, 'name');
      const shape = own(w, 'shape');
      const dtype = own(w, 'dtype') ?? 'float32';
      if (typeof name !== 'string' || name.length === 0 || name.length > 1000)
        return bad('has a weight without a name');
      if (
        !Array.isArray(shape) ||
        shape.length > 8 ||
        !shape.every((d) => Number.isInteger(d) && (d as number) >= 0 && (d as number) <= 1e9)
      )
        return bad(`gives ${name.slice(0, 60)} a shape that is not a list of sizes`);
      if (typeof dtype !== 'string') return bad(`gives ${name.slice(0, 60)} a dtype that is not a name`);
      out.push({ name, shape: shape as number[], dtype });
      if (out.length > IMPORT_LIMITS.maxLayers * 8) return bad('lists too many weights');
    }
  }
  // A manifest that lists no weight at all (a topology-only fixture, a stripped file) gives nothing to compare.
  return ok(out.length === 0 ? null : out);
}

const NESTED_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** One `{class_name, config}` model (the file's, or one nested in it as a layer) → a KerasSource. */
function readModel(model: unknown, depth: number): Result<KerasSource> {
  const className = own(model, 'class_name');
  const config = own(model, 'config');
  if (typeof className !== 'string') {
    return fail(
      ImportErrorCode.notAModel,
      'No model found: expected a Keras model JSON or a tfjs model.json (class_name missing).',
    );
  }
  const sequential = className === 'Sequential';
  if (!sequential && !['Functional', 'Model'].includes(className)) {
    return fail(
      ImportErrorCode.notAModel,
      `The model is a '${className.slice(0, 60)}'; expected Sequential, Functional or Model.`,
    );
  }
  // Keras before 2.2.3 wrote a Sequential's config as the bare list of layers.
  const rawLayers = Array.isArray(config) ? config : own(config, 'layers');
  if (!Array.isArray(rawLayers))
    return fail(ImportErrorCode.notAModel, `The model's layers are ${describe(rawLayers)}.`);
  if (rawLayers.length > IMPORT_LIMITS.maxLayers) {
    return fail(
      ImportErrorCode.tooManyLayers,
      `The model has ${rawLayers.length} layers (at most ${IMPORT_LIMITS.maxLayers}).`,
    );
  }
  const layers: RawLayer[] = [];
  const models = new Set<string>();
  const isModel: IsModel = (name) => models.has(name);
  for (const [index, raw] of (rawLayers as unknown[]).entries()) {
    const cls = own(raw, 'class_name');
    if (typeof cls !== 'string' || cls.length === 0 || cls.length > 100)
      return badLayer(index, 'it has no class_name.');
    const cfg = record(own(raw, 'config') ?? {});
    if (cfg === null) return badLayer(index, `its config is ${describe(own(raw, 'config'))}.`);
    const name = layerName(raw, cfg, index);
    if (!name.ok) return name;
    let nested: KerasSource | undefined;
    if (NESTED_CLASSES.has(cls)) {
      // The JSON guard bounds the nesting already; this only keeps the recursion's own depth explicit.
      if (depth >= IMPORT_LIMITS.maxDepth) return fail(ImportErrorCode.tooDeep, 'Models nest too deeply.');
      const inner = readModel(raw, depth + 1);
      if (!inner.ok) return inner;
      nested = inner.value;
      models.add(name.value);
    }
    const previous = layers[layers.length - 1];
    const inbound = sequential
      ? ok(previous === undefined ? [] : [previous.name])
      : inboundOf(raw, name.value, isModel);
    if (!inbound.ok) return inbound;
    layers.push({ className: cls, name: name.value, config: cfg, inbound: inbound.value, nested });
  }
  const inputs = endpointNames(own(config, 'input_layers'), 'input_layers', isModel);
  if (!inputs.ok) return inputs;
  const outputs = endpointNames(own(config, 'output_layers'), 'output_layers', isModel);
  if (!outputs.ok) return outputs;
  const name = own(config, 'name');
  return ok({
    flavour: sequential ? 'sequential' : 'functional',
    name:
      typeof name === 'string' && name.length > 0
        ? name.slice(0, IMPORT_LIMITS.maxNameLength)
        : 'Imported model',
    layers,
    inputs: inputs.value,
    outputs: outputs.value,
    strideGraph: undefined,
    manifest: null,
  });
}
