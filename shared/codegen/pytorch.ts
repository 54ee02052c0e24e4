import type { Result } from '../api/errors';
import type { GraphAnalysis } from '../analysis/types';
import type { GraphDoc } from '../graph/schema';
import type { BlockScope, CodePlan, Destination, PlannedLayer, Step, ValueRef } from './plan';
import type { PyLayer } from './pytorch-layers';
import type { TrainingChoiceInput } from './training';
import { fail, ok } from '../api/errors';
import { analyzeGraph } from '../analysis/analyze';
import { fmtInt, shapeText } from '../layers/common/format';
import { commentLine, planCode } from './plan';
import { commentText, fileStem, NameAllocator, PY_RESERVED, snakeName } from './names';
import { pyLayer } from './pytorch-layers';
import { pyTrainSection } from './pytorch-train';
import { outputKind, trainingChoice } from './training';

export interface PyTorchOptions {
  /** The training script's defaults; `false` leaves the script out (the file then only defines Model). */
  readonly training?: TrainingChoiceInput | false;
  /** The file's name, quoted in its usage line (default `<stem>.py`). */
  readonly fileName?: string | undefined;
}

interface Emitted {
  readonly attr: string;
  readonly py: PyLayer;
}

const docText = (s: string) => commentText(s).replace(/\\/g, '/').replace(/"/g, "'");
const pyString = (s: string) => JSON.stringify(s);
const nchw = (shape: readonly number[]): number[] =>
  shape.length === 3 ? [shape[2] ?? 0, shape[0] ?? 0, shape[1] ?? 0] : [...shape];

class PyScope {
  readonly lines: string[] = [];
  constructor(
    private readonly emitted: ReadonlyMap<PlannedLayer, Emitted>,
    private readonly methods: ReadonlyMap<BlockScope, string>,
  ) {}

  private ref = (v: ValueRef) => (v.kind === 'slot' ? 'x' : v.name);

  private assign(dest: Destination, expression: string): string {
    if (dest.kind === 'return') return `return ${expression}`;
    return `${dest.kind === 'slot' ? 'x' : dest.name} = ${expression}`;
  }

  step(step: Step): void {
    const indent = '        ';
    if (step.kind === 'call') {
      const call = `self.${this.methods.get(step.block) ?? ''}(${this.ref(step.input)})`;
      this.lines.push(`${indent}${this.assign(step.dest, call)}`);
      return;
    }
    const e = this.emitted.get(step.planned) as Emitted;
    if (step.comment !== null) this.lines.push(`${indent}# ${commentLine(step.comment, nchw)}`);
    const expression = e.py.expression(`self.${e.attr}`, step.inputs.map(this.ref));
    this.lines.push(`${indent}${this.assign(step.dest, expression)}`);
  }

  result(output: ValueRef): string {
    return this.ref(output);
  }
}

const AVG_POOL_HELPER = `def _avg_pool_same(x, kernel_size, stride, pads):
    """TensorFlow's 'same' average pooling with uneven padding: the mean over the real pixels only."""
    ones = torch.ones_like(x[:, :1])
    total = F.avg_pool2d(F.pad(x, pads), kernel_size, stride)
    count = F.avg_pool2d(F.pad(ones, pads), kernel_size, stride)
    return total / count
`;

const LOAD_WEIGHTS = `def load_keras_weights(model, weights):
    """Copies Keras/tfjs weights into the model: \`weights\` maps a layer name to the list of arrays that
    layer.get_weights() returns (kernel [FH, FW, Cin, F] and bias; Dense kernel [in, out]; BatchNorm γ, β,
    moving mean, moving variance, without γ/β when scale/center is off)."""
    with torch.no_grad():
        for name, arrays in weights.items():
            attr, kind = KERAS_LAYERS[name]
            module = getattr(model, attr)
            values = [torch.as_tensor(a, dtype=torch.float32) for a in arrays]
            if kind == "conv":
                module.weight.copy_(values[0].permute(3, 2, 0, 1))
            elif kind == "dense":
                module.weight.copy_(values[0].t())
            if kind in ("conv", "dense") and module.bias is not None:
                module.bias.copy_(values[1])
            if kind.startswith("batchnorm"):
                *affine, mean, var = values
                if kind in ("batchnorm", "batchnorm_gamma"):
                    module.weight.copy_(affine.pop(0))
                if kind in ("batchnorm", "batchnorm_beta"):
                    module.bias.copy_(affine.pop(0))
                module.running_mean.copy_(mean)
                module.running_var.copy_(var)
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

/**
 * The graph as one Python file: `class Model(nn.Module)` built with no arguments, NCHW input, one method per
 * Inception/Residual block, a `load_keras_weights` helper to port weights trained by Stride, and (unless left
 * out) an argparse training script that also runs under torchrun with DistributedDataParallel.
 */
export function toPyTorch(
  doc: GraphDoc,
  options: PyTorchOptions = {},
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<string> {
  const attrs = new NameAllocator(PY_RESERVED);
  const planned = planCode(doc, { varName: snakeName, reserved: new Set([...PY_RESERVED, 'x']) }, analysis);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const emitted = new Map<PlannedLayer, Emitted>();
  const collect = (steps: readonly Step[]) => {
    for (const s of steps) {
      if (s.kind !== 'layer') continue;
      const attr = attrs.claim(snakeName(s.planned.layer.name));
      const py = pyLayer(s.planned, `self.${attr}`);
      if (py === null) return s.planned.layer;
      emitted.set(s.planned, { attr, py });
    }
    return null;
  };
  // Modules are declared in execution order: blocks where they are called.
  for (const s of plan.steps) {
    const bad = s.kind === 'layer' ? collect([s]) : collect(s.block.steps);
    if (bad !== null)
      return fail('CODEGEN_UNSUPPORTED', `No PyTorch for layer ${bad.name} (${bad.className}).`);
  }
  const methods = new Map(plan.blocks.map((b) => [b, attrs.claim(snakeName(b.baseName))]));

  const init: string[] = [];
  for (const { attr, py } of emitted.values()) {
    if (py.module !== null) init.push(`        self.${attr} = ${py.module}`);
    for (const line of py.setup) init.push(`        ${line}`);
  }
  const top = new PyScope(emitted, methods);
  for (const s of plan.steps) top.step(s);
  const blocks = plan.blocks.map((b) => {
    const scope = new PyScope(emitted, methods);
    for (const s of b.steps) scope.step(s);
    const title = `${b.node.id}${b.node.name !== b.node.id ? ` (${b.node.name})` : ''}`;
    return [
      '',
      `    def ${methods.get(b) as string}(self, x):`,
      `        """${docText(`${title}: ${b.notation}, ${shapeText(nchw(b.inputShape))} → ${shapeText(nchw(b.outputShape))} (C×H×W).`)}"""`,
      ...scope.lines,
    ].join('\n');
  });
  const weighted = [...emitted.entries()].filter(([, e]) => e.py.weights !== undefined);
  const kerasLayers = [
    '# Keras/tfjs layer name → (attribute, kind), for load_keras_weights.',
    'KERAS_LAYERS = {',
    ...weighted.map(
      ([p, e]) =>
        `    ${pyString(p.layer.name)}: (${pyString(e.attr)}, ${pyString(e.py.weights as string)}),`,
    ),
    '}',
  ].join('\n');
  const training = options.training === false ? null : trainingChoice(options.training ?? {});
  // The script trains a classifier: it needs a vector output (class scores).
  const outputShape = plan.analysis.primitives.get(plan.analysis.expanded.output ?? '')?.outputShape;
  const train = training !== null && outputShape?.length === 1;
  const avgPool = [...emitted.values()].some((e) => e.py.avgPoolHelper === true);
  const model = [
    'class Model(nn.Module):',
    `    """${docText(plan.doc.name)} (${fmtInt(plan.analysis.totals.trainableParams)} trainable parameters)."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length === 0 ? ['        pass'] : init),
    ...blocks,
    '',
    '    def forward(self, x):',
    ...top.lines,
    `        return ${top.result(plan.output)}`,
  ].join('\n');
  const sections = [
    header(plan, train, commentText(options.fileName ?? `${fileStem(doc.name)}.py`)),
    ...(avgPool ? [AVG_POOL_HELPER] : []),
    model,
    kerasLayers,
    LOAD_WEIGHTS,
    ...(train && training !== null ? [pyTrainSection(doc.name, training, outputKind(plan.topology))] : []),
  ];
  // Two blank lines between top-level definitions, as PEP 8 asks.
  return ok(`${sections.map((t) => t.replace(/\n+$/, '')).join('\n\n\n')}\n`);
}
