import type { Result } from '../api/errors';
import type { GraphAnalysis } from '../analysis/types';
import type { GraphDoc } from '../graph/schema';
import type { BlockUse, CodePlan } from './plan';
import type { KerasLayer } from './keras-topology';
import type { Variant } from './definitions';
import type { PyFile } from './pytorch-scope';
import type { PyWeights } from './pytorch-layers';
import type { TrainingChoiceInput } from './training';
import { fail, ok } from '../api/errors';
import { analyzeGraph } from '../analysis/analyze';
import { fmtInt, shapeText } from '../layers/common/format';
import { planCode } from './plan';
import { camelName, commentText, fileStem, NameAllocator, PY_RESERVED, snakeName } from './names';
import { definitionBase, Definitions } from './definitions';
import { classParam, nchw, PyOwner } from './pytorch-scope';

/** Docstrings wrap at the width the rest of the file keeps. */
const WIDTH = 110;
import { pyTrainSection } from './pytorch-train';
import { outputKind, trainingChoice } from './training';

export interface PyTorchOptions {
  /** The training script's defaults; `false` leaves the script out (the file then only defines Model). */
  readonly training?: TrainingChoiceInput | false;
  /** The file's name, quoted in its usage line (default `<stem>.py`). */
  readonly fileName?: string | undefined;
}

