import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { getPreset } from '../../../shared/presets';
import { skipWithReason } from '../../setup/skip';
import { PYTHON, runPython, torchMissing } from './python';

/**
 * The training script at the end of the PyTorch export: one process, and two processes wired the way torchrun
 * wires them (WORLD_SIZE/RANK/LOCAL_RANK/MASTER_ADDR/MASTER_PORT; gloo on CPU), on random data.
 */
const dir = mkdtempSync(join(tmpdir(), 'stride-pytorch-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exportLenet(): string {
  const doc = getPreset('lenet5')?.build();
  if (doc === undefined) throw new Error('no lenet5');
  const py = toPyTorch(doc, {
    training: { optimizer: 'momentum', learningRate: 0.05, epochs: 2, batchSize: 8 },
  });
  if (!py.ok) throw new Error(py.error.message);
  const path = join(dir, 'model.py');
  writeFileSync(path, py.value);
  return path;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

function rank(script: string, r: number, port: number, out: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      PYTHON,
      [script, '--synthetic', '--synthetic-size', '32', '--workers', '0', '--out', out],
      {
        env: {
          ...process.env,
          WORLD_SIZE: '2',
          RANK: String(r),
          LOCAL_RANK: String(r),
          MASTER_ADDR: '127.0.0.1',
          MASTER_PORT: String(port),
          OMP_NUM_THREADS: '1',
        },
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('PyTorch export: training script', () => {
  it('trains in one process with the chosen defaults and saves a state_dict Model() loads', (ctx) => {
    const missing = torchMissing();
    if (missing !== null) return skipWithReason(ctx, missing);
    const script = exportLenet();
    const out = join(dir, 'single.pt');
    const run = runPython([script, '--synthetic', '--synthetic-size', '32', '--workers', '0', '--out', out], {
      cwd: dir,
    });
    const reason = torchMissing(run);
    if (reason !== null) return skipWithReason(ctx, reason);
    expect(run.stderr).toBe('');
    // 10 % of the 32 images held out: the validation accuracy of each epoch is printed.
    expect(run.stdout).toMatch(
      /^epoch 1\/2: loss \d+\.\d{4}, accuracy \d\.\d{4}, validation accuracy \d\.\d{4}\nepoch 2\/2: .*\nsaved /m,
    );
    // Without data it refuses to train on noise unless asked to.
    const refused = runPython([script], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/give --data .*, or --synthetic/);
    const load = runPython(
      [
        '-c',
        `import torch, model; m = model.Model(); m.load_state_dict(torch.load(${JSON.stringify(out)})); print("ok")`,
      ],
      { cwd: dir },
    );
    expect(load.stdout.trim()).toBe('ok');
    const help = runPython([script, '--help'], { cwd: dir });
    expect(help.stdout).toContain('--optimizer {sgd,momentum,adam,rmsprop,adagrad,adadelta,adamax}');
    expect(help.stdout).toMatch(/Train LeNet-5 \(exported from Stride\)/);
  });

  it("with no choice, uses the app's defaults; forward gives logits, predict the softmax", (ctx) => {
    const missing = torchMissing();
    if (missing !== null) return skipWithReason(ctx, missing);
    const doc = getPreset('mnist-keras')?.build();
    if (doc === undefined) throw new Error('no mnist-keras');
    const py = toPyTorch(doc);
    if (!py.ok) throw new Error(py.error.message);
    for (const text of [
      '"--epochs", type=int, default=3',
      '"--batch-size", type=int, default=32',
      '"--optimizer", default="adam"',
      '"--lr", type=float, default=0.002',
      '"--validation-split", type=float, default=0.1',
      'keras_init(model)',
      'loss = torch.nn.functional.cross_entropy(logits, labels)',
    ])
      expect(py.value).toContain(text);
    const path = join(dir, 'keras_net.py');
    writeFileSync(path, py.value);
    const check = runPython(
      [
        '-c',
        [
          'import torch, keras_net as k',
          'm = k.Model(); k.keras_init(m); m.eval(); x = torch.rand(3, *k.INPUT_SHAPE)',
          'p = m.predict(x); z = m(x)',
          'print(round(p.sum(1).min().item(), 5), round(z.sum(1).abs().max().item(), 3) != 1.0, (z.softmax(1) - p).abs().max().item() < 1e-7)',
          // Cosine over 4 epochs from 0.002, as the app's runs.
          'print([round(k.learning_rate(0.002, e, 4), 6) for e in range(4)])',
          // Keras init: Glorot-uniform bounds, zero bias.
          'w = m.conv2d_3.weight; print(w.abs().max().item() <= (6 / (9 + 9 * 32)) ** 0.5, m.conv2d_3.bias.abs().max().item())',
        ].join('\n'),
      ],
      { cwd: dir },
    );
    expect(check.stderr).toBe('');
    expect(check.stdout.trim().split('\n')).toEqual([
      '1.0 True True',
      '[0.002, 0.001707, 0.001, 0.000293]',
      'True 0.0',
    ]);
  });

  it('runs data-parallel in two processes as torchrun starts them (DistributedDataParallel, gloo)', async (ctx) => {
    const missing = torchMissing();
    if (missing !== null) return skipWithReason(ctx, missing);
    const script = exportLenet();
    const port = await freePort();
    const out = join(dir, 'ddp.pt');
    const [a, b] = await Promise.all([rank(script, 0, port, out), rank(script, 1, port, out)]);
    const absent = torchMissing({ stderr: a.output });
    if (absent !== null) return skipWithReason(ctx, absent);
    expect({ code: a.code, output: a.output }).toEqual({
      code: 0,
      output: expect.stringContaining('saved '),
    });
    expect(b.code).toBe(0);
    // Only rank 0 reports, with the loss over both shards (all_reduce).
    expect(a.output).toMatch(/epoch 2\/2: loss/);
    expect(b.output).not.toMatch(/epoch/);
  }, 180_000);
});
