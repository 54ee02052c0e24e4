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
    const child = spawn(PYTHON, [script, '--synthetic-size', '32', '--workers', '0', '--out', out], {
      env: {
        ...process.env,
        WORLD_SIZE: '2',
        RANK: String(r),
        LOCAL_RANK: String(r),
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: String(port),
        OMP_NUM_THREADS: '1',
      },
    });
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
    const run = runPython([script, '--synthetic-size', '32', '--workers', '0', '--out', out], { cwd: dir });
    const reason = torchMissing(run);
    if (reason !== null) return skipWithReason(ctx, reason);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^epoch 1\/2: loss \d+\.\d{4}, accuracy \d\.\d{4}\nepoch 2\/2: .*\nsaved /m);
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

  it('runs data-parallel in two processes as torchrun starts them (DistributedDataParallel, gloo)', async (ctx) => {
    const missing = torchMissing();
    if (missing !== null) return skipWithReason(ctx, missing);
    const script = exportLenet();
    const port = await freePort();
    const out = join(dir, 'ddp.pt');
    const [a, b] = await Promise.all([rank(script, 0, port, out), rank(script, 1, port, out)]);
    if (/No module named '?torch/.test(a.output)) return skipWithReason(ctx, `${PYTHON} has no torch module`);
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
