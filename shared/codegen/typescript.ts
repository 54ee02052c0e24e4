import type { Result } from '../api/errors';
import type { GraphAnalysis } from '../analysis/types';
import type { GraphDoc } from '../graph/schema';
import type { BlockScope, BlockUse, CodePlan, Destination, Step, ValueRef } from './plan';
import type { Variant } from './definitions';
import type { TrainingChoiceInput } from './training';
import { ok } from '../api/errors';
import { analyzeGraph } from '../analysis/analyze';
import { getKind } from '../layers/registry';
import { fmtInt, shapeText } from '../layers/common/format';
import { commentLine, planCode } from './plan';
import { camelName, modelName, NameAllocator, TS_RESERVED } from './names';
import { argsCall, callStatement, layerStatement, layout, raw, template, WIDTH } from './ts-format';
import { tsComment, tsString } from './escape';
import { definitionBase, Definitions } from './definitions';
import { GROUP_KIND } from '../graph/library';
import { tsLayerCall } from './ts-layers';
import { CUSTOM_CLASS_NAMES } from '../layers/keras-classes';
import { TS_CUSTOM_LAYERS, tsCustomFactories } from './ts-custom-layers';
import { tsTrainSection } from './ts-train';
import { outputKind, trainingChoice } from './training';

/**
 * The package the generated program imports. Kept apart from the template so that a plain search of shared/
 * for imports of tfjs finds only real ones: shared/ itself never loads tfjs.
 */
const GENERATED_TFJS_PACKAGE = '@tensorflow/tfjs';

export interface TypeScriptOptions {
  /** The optimizer and hyper-parameters `train()` uses by default; `false` leaves `train()` out. */
  readonly training?: TrainingChoiceInput | false;
}

const MODULE_NAMES = [
  'x',
  'input',
  'tf',
  'buildModel',
  'train',
  'TrainData',
  'TrainOptions',
  'StrideLRN',
  'StrideMinPool2D',
  'StrideHardSwish',
  'StridePool2D',
  'StridePoolArgs',
  'StrideLrnArgs',
  'StrideMinPoolArgs',
  'strideLayers',
];

interface PrintEnv {
  /** Inception/Residual helpers (one per use). */
  readonly helpers: ReadonlyMap<BlockScope, string>;
  /** The helper of a user block's definition a use calls. */
  readonly helperOf: (use: BlockUse) => string;
}

/**
 * Spells a scope's steps; `slot` is what the running variable is called before its first assignment. In a
 * definition's helper (`prefix` set) layer names are `${prefix}_<part>`, so every use names its layers as
 * the graph does.
 */
class ScopePrinter {
  private slotName: string;
  private slotDeclared: boolean;
  readonly lines: string[] = [];

  constructor(
    initialSlot: string,
    slotDeclared: boolean,
    private readonly env: PrintEnv,
    private readonly prefix: string | null = null,
    private readonly withShapes = true,
  ) {
    this.slotName = initialSlot;
    this.slotDeclared = slotDeclared;
  }

  ref(v: ValueRef): string {
    return v.kind === 'slot' ? this.slotName : v.name;
  }

  private lhs(dest: Destination): string {
    if (dest.kind === 'return') return 'return ';
    if (dest.kind === 'var') return `const ${dest.name} = `;
    const declared = this.slotDeclared;
    this.slotDeclared = true;
    this.slotName = 'x';
    return declared ? 'x = ' : 'let x = ';
  }

  /** A layer name: literal, or relative to the helper's `prefix` parameter. */
  private nameOf(name: string): string {
    return this.prefix === null ? tsString(name) : template('prefix', name.slice(this.prefix.length));
  }

