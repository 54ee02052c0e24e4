import type { KerasLayer } from './keras-topology';
import type { BlockScope, BlockUse, Destination, PlannedLayer, Step, ValueRef } from './plan';
import type { PyLayer } from './pytorch-layers';
import type { Definitions } from './definitions';
import { assertNever } from '../api/errors';
import { commentLine } from './plan';
import { pyComment } from './escape';
import { NameAllocator, PY_RESERVED, snakeName } from './names';
import { pyLayer } from './pytorch-layers';

/** A Keras layer name → where its module sits under the owner (`conv`, `group_1.conv`) and how to port it. */
export interface KerasEntry {
  readonly name: string;
  readonly path: string;
  readonly kind: string;
}

/** A channel count inside a block's class: `k·in_channels + c`; null when it depends on more than that. */
interface Channels {
  readonly k: number;
  readonly c: number;
}

/** What every owner of a file shares: the block classes, Model's helper methods, what the file needs. */
export interface PyFile {
  readonly classes: Definitions<PyOwner>;
  readonly methods: Map<BlockScope, string>;
  avgPoolHelper: boolean;
  bilinearHelper: boolean;
  unsupported: KerasLayer | null;
  /** The output layer whose final softmax `forward` leaves out (`predict` applies it), or null. */
  readonly logitsLayer: string | null;
}

export const nchw = (shape: readonly number[]): number[] =>
  shape.length === 3 ? [shape[2] ?? 0, shape[0] ?? 0, shape[1] ?? 0] : [...shape];

/** The constructor argument of a block's class: channels of an image, features of a vector. */
export const classParam = (use: BlockUse) => (use.inputShape.length === 3 ? 'in_channels' : 'in_features');

function channelsOut(
  layer: KerasLayer,
  inputs: readonly (Channels | null)[],
  p: PlannedLayer,
): Channels | null {
  const first = inputs[0] ?? null;
  switch (layer.className) {
    case 'Conv2D':
    case 'Conv2DTranspose':
    case 'StrideConv2DTranspose':
    case 'StrideGroupedConv2D':
      return { k: 0, c: layer.config.filters as number };
    case 'Dense':
      return { k: 0, c: layer.config.units as number };
    case 'DepthwiseConv2D': {
      const m = layer.config.depthMultiplier as number;
      return first === null ? null : { k: first.k * m, c: first.c * m };
    }
    case 'Concatenate':
      return inputs.some((i) => i === null)
        ? null
        : (inputs as Channels[]).reduce((a, b) => ({ k: a.k + b.k, c: a.c + b.c }));
    case 'Flatten':
      // H·W·C: the spatial size is not the class's argument.
      return p.inputShape.length === 3 ? null : first;
    // The channels pass through (a global pooling turns C channels into C features).
    case 'InputLayer':
    case 'MaxPooling2D':
    case 'AveragePooling2D':
    case 'StrideMinPool2D':
    case 'StridePool2D':
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
    case 'ZeroPadding2D':
    case 'UpSampling2D':
    case 'Dropout':
    case 'BatchNormalization':
    case 'StrideLRN':
    case 'Activation':
    case 'LeakyReLU':
    case 'StrideHardSwish':
    case 'Softmax':
    case 'Add':
    case 'Multiply':
      return first;
    // A fixed target shape: its channels do not follow the block's input.
    case 'Reshape':
      return null;
    default:
      return assertNever(layer.className, 'Keras class');
  }
}

/**
 * Model or one user block's class: declares the modules (`__init__` lines, attribute names, the Keras layers
 * they port) and spells `forward`. Model writes every size as a number; a block's class writes its input
 * channels as its constructor argument wherever they reach a module unchanged (through pooling, BatchNorm,
 * concatenation, …), so uses with different input channels share it.
 */
export class PyOwner {
  readonly init: string[] = [];
  readonly entries: KerasEntry[] = [];
  private readonly attrs = new NameAllocator(PY_RESERVED);
  private readonly layers = new Map<PlannedLayer, { readonly attr: string; readonly py: PyLayer }>();
  private readonly uses = new Map<BlockUse, string>();
  private readonly channels = new Map<string, Channels | null>();

  constructor(
    private readonly file: PyFile,
    /** The block's use (its class) or null for Model. */
    private readonly use: BlockUse | null,
  ) {
    if (use !== null) this.channels.set(use.inputName, { k: 1, c: 0 });
  }

  claim(base: string): string {
    return this.attrs.claim(base);
  }