const docText = (s: string) => commentText(s).replace(/\\/g, '/').replace(/"/g, "'");
const pyString = (s: string) => JSON.stringify(s);

const AVG_POOL_HELPER = `def _avg_pool_same(x, kernel_size, stride, pads):
    """TensorFlow's 'same' average pooling with uneven padding: the mean over the real pixels only."""
    ones = torch.ones_like(x[:, :1])
    total = F.avg_pool2d(F.pad(x, pads), kernel_size, stride)
    count = F.avg_pool2d(F.pad(ones, pads), kernel_size, stride)
    return total / count
`;

/**
 * How load_keras_weights copies each kind of weighted layer (PyLayer['weights']): Python lines run with
 * `module` (the PyTorch module) and `values` (the layer's Keras arrays as tensors, in get_weights() order).
 */
const WEIGHT_PORTS: Readonly<Record<PyWeights, readonly string[]>> = {
  conv: [
    'module.weight.copy_(values[0].permute(3, 2, 0, 1))',
    'if module.bias is not None:',
    '    module.bias.copy_(values[1])',
  ],
  dense: [
    'module.weight.copy_(values[0].t())',
    'if module.bias is not None:',
    '    module.bias.copy_(values[1])',
  ],
  batchnorm: [
    'gamma, beta, mean, var = values',
    'module.weight.copy_(gamma)',
    'module.bias.copy_(beta)',
    'module.running_mean.copy_(mean)',
    'module.running_var.copy_(var)',
  ],
  batchnorm_gamma: [
    'gamma, mean, var = values',
    'module.weight.copy_(gamma)',
    'module.running_mean.copy_(mean)',
    'module.running_var.copy_(var)',
  ],
  batchnorm_beta: [
    'beta, mean, var = values',
    'module.bias.copy_(beta)',
    'module.running_mean.copy_(mean)',
    'module.running_var.copy_(var)',
  ],
  batchnorm_stats: ['mean, var = values', 'module.running_mean.copy_(mean)', 'module.running_var.copy_(var)'],
};

const LOAD_WEIGHTS = `def load_keras_weights(model, weights):
    """Copies Keras/tfjs weights into the model: \`weights\` maps a layer name to the list of arrays that
    layer.get_weights() returns (kernel [FH, FW, Cin, F] and bias; Dense kernel [in, out]; BatchNorm γ, β,
    moving mean, moving variance, without γ/β when scale/center is off)."""
    with torch.no_grad():
        for name, arrays in weights.items():
            path, kind = KERAS_LAYERS[name]
            module = model
            for attr in path.split("."):
                module = getattr(module, attr)
            values = [torch.as_tensor(a, dtype=torch.float32) for a in arrays]
${(Object.entries(WEIGHT_PORTS) as [PyWeights, readonly string[]][])
  .map(
    ([kind, lines], i) =>
      `            ${i === 0 ? 'if' : 'elif'} kind == "${kind}":\n${lines.map((l) => `                ${l}`).join('\n')}`,
  )
  .join('\n')}
`;

function header(plan: CodePlan, training: boolean, file: string): string {
  const { totals } = plan.analysis;
  const output = plan.analysis.primitives.get(plan.analysis.expanded.output ?? '')?.outputShape ?? [];
  const input = nchw(plan.input.outputShape);
  const running = totals.nonTrainableParams;
  return [
    `"""${docText(plan.doc.name)}: exported from Stride as a PyTorch module.`,
    '',
    `Input: N×${input.join('×')} (NCHW, channels first). Output: N×${nchw(output).join('×')}.`,
    `${fmtInt(totals.trainableParams)} trainable parameters${running > 0 ? ` (Stride also counts ${fmtInt(running)} BatchNorm running statistics, buffers here)` : ''}.`,
    '',
    "The same network as the graph and its TensorFlow.js export: 'same' padding is TensorFlow's (the odd pixel",
    "at the bottom/right), explicit padding is zeros, LRN is nn.LocalResponseNorm with the paper's α, min",
    'pooling is −max_pool(−x), and Flatten reads channels-last (permute(0, 2, 3, 1)) as Keras does, so weights',
    'trained by Stride (tfjs) port unchanged: see load_keras_weights.',
    ...(training
      ? [
          '',
          `Train: python ${file} --help (one process), or torchrun --nproc_per_node=N ${file} (N GPUs; --nnodes`,
          'for a cluster): the script at the end of this file.',
        ]
      : []),
    '"""',
    ...(training ? ['import argparse', 'import os', ''] : []),
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    '',
    `INPUT_SHAPE = (${input.join(', ')}${input.length === 1 ? ',' : ''})`,
  ].join('\n');
}

function blockClass(variant: Variant<PyOwner>, classes: Definitions<PyOwner>): string {
  const use = variant.uses[0] as BlockUse;
  const about = classes.describe(
    variant,
    WIDTH - 4,
    nchw,
    `Built with the ${classParam(use)} of each use${use.inputShape.length === 3 ? ' (shapes C×H×W)' : ''}; ` +
      'the Keras layers of a use are named <use>_<part>.',
    (count) =>
      `Its modules depend on more than the input channels (sizes after a Flatten, 'same' padding with a ` +
      `stride, a Residual shortcut, ...), so it has ${count} classes: one per distinct input.`,
  );
  const docstring = [
    `    """${docText(about.summary.join(' '))}`,
    '',
    ...about.body.map((l) => `    ${docText(l)}`),
    '    """',
  ];
  return [
    `class ${variant.name}(nn.Module):`,
    ...docstring,
    '',
    `    def __init__(self, ${classParam(use)}):`,
    '        super().__init__()',
    ...variant.data.init,
    '',
    '    def forward(self, x):',
    ...variant.data.forward(use.steps, variant.uses.length === 1),
  ].join('\n');
}

/**
 * The graph as one Python file: `class Model(nn.Module)` built with no arguments, NCHW input, one method per
 * Inception/Residual block, one `nn.Module` class per user block definition (built with each use's input
 * channels), a `load_keras_weights` helper to port weights trained by Stride, and (unless left out) an
 * argparse training script that also runs under torchrun with DistributedDataParallel.
 */
export function toPyTorch(
  doc: GraphDoc,
  options: PyTorchOptions = {},
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<string> {
  const planned = planCode(doc, { varName: snakeName, reserved: new Set([...PY_RESERVED, 'x']) }, analysis);
  if (!planned.ok) return planned;
  const plan = planned.value;
  // Class names are PascalCase (`ConvBnPool`, `ConvBnPool_2`): they never meet the file's snake_case and
  // UPPER_CASE names, only the reserved ones (`Model`, `F`).
  const classNames = new NameAllocator(PY_RESERVED);
  const file: PyFile = {
    classes: new Definitions<PyOwner>(classNames, (use) => definitionBase(use, pascalName)),
    methods: new Map(),
    avgPoolHelper: false,
    unsupported: null,
  };
  // Modules are declared in execution order: blocks where they are called.
  const model = new PyOwner(file, null);
  model.declare(plan.steps);
  const bad = file.unsupported as KerasLayer | null;
  if (bad !== null)
    return fail('CODEGEN_UNSUPPORTED', `No PyTorch for layer ${bad.name} (${bad.className}).`);
  for (const b of plan.blocks) file.methods.set(b, model.claim(snakeName(b.baseName)));

  const methods = plan.blocks.map((b) => {
    const title = `${b.node.id}${b.node.name !== b.node.id ? ` (${b.node.name})` : ''}`;
    return [
      '',
      `    def ${file.methods.get(b) as string}(self, x):`,
      `        """${docText(`${title}: ${b.notation}, ${shapeText(nchw(b.inputShape))} → ${shapeText(nchw(b.outputShape))} (C×H×W).`)}"""`,
      ...model.forward(b.steps, true),
    ].join('\n');
  });
  const kerasLayers = [
    '# Keras/tfjs layer name → (module path, kind), for load_keras_weights.',
    'KERAS_LAYERS = {',
    ...model.entries.map((e) => `    ${pyString(e.name)}: (${pyString(e.path)}, ${pyString(e.kind)}),`),
    '}',
  ].join('\n');
  const training = options.training === false ? null : trainingChoice(options.training ?? {});
  // The script trains a classifier: it needs a vector output (class scores).
  const outputShape = plan.analysis.primitives.get(plan.analysis.expanded.output ?? '')?.outputShape;
  const train = training !== null && outputShape?.length === 1;
  const modelClass = [
    'class Model(nn.Module):',
    `    """${docText(plan.doc.name)} (${fmtInt(plan.analysis.totals.trainableParams)} trainable parameters)."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(model.init.length === 0 ? ['        pass'] : model.init),
    ...methods,
    '',
    '    def forward(self, x):',
    ...model.forward(plan.steps, true),
    `        return ${plan.output.kind === 'slot' ? 'x' : plan.output.name}`,
  ].join('\n');
  const sections = [
    header(plan, train, commentText(options.fileName ?? `${fileStem(doc.name)}.py`)),
    ...(file.avgPoolHelper ? [AVG_POOL_HELPER] : []),
    ...file.classes.order.map((v) => blockClass(v, file.classes)),
    modelClass,
    kerasLayers,
    LOAD_WEIGHTS,
    ...(train && training !== null ? [pyTrainSection(doc.name, training, outputKind(plan.topology))] : []),
  ];
  // Two blank lines between top-level definitions, as PEP 8 asks.
  return ok(`${sections.map((t) => t.replace(/\n+$/, '')).join('\n\n\n')}\n`);
}

/** `conv bn pool` → `ConvBnPool`. */
const pascalName = (s: string) => {
  const camel = camelName(s);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
};