  step(step: Step): void {
    const indent = '  ';
    if (step.kind === 'call') {
      const input = this.ref(step.input);
      this.lines.push(`${indent}${this.lhs(step.dest)}${this.env.helpers.get(step.block) ?? ''}(${input});`);
      return;
    }
    if (step.kind === 'use') {
      const args = [this.ref(step.input), this.nameOf(step.use.prefix)];
      const helper = this.env.helperOf(step.use);
      this.lines.push(argsCall(indent, this.lhs(step.dest), helper, args));
      return;
    }
    const layer = step.planned.layer;
    const call = tsLayerCall(layer);
    if (call === null) throw new Error(`no TypeScript for ${layer.className}`);
    const config =
      this.prefix === null ? call.config : { ...call.config, name: raw(this.nameOf(layer.name)) };
    const inputs = step.inputs.map((i) => raw(this.ref(i)));
    const input = inputs.length === 1 ? (inputs[0] as ReturnType<typeof raw>) : inputs;
    if (step.comment !== null)
      this.lines.push(`${indent}// ${tsComment(commentLine(step.comment, undefined, this.withShapes))}`);
    const lhs = this.lhs(step.dest);
    this.lines.push(layerStatement(indent, lhs, call.head, call.factory, config, input));
  }
}

function header(plan: CodePlan): string {
  const { totals } = plan.analysis;
  const output = plan.analysis.primitives.get(plan.analysis.expanded.output ?? '')?.outputShape ?? null;
  return [
    '/**',
    ` * ${tsComment(plan.doc.name)}: exported from Stride as a TensorFlow.js model (layers, functional API).`,
    ` * Input ${shapeText(plan.input.outputShape)} → output ${shapeText(output)}; ${fmtInt(totals.params)} parameters ` +
      `(${fmtInt(totals.trainableParams)} trainable);`,
    ` * ${fmtInt(totals.macs)} multiply-accumulates per sample.`,
    ' * Layer names match the graph, so a model.json saved by a Stride training run loads its weights into this',
    ' * model. Generated code: change the graph in Stride and export again rather than editing by hand.',
    ' */',
    `import * as tf from '${GENERATED_TFJS_PACKAGE}';`,
    '',
  ].join('\n');
}

function blockHelper(block: BlockScope, name: string, env: PrintEnv): string {
  const printer = new ScopePrinter('x', true, env);
  for (const step of block.steps) printer.step(step);
  const title = `${block.node.id}${block.node.name !== block.node.id ? ` (${block.node.name})` : ''}`;
  return [
    `/** ${tsComment(`${title}: ${block.notation}, ${shapeText(block.inputShape)} → ${shapeText(block.outputShape)}.`)} */`,
    `function ${name}(x: tf.SymbolicTensor): tf.SymbolicTensor {`,
    ...printer.lines,
    '}',
    '',
  ].join('\n');
}

function buildModelFunction(plan: CodePlan, env: PrintEnv): string {
  const printer = new ScopePrinter('input', false, env);
  for (const step of plan.steps) printer.step(step);
  const input = callStatement('  ', 'const input = ', 'tf.input', {
    shape: [...plan.input.outputShape],
    name: plan.input.layer.name,
  });
  // Layers frozen in Stride (trainable: false) stay frozen in the program: fit() leaves their weights alone.
  const frozen = plan.topology.layers.filter((l) => l.config.trainable === false).map((l) => l.name);
  const modelArgs = {
    inputs: raw('input'),
    outputs: raw(printer.ref(plan.output)),
    name: modelName(plan.topology.name),
  };
  const model =
    frozen.length === 0
      ? callStatement('  ', 'return ', 'tf.model', modelArgs)
      : [
          callStatement('  ', 'const model = ', 'tf.model', modelArgs),
          "  // Frozen in Stride (trainable: false): training leaves these layers' weights as they are.",
          `  for (const name of ${layout(frozen, '  ', 'for (const name of ', ') {')}) {`,
          '    model.getLayer(name).trainable = false;',
          '  }',
          '  return model;',
        ].join('\n');
  return [
    plan.blocks.length === 0 && !plan.steps.some((s) => s.kind === 'use')
      ? '/** Builds the network; each statement is one layer of the graph. */'
      : '/** Builds the network; each statement is one layer of the graph, each block one of the helpers above. */',
    'export function buildModel(): tf.LayersModel {',
    input,
    ...printer.lines,
    model,
    '}',
    '',
  ].join('\n');
}

