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
import { camelName, fileStem, NameAllocator, PY_RESERVED, snakeName } from './names';
import { pyDocstring, pyString } from './escape';
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

const AVG_POOL_HELPER = `def _avg_pool_same(x, kernel_size, stride, pads):
    """TensorFlow's 'same' average pooling with uneven padding: the mean over the real pixels only."""
    ones = torch.ones_like(x[:, :1])
    total = F.avg_pool2d(F.pad(x, pads), kernel_size, stride)
    count = F.avg_pool2d(F.pad(ones, pads), kernel_size, stride)
    return total / count
`;

const BILINEAR_HELPER = `def _upsample_bilinear(x, sh, sw):
    """TensorFlow.js's UpSampling2D(interpolation='bilinear'): resizeBilinear with align_corners=False and
    half_pixel_centers=False, so output pixel i samples the input at i/s, between pixels floor(i/s) and the next
    (the last repeats). F.interpolate(mode='bilinear', align_corners=False) samples at (i + 0.5)/s - 0.5 and
    differs, hence this helper. Columns first, then rows, as tfjs computes it."""
    for dim, s in ((3, sw), (2, sh)):
        if s == 1:
            continue
        n = x.shape[dim]
        src = torch.arange(n * s, device=x.device, dtype=torch.float64) * (n / (n * s))
        lo = src.floor().long()
        hi = (lo + 1).clamp(max=n - 1)
        view = [1, 1, 1, 1]
        view[dim] = -1
        frac = (src - lo).to(x.dtype).view(view)
        a = x.index_select(dim, lo)
        x = a + (x.index_select(dim, hi) - a) * frac
    return x
`;

/**
 * How keras_weights reads each kind of weighted layer back (the inverse of WEIGHT_PORTS): the Keras arrays in
 * get_weights() order, as PyTorch expressions over `module`.
 */
const WEIGHT_READS: Readonly<Record<PyWeights, readonly string[]>> = {
  conv: ['module.weight.permute(2, 3, 1, 0)', 'module.bias'],
  // [C·M, 1, FH, FW] → [FH, FW, C, M]: output channel c·M + m is filter m of channel c.
  depthwise: [
    'module.weight[:, 0].permute(1, 2, 0).reshape(module.weight.shape[2], module.weight.shape[3], module.in_channels, -1)',
    'module.bias',
  ],
  dense: ['module.weight.t()', 'module.bias'],
  batchnorm: ['module.weight', 'module.bias', 'module.running_mean', 'module.running_var'],
  batchnorm_gamma: ['module.weight', 'module.running_mean', 'module.running_var'],
  batchnorm_beta: ['module.bias', 'module.running_mean', 'module.running_var'],
  batchnorm_stats: ['module.running_mean', 'module.running_var'],
};

