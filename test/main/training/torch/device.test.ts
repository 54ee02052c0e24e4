import { describe, expect, it } from 'vitest';
import {
  nodeLadderEnvironment,
  type LadderEnvironment,
} from '../../../../main/training/backends/environment';
import { selectBackend } from '../../../../main/training/backends/ladder';
import { RUNGS } from '../../../../main/training/backends/types';
import {
  cudaWheelFor,
  decideTorchCpu,
  decideTorchGpu,
  type TorchMachine,
} from '../../../../main/training/torch/device';
import type { TorchProbe } from '../../../../main/training/torch/facts';
import { findPython, locateEngine } from '../../../../main/training/torch/python';
import { cudaTorch, facts, noMachine, nvidiaMachine, probeOf } from './staged-torch';

/**
 * The torch rungs' device choice and messages, on staged machines (a fake probe: no Python is run). The real
 * engine on this machine is exercised by train.test.ts.
 */
const gpu = (probe: TorchProbe, machine: TorchMachine = noMachine) => decideTorchGpu(probe, machine);
const cpu = (probe: TorchProbe, machine: TorchMachine = noMachine) =>
  decideTorchCpu(probe, machine, 'Test CPU');

describe('torch device choice (staged probes)', () => {
  it('CUDA: every GPU torch sees, one process each; named with the CUDA build; its memory', () => {
    const choice = gpu(probeOf(cudaTorch(2)), nvidiaMachine);
    expect(choice).toMatchObject({
      ok: true,
      device: 'cuda',
      name: 'NVIDIA H100 80GB HBM3 ×2 (CUDA 12.4)',
      gpus: 2,
      memoryBytes: 85_045_379_072,
    });
    expect(choice.ok && choice.details).toMatchObject({
      torch: '2.5.1',
      build: 'CUDA 12.4',
      distributed: 'nccl, gloo',
    });
  });

  it('ROCm builds answer to the cuda API and are named ROCm', () => {
    const rocm = facts({
      hip: '6.2.41133',
      devices: [
        { type: 'cuda', index: 0, name: 'AMD Instinct MI300X', memoryBytes: 2 ** 37, capability: '9.4' },
      ],
      smoke: [{ device: 'cuda:0', ok: true, ms: 50, error: null }],
    });
    expect(gpu(probeOf(rocm))).toMatchObject({
      ok: true,
      device: 'cuda',
      name: 'AMD Instinct MI300X (ROCm 6.2.41133)',
    });
  });

  it('MPS on Apple silicon', () => {
    const mps = facts({
      mps: true,
      smoke: [
        { device: 'mps', ok: true, ms: 20, error: null },
        { device: 'cpu', ok: true, ms: 3, error: null },
      ],
    });
    expect(gpu(probeOf(mps), { ...noMachine, platform: 'darwin' })).toMatchObject({
      ok: true,
      device: 'mps',
      gpus: 1,
    });
  });

  it('a CPU-only torch on a machine with an NVIDIA GPU: the exact reinstall for the driver', () => {
    const choice = gpu(probeOf(facts()), nvidiaMachine);
    expect(choice).toEqual({
      ok: false,
      reason:
        'torch 2.5.1 at /usr/bin/python3 is a CPU-only build, but nvidia-smi lists NVIDIA H100 80GB HBM3',
      fix:
        '/usr/bin/python3 -m pip install --force-reinstall torch --index-url https://download.pytorch.org/whl/cu124 ' +
        '(the driver supports CUDA ≤ 12.4); check with `/usr/bin/python3 -c "import torch; print(torch.cuda.is_available())"`',
    });
    // The CPU rung still works there.
    expect(cpu(probeOf(facts()), nvidiaMachine)).toMatchObject({ ok: true, device: 'cpu', name: 'Test CPU' });
  });

  it('no GPU at all: torch-gpu says so without a fix, torch-cpu is ready', () => {
    expect(gpu(probeOf(facts()))).toEqual({
      ok: false,
      reason: 'torch 2.5.1 (CPU-only build) sees no CUDA, ROCm or MPS device on this machine',
    });
    expect(cpu(probeOf(facts()))).toMatchObject({ ok: true, device: 'cpu' });
  });

  it('no python3, a python3 without torch: the reason and the exact fix', () => {
    const none: TorchProbe = {
      kind: 'no-python',
      looked: 'STRIDE_PYTHON is not set and no python3 is on PATH',
    };
    expect(cpu(none)).toMatchObject({
      ok: false,
      reason: 'no Python found (STRIDE_PYTHON is not set and no python3 is on PATH)',
      fix: expect.stringContaining('set STRIDE_PYTHON to the python executable that has torch'),
    });
    const noTorch = probeOf(facts({ torch: null, error: "ModuleNotFoundError: No module named 'torch'" }));
    expect(cpu(noTorch)).toMatchObject({
      ok: false,
      reason:
        "/usr/bin/python3 (Python 3.12.3, via PATH) has no usable torch: ModuleNotFoundError: No module named 'torch'",
      fix: expect.stringMatching(/^\/usr\/bin\/python3 -m pip install torch /),
    });
    // With an NVIDIA driver the fix installs the CUDA build that driver runs.
    expect(gpu(noTorch, nvidiaMachine)).toMatchObject({
      fix: expect.stringContaining('--index-url https://download.pytorch.org/whl/cu124'),
    });
    // numpy is not needed: the engine reads and writes its files with torch alone.
    expect(cpu(probeOf(facts({ numpy: null })))).toMatchObject({ ok: true });
  });

  it('a GPU torch cannot run a step on (no kernels for its compute capability): reason, detail, fix', () => {
    const error = 'RuntimeError: CUDA error: no kernel image is available for execution on the device';
    const choice = gpu(probeOf(cudaTorch(1, { ok: false, error })), nvidiaMachine);
    expect(choice).toMatchObject({
      ok: false,
      reason: 'torch 2.5.1 (CUDA 12.4) sees NVIDIA H100 80GB HBM3 but a training step failed there',
      detail: error,
      fix: expect.stringContaining('no kernels for the GPU'),
    });
  });

  it('STRIDE_TORCH_DEVICE forces the CPU (or a GPU)', () => {
    expect(gpu(probeOf(cudaTorch()), { ...nvidiaMachine, forced: 'cpu' })).toMatchObject({ ok: false });
    expect(cpu(probeOf(cudaTorch()), { ...nvidiaMachine, forced: 'cuda' })).toMatchObject({ ok: false });
  });

  it('picks the newest CUDA wheel the driver runs', () => {
    expect(cudaWheelFor('12.4')).toBe('cu124');
    expect(cudaWheelFor('12.2')).toBe('cu121');
    expect(cudaWheelFor('12.9')).toBe('cu129');
    expect(cudaWheelFor('13.0')).toBe('cu130');
    expect(cudaWheelFor('11.8')).toBe('cu118');
    expect(cudaWheelFor(null)).toBe('cu126');
  });
});