  /** How the class writes a channel count; null (a number) in Model or when it is not expressible. */
  private spell(ch: Channels | null | undefined): string | null {
    if (this.use === null || ch === null || ch === undefined) return null;
    if (ch.k === 0) return `${ch.c}`;
    const param = classParam(this.use);
    const scaled = ch.k === 1 ? param : `${ch.k} * ${param}`;
    return ch.c === 0 ? scaled : `${scaled} + ${ch.c}`;
  }

  /** The channels at the output of this class (as a function of its argument); null when not expressible. */
  transfer(): Channels | null {
    return this.use === null ? null : (this.channels.get(this.use.outputName) ?? null);
  }

  declare(steps: readonly Step[]): void {
    for (const step of steps) {
      if (this.file.unsupported !== null) return;
      if (step.kind === 'call') this.declare(step.block.steps);
      else if (step.kind === 'use') this.declareUse(step.use);
      else this.declareLayer(step.planned);
    }
  }

  private declareLayer(p: PlannedLayer): void {
    const local = this.use === null ? p.layer.name : p.layer.name.slice(this.use.prefix.length + 1);
    const attr = this.claim(snakeName(local));
    const inputs = p.layer.inboundNodes.map((n) => this.channels.get(n) ?? null);
    const py = pyLayer(p, `self.${attr}`, this.spell(inputs[0]), this.file.logitsLayer === p.layer.name);
    if (py === null) {
      this.file.unsupported = p.layer;
      return;
    }
    this.layers.set(p, { attr, py });
    this.channels.set(p.layer.name, channelsOut(p.layer, inputs, p));
    if (py.module !== null) this.init.push(`        self.${attr} = ${py.module}`);
    for (const line of py.setup) this.init.push(`        ${line}`);
    // A layer frozen in Stride (trainable: false) trains frozen here too: no gradient, never updated.
    if (py.module !== null && p.layer.config.trainable === false)
      this.init.push(`        self.${attr}.requires_grad_(False)  # frozen (trainable: false)`);
    if (py.weights !== undefined) this.entries.push({ name: p.layer.name, path: attr, kind: py.weights });
    if (py.avgPoolHelper === true) this.file.avgPoolHelper = true;
    if (py.bilinearHelper === true) this.file.bilinearHelper = true;
  }

  private declareUse(use: BlockUse): void {
    const owner = new PyOwner(this.file, use);
    owner.declare(use.steps);
    if (this.file.unsupported !== null) return;
    const key = [classParam(use), ...owner.init, ...owner.forward(use.steps, false)].join('\n');
    const variant = this.file.classes.variantOf(use, () => ({ key, data: owner }));
    const attr = this.claim(snakeName(use.node.id));
    this.uses.set(use, attr);
    const input = this.channels.get(use.inputName) ?? null;
    const argument = this.spell(input) ?? `${use.inputShape[use.inputShape.length - 1] ?? 0}`;
    this.init.push(`        self.${attr} = ${variant.name}(${argument})`);
    for (const e of owner.entries) this.entries.push({ ...e, path: `${attr}.${e.path}` });
    const t = owner.transfer();
    this.channels.set(
      use.outputName,
      t === null
        ? null
        : t.k === 0
          ? t
          : input === null
            ? null
            : { k: t.k * input.k, c: t.k * input.c + t.c },
    );
  }

  /** `forward`'s (or a helper method's) statements, 8 spaces in. */
  forward(steps: readonly Step[], withShapes: boolean): string[] {
    const lines: string[] = [];
    const indent = '        ';
    const ref = (v: ValueRef) => (v.kind === 'slot' ? 'x' : v.name);
    const assign = (dest: Destination, e: string) =>
      dest.kind === 'return' ? `return ${e}` : `${dest.kind === 'slot' ? 'x' : dest.name} = ${e}`;
    for (const step of steps) {
      if (step.kind === 'call' || step.kind === 'use') {
        const callee = step.kind === 'call' ? this.file.methods.get(step.block) : this.uses.get(step.use);
        lines.push(`${indent}${assign(step.dest, `self.${callee ?? ''}(${ref(step.input)})`)}`);
        continue;
      }
      const e = this.layers.get(step.planned);
      if (e === undefined) continue;
      const expression = e.py.expression(`self.${e.attr}`, step.inputs.map(ref));
      // The final softmax left to predict(): nothing to compute.
      if (step.dest.kind === 'slot' && expression === 'x') continue;
      if (step.comment !== null)
        lines.push(`${indent}# ${pyComment(commentLine(step.comment, nchw, withShapes))}`);
      lines.push(`${indent}${assign(step.dest, expression)}`);
    }
    return lines;
  }
}