/**
 * The graph as one standalone ES module: `buildModel()` with the tfjs layers functional API (padding exactly
 * as the analysis computes it, explicit pads as ZeroPadding2D), a helper function per Inception/Residual
 * block and one per user block definition (given a layer-name prefix per use), the custom LRN/min-pool layers
 * it needs, and `train()`. Deterministic: the same graph always gives the same text.
 */
export function toTypeScript(
  doc: GraphDoc,
  options: TypeScriptOptions = {},
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<string> {
  const moduleNames = new NameAllocator([...TS_RESERVED, ...MODULE_NAMES]);
  const blockIds = doc.nodes
    .filter((n) => n.kind !== GROUP_KIND && getKind(n.kind)?.expand !== undefined)
    .map((n) => n.id);
  const helperNames = new Map(blockIds.map((id) => [id, moduleNames.claim(camelName(id))]));
  const reserved = new Set([...moduleNames.names(), 'x', 'input', 'prefix']);
  const planned = planCode(doc, { varName: camelName, reserved }, analysis);
  if (!planned.ok) return planned;
  const plan = planned.value;
  // A definition's helper must not be shadowed by a variable of any scope that calls it.
  const definitionNames = new NameAllocator([...reserved, ...variableNames(plan.steps)]);
  const definitions = new Definitions<null>(definitionNames, (use) => definitionBase(use, camelName));
  const printUse = (use: BlockUse, withShapes: boolean): string[] => {
    const printer = new ScopePrinter('x', true, env, use.prefix, withShapes);
    for (const step of use.steps) printer.step(step);
    return printer.lines;
  };
  const env: PrintEnv = {
    helpers: new Map(plan.blocks.map((b) => [b, helperNames.get(b.node.id) ?? camelName(b.baseName)])),
    helperOf: (use) =>
      definitions.variantOf(use, () => ({ key: printUse(use, false).join('\n'), data: null })).name,
  };
  const classes = new Set(plan.topology.layers.map((l) => l.className));
  const custom = CUSTOM_CLASS_NAMES.filter((c) => classes.has(c));
  const blockHelpers = plan.blocks.map((block) => blockHelper(block, env.helpers.get(block) as string, env));
  const body = buildModelFunction(plan, env);
  const parts = [header(plan)];
  for (const c of custom) parts.push(TS_CUSTOM_LAYERS[c].source);
  if (custom.length > 0) parts.push(tsCustomFactories(custom));
  for (const variant of definitions.order) parts.push(definitionHelper(variant, definitions, printUse));
  parts.push(...blockHelpers, body);
  if (options.training !== false) {
    parts.push(tsTrainSection(trainingChoice(options.training ?? {}), outputKind(plan.topology)));
  }
  return ok(`${parts.join('\n').replace(/\n+$/, '')}\n`);
}

/** Every variable any scope declares (`const name = ...`), user block helpers included. */
function variableNames(steps: readonly Step[]): string[] {
  return steps.flatMap((s) => [
    ...(s.dest.kind === 'var' ? [s.dest.name] : []),
    ...(s.kind === 'call'
      ? variableNames(s.block.steps)
      : s.kind === 'use'
        ? variableNames(s.use.steps)
        : []),
  ]);
}

function definitionHelper(
  variant: Variant<null>,
  definitions: Definitions<null>,
  printUse: (use: BlockUse, withShapes: boolean) => string[],
): string {
  // Shapes in the comments only when the helper runs on one input.
  const lines = printUse(variant.uses[0] as BlockUse, variant.uses.length === 1);
  const about = definitions.describe(
    variant,
    WIDTH - 3,
    (s) => s,
    'Its layers are named `${prefix}_<part>`, as in the graph.',
    (count) =>
      `It builds different layers for different inputs (a Residual shortcut projects only when the ` +
      `channels or the stride change), so it has ${count} helpers; each use calls the one for its input.`,
  );
  return [
    '/**',
    ...[...about.summary, ...about.body].map((l) => ` * ${tsComment(l)}`),
    ' */',
    `function ${variant.name}(x: tf.SymbolicTensor, prefix: string): tf.SymbolicTensor {`,
    ...lines,
    '}',
    '',
  ].join('\n');
}
