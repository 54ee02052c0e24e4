import type { z } from 'zod';
import type { Diagnostic, ParamCounts, Shape } from '../analysis/types';
import type { BlockLibrary, SubGraph } from '../graph/schema';
import type { KerasClassName } from './keras-classes';

/**
 * The layer catalog's contract. Each kind is one module (shared/layers/kinds/<kind>.ts) exporting a
 * LayerKindDef; shared/layers/registry.ts collects them `satisfies Record<LayerKind, LayerKindDef>`. The UI
 * reads labels, categories, fields and notation from here; analysis reads the rules (`infer`, `expand`) and
 * the traits; training and codegen read `toKeras`. What a kind compiles to is then a matter of its Keras
 * classes (shared/layers/keras-classes.ts): how each is built, exported, imported and ported to PyTorch lives
 * in tables keyed by the class name, which the compiler makes complete. docs/adding-a-layer.md lists them.
 */
export const LAYER_KINDS = [
  'input',
  'conv2d',
  'depthwiseconv2d',
  'separableconv2d',
  'maxpool2d',
  'avgpool2d',
  'minpool2d',
  'globalavgpool',
  'globalmaxpool',
  'zeropadding2d',
  // Up-sampling (issue 13).
  'conv2dtranspose',
  'upsampling2d',
  'dense',
  'flatten',
  'reshape',
  'dropout',
  'batchnorm',
  'lrn',
  'activation',
  'softmax',
  'add',
  'multiply',
  'concatenate',
  'inception',
  'residual',
  'group',
] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/** Palette groups, in display order. */
export const LAYER_CATEGORIES = [
  'io',
  'convolution',
  'pooling',
  'blocks',
  'dense',
  'normalization',
  'activation',
  'merge',
] as const;
export type LayerCategory = (typeof LAYER_CATEGORIES)[number];

/** How the inspector edits one parameter; validation itself is the kind's zod schema. */
export type ParamField =
  | { key: string; label: string; type: 'int'; min?: number; max?: number; help?: string }
  | { key: string; label: string; type: 'float'; min?: number; max?: number; step?: number; help?: string }
  | { key: string; label: string; type: 'bool'; help?: string }
  | { key: string; label: string; type: 'enum'; options: readonly string[]; help?: string }
  /** One int or an [h, w] pair (kernel, stride, dilation, pool size). */
  | { key: string; label: string; type: 'size2'; min?: number; help?: string }
  /** 'valid' | 'same' | 'full' | P | [top, bottom, left, right]. */
  | { key: string; label: string; type: 'padding'; help?: string }
  /** A list of positive ints (the input shape). */
  | { key: string; label: string; type: 'shape'; help?: string };

/** How many inbound edges a kind takes: Input none, most one, merges two or more (ordered by targetPort). */
export type InputArity = 'none' | 'single' | 'variadic';

export interface LayerKindDef<P extends Record<string, unknown> = Record<string, unknown>> {
  readonly kind: LayerKind;
  /** Display name, e.g. 'Conv2D'. */
  readonly label: string;
  readonly category: LayerCategory;
  /** One sentence for the palette tooltip and the docs. */
  readonly description: string;
  readonly params: z.ZodType<P>;
  readonly defaults: P;
  readonly fields: readonly ParamField[];
  readonly inputs: InputArity;
  /** Facts other code reads instead of listing kinds by name. */
  readonly traits: LayerTraits;
  /** Key parameters in the seeds' notation, e.g. `Conv 32@3×3 /1 same`, `MaxPool 2×2 /2`, `Dense 128 relu`. */
  notation(params: P): string;

  // --- Rules. A primitive kind has `infer` and `toKeras`; a block kind (Inception, Residual, Block) has
  // `expand` instead and is analysed, trained and exported through the primitives it expands to. Methods (not
  // arrow properties) so a `LayerKindDef<ConvParams>` is assignable to the registry's `LayerKindDef`.

  /**
   * Output shape, parameter counts, MACs and the worked formulas for validated params and known input shapes
   * (one per inbound edge, in port order; the engine calls it only when every input shape is known).
   */
  infer?(params: P, inputs: readonly Shape[]): InferResult;
  /** The layers tfjs-layers builds for this primitive, given its input shape (see shared/codegen). */
  toKeras?(params: P, input: KerasInput): readonly KerasLayerDraft[];
  /**
   * The block's default body for an input shape (null when unknown): primitive nodes whose edges start at
   * the reserved id BODY_INPUT_ID; the one node without outgoing edges is the block's output. A user block
   * (`group`) reads its body from the document's library, passed as `blocks`.
   */
  expand?(params: P, input: Shape | null, blocks?: BlockLibrary): SubGraph;
  /**
   * A setting the graph allows but the training engine (tfjs 4.22) cannot train, as the problem and its fix;
   * null when it trains. Checked before a run starts (shared/analysis/training-support.ts).
   */
  untrainable?(params: P): { readonly problem: string; readonly fix: string } | null;
}

/** What the rest of the code needs to know about a kind, stated by each kind (none is left to a default). */
export interface LayerTraits {
  /**
   * It owns a kernel (Conv2D, Dense): one weight layer on a path, the depth the analysis reports. A block
   * kind says false: its parts count.
   */
  readonly kernel: boolean;
  /**
   * `toKeras` may put a ZeroPadding2D before its layer (padding tfjs cannot express: explicit or 'full'),
   * marked `role: 'pad'` and named `<layer>_pad`; an import reads such a pair back as one node.
   */
  readonly padsBefore: boolean;
  /**
   * `toKeras` may put a LeakyReLU or StrideHardSwish after its layer (its `activation` param is leaky_relu or
   * hard_swish), marked `role: 'activation'` and named `<layer>_act`; an import folds it back into the param.
   */
  readonly activatesAfter: boolean;
}

/** The traits of a kind with none of them (most kinds). */
export const NO_TRAITS: LayerTraits = { kernel: false, padsBefore: false, activatesAfter: false };

/** A diagnostic before the engine attaches the node it belongs to. */
export type DiagnosticDraft = Omit<Diagnostic, 'nodeId'>;

export interface InferResult {
  readonly shape: Shape | null;
  readonly params?: ParamCounts;
  readonly macs?: number;
  readonly im2col?: { readonly rows: number; readonly cols: number } | null;
  /** Sliding window per axis [H, W] with the dilation already applied, for the receptive field. */
  readonly window?: {
    readonly kernel: readonly [number, number];
    readonly stride: readonly [number, number];
  };
  readonly formulas?: readonly string[];
  readonly diagnostics?: readonly DiagnosticDraft[];
}

/**
 * One tfjs-layers / Keras layer as plain data. `config` holds tfjs-layers constructor args (camelCase, as
 * `tf.layers.conv2d(config)` takes them; `name` is added by the topology builder).
 */
export interface KerasLayerDraft {
  readonly className: KerasClassName;
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * A helper layer around the kind's own layer (see LayerTraits): it is named after that layer with a suffix,
   * `_pad` or `_act`. A draft without a role is the kind's own layer (exactly one per kind).
   */
  readonly role?: 'pad' | 'activation';
}

/** What a primitive's keras mapping may look at: its (first) input shape, known when the graph is valid. */
export interface KerasInput {
  readonly shape: Shape;
}
