import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { presets } from '../../../shared/presets';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { PYTHON, torchMissing } from '../codegen/python';
import { skipWithReason } from '../../setup/skip';

/**
 * The presets against PyTorch: torchvision's vgg16/resnet18/34/50 as shipped, and explicit PyTorch models
 * for the networks torchvision lacks or builds differently (LeNet-5, the seed MNIST nets, the single-tower
 * AlexNet of seed 003 and the paper's two-tower AlexNet with grouped convolutions, GoogLeNet as in table 1 — plus torchvision's GoogLeNet with its BatchNorm removed and
 * its 3×3 "5×5" branch widened, which must land on the same count). Needs Debian's python3-torch.
 */

interface Reference {
  params: number;
  running: number;
  /** Conv2d and Linear multiply-accumulates for one image, counted by forward hooks in PyTorch. */
  macs: number;
  shapes: Record<string, number[]>;
  torchvision?: { raw: number; adjusted: number };
}

let reference: Record<string, Reference> | null = null;
let reason = '';

beforeAll(() => {
  const missing = torchMissing();
  if (missing !== null) {
    reason = missing;
    return;
  }
  const run = spawnSync(PYTHON, [join(__dirname, 'torch_reference.py')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  // Only a missing torch or torchvision is a reason to skip; any other failure of the reference fails.
  const absent = torchMissing(run);
  if (absent !== null) {
    reason = absent;
    return;
  }
  if (run.status !== 0) throw new Error(`torch reference failed (${run.status}): ${run.stderr.slice(-2000)}`);
  reference = JSON.parse(run.stdout) as Record<string, Reference>;
}, 130_000);

/** torchvision's squeezenet1_1 `features.<i>` / `classifier.<i>` → Stride node ids. */
const SQUEEZENET: Record<string, string> = {
  'features.0': 'conv1',
  'features.2': 'pool1',
  'features.3': 'fire2',
  'features.4': 'fire3',
  'features.5': 'pool3',
  'features.6': 'fire4',
  'features.7': 'fire5',
  'features.8': 'pool5',
  'features.9': 'fire6',
  'features.10': 'fire7',
  'features.11': 'fire8',
  'features.12': 'fire9',
  'classifier.1': 'conv10',
};

/** torch module name → Stride node id (resnet `layer2.0` → `layer2_0`; vgg's avgpool is pool5). */
const nodeFor = (presetId: string, name: string) =>
  presetId === 'vgg16'
    ? ({ avgpool: 'pool5', classifier: 'fc8' } as Record<string, string>)[name]
    : presetId === 'squeezenet1_1'
      ? SQUEEZENET[name]
      : presetId === 'densenet121'
        ? name.replace('features.', '').replace('.', '_')
        : name.replace('.', '_');

describe('presets match PyTorch / torchvision', () => {
  for (const preset of presets) {
    const id = preset.id;
    it(`${id}: parameter counts and layer shapes`, (ctx) => {
      if (reference === null) return skipWithReason(ctx, reason);
      const ref = reference?.[id];
      expect(ref).toBeDefined();
      if (ref === undefined) return;
      const a = analyzeGraph(preset.build());
      // PyTorch parameters are the trainable weights; BatchNorm running mean/var are buffers there and
      // non-trainable weights in Keras.
      expect(a.totals.trainableParams).toBe(ref.params);
      expect(a.totals.nonTrainableParams).toBe(ref.running);
      expect(a.totals.macs).toBe(ref.macs);
      let compared = 0;
      for (const [name, chw] of Object.entries(ref.shapes)) {
        const nodeId = nodeFor(id, name);
        const ours = nodeId === undefined ? undefined : a.nodes.get(nodeId)?.outputShape;
        if (ours === undefined || ours === null || ours.length !== chw.length) continue;
        const hwc = chw.length === 3 ? [chw[1], chw[2], chw[0]] : chw;
        expect([nodeId, ours]).toEqual([nodeId, hwc]);
        compared += 1;
      }
      expect(compared).toBeGreaterThanOrEqual(2);
      if (id === 'googlenet') expect(ref.torchvision?.adjusted).toBe(a.totals.params);
    });
  }
});

describe("the PyTorch export of the modern presets has torchvision's parameter count", () => {
  for (const id of ['squeezenet1_1', 'densenet121', 'resnext50', 'mobilenet-v2']) {
    it(`${id}: Model() of the exported file counts what torchvision counts`, (ctx) => {
      if (reference === null) return skipWithReason(ctx, reason);
      const preset = presets.find((p) => p.id === id);
      const py = preset === undefined ? null : toPyTorch(preset.build(), { training: false });
      if (py === null || !py.ok) throw new Error(`${id}: no PyTorch export`);
      const dir = mkdtempSync(join(tmpdir(), 'stride-preset-py-'));
      try {
        const path = join(dir, 'model.py');
        writeFileSync(path, py.value);
        const script = [
          'import importlib.util, json, sys',
          'spec = importlib.util.spec_from_file_location("m", sys.argv[1])',
          'm = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
          'model = m.Model()',
          'print(json.dumps(sum(p.numel() for p in model.parameters() if p.requires_grad)))',
        ].join('\n');
        const run = spawnSync(PYTHON, ['-c', script, path], { encoding: 'utf8', timeout: 120_000 });
        expect(run.stderr).toBe('');
        expect(Number(run.stdout.trim())).toBe(reference?.[id]?.params);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 130_000);
  }
});
