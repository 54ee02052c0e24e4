import type { Result } from '../../api/errors';
import type { KerasSource, RawLayer } from './source';
import { fail, ok } from '../../api/errors';
import { IMPORT_LIMITS, ImportErrorCode } from './source';

/**
 * Models used as layers — a Teachable Machine export (a Sequential of two Sequentials, the first wrapping a
 * truncated MobileNet), a Keras application wrapped in a Sequential with a new head — spliced into one flat
 * list of layers: the inner model's input layer takes the outer layer's input, and whatever read the nested
 * model's output reads the inner output layer instead. Names stay the file's (they name the weights in the
 * manifest); an inner name that clashes with another becomes `<model>/<name>`.
 */
export function flattenNested(source: KerasSource): Result<KerasSource> {
  // The top level keeps its names (two equal ones are refused later, as in any file); inner names yield.
  const taken = new Set<string>(source.layers.map((l) => l.name));
  const claim = (name: string, prefix: string): string => {
    if (prefix === '' || !taken.has(name)) return (taken.add(name), name);
    let unique = `${prefix}${name}`;
    for (let i = 2; taken.has(unique); i += 1) unique = `${prefix}${name}_${i}`;
    taken.add(unique);
    return unique;
  };
  const out: RawLayer[] = [];
  const flat = splice(source, null, claim, out, '');
  if (!flat.ok) return flat;
  if (out.length > IMPORT_LIMITS.maxLayers)
    return fail(
      ImportErrorCode.tooManyLayers,
      `The model has ${out.length} layers once its nested models are opened (at most ${IMPORT_LIMITS.maxLayers}).`,
    );
  return ok({ ...source, layers: out, inputs: flat.value.inputs, outputs: flat.value.outputs });
}

interface Spliced {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** A layer name of the model spliced → the flat name carrying its output. */
  readonly aliasOf: (name: string) => string;
}

/** The names a model reads its input from: its InputLayers, or a Sequential's first layer. */
function inputNames(model: KerasSource): string[] {
  if (model.inputs.length > 0) return [...model.inputs];
  const first = model.layers[0];
  return first === undefined ? [] : [first.name];
}

function outputName(model: KerasSource): Result<string> {
  if (model.outputs.length > 1)
    return fail(
      ImportErrorCode.nestedModel,
      `The nested model '${model.name}' has ${model.outputs.length} outputs; a Stride graph has one.`,
    );
  const last = model.outputs[0] ?? model.layers[model.layers.length - 1]?.name;
  return last === undefined
    ? fail(ImportErrorCode.nestedModel, `The nested model '${model.name}' has no layers.`)
    : ok(last);
}

/**
 * Appends `model`'s layers to `out`. `feed` is the outer layer the model reads (null at the top, or when the
 * nested model is the first layer of its parent: then its own input layer stays the network's input).
 */
function splice(
  model: KerasSource,
  feed: string | null,
  claim: (name: string, prefix: string) => string,
  out: RawLayer[],
  prefix: string,
): Result<Spliced> {
  /** Inner name → the flat name that carries its output. */
  const alias = new Map<string, string>();
  const map = (name: string) => alias.get(name) ?? name;
  const inputs = new Set(inputNames(model));
  for (const layer of model.layers) {
    const inbound = layer.inbound.map(map);
    if (feed !== null && inputs.has(layer.name)) {
      if (layer.className === 'InputLayer') {
        // The outer layer's input stands in for the inner model's input layer.
        alias.set(layer.name, feed);
        continue;
      }
      // A Sequential without an InputLayer: its first layer reads the outer input.
      if (inbound.length === 0) inbound.push(feed);
    }
    const name = claim(layer.name, prefix);
    if (layer.nested === undefined) {
      alias.set(layer.name, name);
      out.push({ ...layer, name, inbound, nested: undefined });
      continue;
    }
    if (inbound.length > 1)
      return fail(
        ImportErrorCode.nestedModel,
        `The nested model '${layer.name}' takes ${inbound.length} inputs; a Stride graph has one.`,
      );
    const inner = splice(layer.nested, inbound[0] ?? null, claim, out, `${name}/`);
    if (!inner.ok) return inner;
    const last = outputName(layer.nested);
    if (!last.ok) return last;
    alias.set(layer.name, inner.value.aliasOf(last.value));
  }
  return ok({ inputs: model.inputs.map(map), outputs: model.outputs.map(map), aliasOf: map });
}