describe('finding Python and the engine', () => {
  const exists = (paths: string[]) => (p: string) => paths.includes(p);

  it('STRIDE_PYTHON first, else python3 on PATH; a missing STRIDE_PYTHON is said so', () => {
    const env = { PATH: '/opt/py/bin:/usr/bin', STRIDE_PYTHON: '/venv/bin/python' };
    expect(findPython(env, exists(['/venv/bin/python', '/usr/bin/python3']), 'linux')).toEqual({
      path: '/venv/bin/python',
      via: 'STRIDE_PYTHON',
    });
    expect(findPython({ PATH: env.PATH }, exists(['/usr/bin/python3']), 'linux')).toEqual({
      path: '/usr/bin/python3',
      via: 'PATH',
    });
    expect(findPython(env, exists([]), 'linux')).toEqual({
      looked: 'STRIDE_PYTHON=/venv/bin/python does not exist',
    });
    expect(findPython({ PATH: '' }, exists([]), 'linux')).toEqual({
      looked: 'STRIDE_PYTHON is not set and no python3 is on PATH',
    });
  });

  it('the engine beside the bundle, unpacked from the app archive, or in the sources', () => {
    const bundle = '/opt/Stride/resources/app.asar/dist/worker';
    const unpacked = '/opt/Stride/resources/app.asar.unpacked/dist/worker/torch/stride_torch_engine.py';
    expect(locateEngine({}, [bundle], exists([unpacked]))).toBe(unpacked);
    expect(
      locateEngine({ STRIDE_TORCH_ENGINE: '/x/engine.py' }, [bundle], exists(['/x/engine.py', unpacked])),
    ).toBe('/x/engine.py');
    expect(locateEngine({}, ['/nowhere'])).toMatch(/main\/training\/torch\/engine\/stride_torch_engine\.py$/);
  });
});

describe('the ladder with the torch rungs (staged probes)', () => {
  const real = nodeLadderEnvironment();
  const staged = (probe: TorchProbe, over: Partial<LadderEnvironment> = {}): LadderEnvironment => ({
    ...real,
    torchProbe: () => Promise.resolve(probe),
    nvidiaGpus: () => [],
    nvidiaDriverCuda: () => null,
    ...over,
  });

  it('auto: GPU rungs first — torch on CUDA wins, and says why', async () => {
    const env = staged(probeOf(cudaTorch()), {
      nvidiaGpus: () => [{ name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81_559 }],
      nvidiaDriverCuda: () => '12.4',
    });
    const selection = await selectBackend('auto', env);
    expect(selection).toMatchObject({ rung: 'torch-gpu', backend: 'torch', skipped: [] });
    expect(selection.engine).toMatchObject({ device: 'cuda', gpus: 1, python: '/usr/bin/python3' });
    expect(selection.selectedBecause).toMatch(
      /^auto chose torch-gpu: a GPU rung, and PyTorch is the fastest engine/,
    );
    expect(selection.memory.totalBytes).toBe(85_045_379_072);
  });

  it('auto without a GPU: torch on the CPU comes before tfjs (the faster engine on the same device)', async () => {
    const selection = await selectBackend('auto', staged(probeOf(facts())));
    expect(selection.rung).toBe('torch-cpu');
    expect(selection.skipped.map((s) => s.backend)).toEqual(RUNGS.slice(0, RUNGS.indexOf('torch-cpu')));
    expect(selection.selectedBecause).toMatch(
      /^auto chose torch-cpu: no GPU rung is ready, and PyTorch is the fastest CPU engine.*; skipped torch-gpu \(torch 2\.5\.1 \(CPU-only build\) sees no CUDA/,
    );
  });

  it('--backend torch without torch: BACKEND_UNAVAILABLE with both reasons and the fix', async () => {
    const probe = probeOf(facts({ torch: null, error: "ModuleNotFoundError: No module named 'torch'" }));
    const error = (await selectBackend('torch', staged(probe)).catch((e: unknown) => e)) as {
      code?: string;
      message?: string;
    };
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toMatch(
      /torch-gpu: .*no usable torch.*torch-cpu: .*no usable torch.*pip install torch/,
    );
  });

  it('tfjs work (feature maps, the kernel benchmark) skips the torch rungs', async () => {
    const selection = await selectBackend('auto', staged(probeOf(facts())), { tfjsOnly: true });
    expect(selection.rung).not.toMatch(/^torch/);
    expect(selection.skipped.map((s) => s.backend)).not.toContain('torch-cpu');
  });
});