const KERAS_WEIGHTS = `def keras_weights(model):
    """The way back from load_keras_weights: each Keras layer's arrays in the order layer.get_weights() lists
    them (conv weights OIHW → kernels [FH, FW, Cin, F], Linear [out, in] → Dense [in, out], BatchNorm γ, β,
    moving mean and variance), as float32 CPU tensors (.numpy() for Keras's set_weights): what Stride saves in a
    TensorFlow.js model. A layer without bias has no bias array."""
    out = {}
    with torch.no_grad():
        for name, (path, kind) in KERAS_LAYERS.items():
            module = model
            for attr in path.split("."):
                module = getattr(module, attr)
${(Object.entries(WEIGHT_READS) as [PyWeights, readonly string[]][])
  .map(
    ([kind, reads], i) =>
      `            ${i === 0 ? 'if' : 'elif'} kind == "${kind}":\n                arrays = [${reads.join(', ')}]`,
  )
  .join('\n')}
            arrays = [a for a in arrays if a is not None]
            out[name] = [a.detach().float().cpu().contiguous() for a in arrays]
    return out
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
  depthwise: [
    'k = values[0]',
    'module.weight.copy_(k.reshape(k.shape[0], k.shape[1], -1).permute(2, 0, 1).unsqueeze(1))',
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

/** The file name as one word of a POSIX shell command line (the usage line is meant to be copied). */
const shellWord = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

function header(plan: CodePlan, training: boolean, file: string, logits: boolean): string {
  const { totals } = plan.analysis;
  const command = shellWord(file);
  const output = plan.analysis.primitives.get(plan.analysis.expanded.output ?? '')?.outputShape ?? [];
  const input = nchw(plan.input.outputShape);
  const running = totals.nonTrainableParams;
  return [
    `"""${pyDocstring(plan.doc.name)}: exported from Stride as a PyTorch module.`,
    '',
    `Input: N×${input.join('×')} (NCHW, channels first). Output: N×${nchw(output).join('×')}.`,
    `${fmtInt(totals.trainableParams)} trainable parameters${running > 0 ? ` (Stride also counts ${fmtInt(running)} BatchNorm running statistics, buffers here)` : ''}.`,
    '',
    "The same network as the graph and its TensorFlow.js export: 'same' padding is TensorFlow's (the odd pixel",
    "at the bottom/right), explicit padding is zeros, LRN is nn.LocalResponseNorm with the paper's α, min",
    'pooling is −max_pool(−x), and Flatten reads channels-last (permute(0, 2, 3, 1)) as Keras does, so weights',
    'trained by Stride (tfjs) port unchanged: see load_keras_weights (and keras_weights, the way back).',
    ...(logits
      ? [
          "forward() returns logits (the scores before the graph's final softmax), what CrossEntropyLoss takes;",
          "predict() applies the softmax: the graph's output, equal to Stride's analysis and the tfjs model's.",
        ]
      : ["forward() returns the graph's output (it ends without softmax); predict() is the same."]),
    ...(training
      ? [
          '',
          pyDocstring(
            `Train: python ${command} --help (one process), or torchrun --nproc_per_node=N ${command} (N GPUs; --nnodes`,
          ),
          'for a cluster): the script at the end of this file.',
        ]
      : []),
    '"""',
    ...(training ? ['import argparse', 'import math', 'import os', ''] : []),
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
    `    """${pyDocstring(about.summary.join(' '))}`,
    '',
    ...about.body.map((l) => `    ${pyDocstring(l)}`),
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
  // A graph ending in softmax: forward() returns the logits before it (CrossEntropyLoss), predict() adds it.
  const logits = outputKind(plan.topology) === 'softmax';
  const file: PyFile = {
    classes: new Definitions<PyOwner>(classNames, (use) => definitionBase(use, pascalName)),
    methods: new Map(),
    avgPoolHelper: false,
    bilinearHelper: false,
    unsupported: null,
    logitsLayer: logits ? (plan.topology.outputs[0] ?? null) : null,
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
      `        """${pyDocstring(`${title}: ${b.notation}, ${shapeText(nchw(b.inputShape))} → ${shapeText(nchw(b.outputShape))} (C×H×W).`)}"""`,
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
    `    """${pyDocstring(plan.doc.name)} (${fmtInt(plan.analysis.totals.trainableParams)} trainable parameters)."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(model.init.length === 0 ? ['        pass'] : model.init),
    ...methods,
    '',
    '    def forward(self, x):',
    ...model.forward(plan.steps, true),
    `        return ${plan.output.kind === 'slot' ? 'x' : plan.output.name}`,
    '',
    '    def predict(self, x):',
    ...(logits
      ? [
          `        """The graph's output: class probabilities, the softmax of the logits forward() returns."""`,
          '        return F.softmax(self(x), dim=1)',
        ]
      : [
          `        """The graph's output (it ends without softmax, so forward() gives it as it is)."""`,
          '        return self(x)',
        ]),
  ].join('\n');
  const sections = [
    header(plan, train, options.fileName ?? `${fileStem(doc.name)}.py`, logits),
    ...(file.avgPoolHelper ? [AVG_POOL_HELPER] : []),
    ...(file.bilinearHelper ? [BILINEAR_HELPER] : []),
    ...file.classes.order.map((v) => blockClass(v, file.classes)),
    modelClass,
    kerasLayers,
    LOAD_WEIGHTS,
    KERAS_WEIGHTS,
    ...(train && training !== null ? [pyTrainSection(doc.name, training)] : []),
  ];
  // Two blank lines between top-level definitions, as PEP 8 asks.
  return ok(`${sections.map((t) => t.replace(/\n+$/, '')).join('\n\n\n')}\n`);
}

/** `conv bn pool` → `ConvBnPool`. */
const pascalName = (s: string) => {
  const camel = camelName(s);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
};
