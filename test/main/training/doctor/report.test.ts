import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DoctorReportSchema } from '../../../../shared/api/ns/system';
import { nodeLadderEnvironment } from '../../../../main/training/backends/environment';
import { skip, type RungOutcome } from '../../../../main/training/backends/types';
import { nodeDoctorDeps, runDoctor } from '../../../../main/training/doctor/report';
import { NVIDIA_SMI_H100, stagedMachine } from './staged-machine';
import { facts, probeOf } from '../torch/staged-torch';

describe('the doctor on this machine', () => {
  it('probes every rung and gives sane not-found reasons with fixes', async () => {
    const report = DoctorReportSchema.parse(await runDoctor({ probe: true }));
    expect(report.rungs.map((r) => r.rung)).toEqual([
      'torch-gpu',
      'tensorflow-gpu',
      'webgpu',
      'torch-cpu',
      'tensorflow-cpu',
      'wasm',
      'cpu',
    ]);
    const byRung = Object.fromEntries(report.rungs.map((r) => [r.rung, r]));
    expect(byRung.cpu).toMatchObject({ status: 'ready', reason: null, fix: null });
    expect(byRung.wasm?.status).toBe('ready');
    expect(report.selected).toBe(report.rungs.find((r) => r.status === 'ready')?.rung);
    const ladder = nodeLadderEnvironment();
    if (ladder.resolvePackage('@tensorflow/tfjs-node-gpu') === null) {
      expect(byRung['tensorflow-gpu']).toMatchObject({
        status: 'unavailable',
        packages: [{ name: '@tensorflow/tfjs-node-gpu', version: null }],
      });
      expect(byRung['tensorflow-gpu']?.reason).toMatch(/not installed/);
      expect(byRung['tensorflow-gpu']?.fix).toMatch(
        /npm install --save-exact @tensorflow\/tfjs-node-gpu@4\.22\.0/,
      );
    }
    const names = byRung['tensorflow-gpu']?.libraries.map((l) => l.name);
    expect(names).toEqual(
      expect.arrayContaining(['libcudart.so.11.0', 'libcudnn.so.8', 'libcublas.so.11', 'libtensorflow.so.2']),
    );
    for (const l of byRung['tensorflow-gpu']?.libraries ?? [])
      if (!l.found) expect(l.fix?.length).toBeGreaterThan(20);
    if (byRung.webgpu?.status === 'unavailable')
      expect(byRung.webgpu.reason).toMatch(/adapter|not installed|Dawn/);
    expect(report.searched.some((s) => s.via === 'system')).toBe(true);
    // The torch rungs: ready, or a reason and the exact fix; the Python that was asked.
    for (const rung of ['torch-gpu', 'torch-cpu'])
      if (byRung[rung]?.status === 'unavailable') expect(byRung[rung]?.reason?.length).toBeGreaterThan(10);
    if (byRung['torch-cpu']?.status === 'unavailable')
      expect(byRung['torch-cpu']?.fix).toMatch(/pip install|python/);
    expect(report.torch).not.toBeNull();
    if (report.torch?.python !== null) expect(report.torch?.via).toMatch(/STRIDE_PYTHON|PATH/);
  }, 120_000);

  it('without probing, nothing is loaded and every rung is not-checked', async () => {
    const report = await runDoctor({ probe: false });
    expect(report.rungs.every((r) => r.status === 'not-checked')).toBe(true);
    expect(report.selected).toBeNull();
  });
});

describe('the doctor on a staged machine', () => {
  const h100 = stagedMachine({
    dirs: {
      '/usr/local': ['cuda-12.4'],
      '/usr/local/cuda-12.4/lib64': ['libcudart.so.12', 'libcublas.so.12'],
    },
    ldconfig: [
      '/usr/lib/x86_64-linux-gnu/libcuda.so.1',
      '/usr/lib/x86_64-linux-gnu/libcudnn.so.9',
      '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
    ],
    commands: {
      'nvidia-smi': NVIDIA_SMI_H100,
      'nvidia-smi --query-gpu=name,memory.total,compute_cap --format=csv,noheader,nounits':
        'NVIDIA H100 80GB HBM3, 81559, 9.0',
    },
  });
  const outcomes: Record<string, RungOutcome> = {
    'torch-gpu': skip(
      'torch-gpu',
      'torch 2.5.1 at /usr/bin/python3 is a CPU-only build, but nvidia-smi lists NVIDIA H100 80GB HBM3',
      {
        fix: '/usr/bin/python3 -m pip install --force-reinstall torch --index-url https://download.pytorch.org/whl/cu124',
      },
    ),
    'torch-cpu': {
      ok: true,
      rung: 'torch-cpu',
      backend: 'torch',
      device: 'Test CPU (8 cores)',
      kernels: [],
      details: { python: '3.12.3 (/usr/bin/python3)', torch: '2.5.1', build: 'CPU-only build' },
      memory: { totalBytes: 2 ** 34, maxTensorBytes: null, source: 'system memory' },
    },
    'tensorflow-gpu': skip('tensorflow-gpu', 'CUDA 11.2 runtime library libcudart.so.11.0 not found', {
      fix: 'install CUDA 11.2 runtime',
    }),
    'tensorflow-cpu': skip('tensorflow-cpu', '@tensorflow/tfjs-node is not installed'),
    webgpu: {
      ok: true,
      rung: 'webgpu',
      backend: 'webgpu',
      device: 'NVIDIA H100 80GB HBM3',
      kernels: [],
      details: { vendor: 'nvidia' },
      memory: { totalBytes: null, maxTensorBytes: 2 ** 30, source: 'WebGPU adapter limits' },
    },
    wasm: {
      ok: true,
      rung: 'wasm',
      backend: 'wasm',
      device: 'cpu',
      kernels: ['Conv2DBackpropFilter'],
      details: {},
      memory: { totalBytes: 2 ** 32, maxTensorBytes: null, source: 'wasm heap' },
    },
    cpu: {
      ok: true,
      rung: 'cpu',
      backend: 'cpu',
      device: 'cpu',
      kernels: [],
      details: {},
      memory: { totalBytes: 2 ** 34, maxTensorBytes: null, source: 'system memory' },
    },
  };
  const real = nodeDoctorDeps();
  const deps = {
    ...real,
    probe: h100,
    // A CPU-only torch on this GPU machine: what the torch section shows.
    ladder: { ...real.ladder, torchProbe: () => Promise.resolve(probeOf(facts())) },
    attempt: async (rung: string) => outcomes[rung] as RungOutcome,
  };

  it('names the CUDA 12 / cuDNN 9 mismatch, the driver, Hopper, and picks WebGPU', async () => {
    const report = DoctorReportSchema.parse(await runDoctor({ probe: true }, deps));
    const gpu = report.rungs.find((r) => r.rung === 'tensorflow-gpu');
    expect(gpu).toMatchObject({
      status: 'unavailable',
      reason: 'CUDA 11.2 runtime library libcudart.so.11.0 not found',
      fix: 'install CUDA 11.2 runtime',
    });
    const lib = (name: string) => gpu?.libraries.find((l) => l.name === name);
    expect(lib('libcuda.so.1')).toMatchObject({ found: true, via: 'ldconfig' });
    expect(lib('libcudart.so.11.0')).toMatchObject({
      found: false,
      otherVersions: [{ name: 'libcudart.so.12' }],
    });
    expect(lib('libcudnn.so.8')?.fix).toMatch(/^found libcudnn\.so\.9 but libcudnn\.so\.8 is needed/);
    expect(gpu?.notes.join('\n')).toMatch(
      /driver 550\.54\.15, supports CUDA ≤ 12\.4; NVIDIA H100 80GB HBM3 \(compute 9\.0\)/,
    );
    expect(gpu?.notes.join('\n')).toMatch(/no kernels compiled for this GPU generation/);
    // GPU rungs first: WebGPU before PyTorch on the CPU.
    expect(report.selected).toBe('webgpu');
    expect(report.rungs.find((r) => r.rung === 'torch-gpu')).toMatchObject({
      status: 'unavailable',
      fix: expect.stringContaining('whl/cu124'),
      notes: ["the NVIDIA driver supports CUDA ≤ 12.4: torch's CUDA build must not be newer"],
    });
    expect(report.torch).toEqual({
      python: '/usr/bin/python3',
      via: 'PATH',
      pythonVersion: '3.12.3',
      torch: '2.5.1',
      cuda: null,
      rocm: null,
      cudnn: null,
      devices: ['cpu (8 cores)'],
      distributed: 'gloo',
      error: null,
    });
    expect(report.webgpuAdapter).toBe('NVIDIA H100 80GB HBM3');
    expect(report.rungs.find((r) => r.rung === 'webgpu')?.details.memory).toBe(
      'largest tensor 1.00 GiB (WebGPU adapter limits)',
    );
    expect(report.rungs.find((r) => r.rung === 'webgpu')?.libraries[0]).toMatchObject({
      name: 'libvulkan.so.1',
      found: true,
    });
  });
});

describe('stride doctor', () => {
  const cli = (args: string[]) =>
    execFileSync(process.execPath, ['app/dist/cli/index.cjs', 'doctor', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('--json prints one report matching the shared schema, made in the worker', () => {
    const report = DoctorReportSchema.parse(JSON.parse(cli(['--json'])));
    expect(report.selected).not.toBeNull();
    expect(report.rungs.find((r) => r.rung === 'cpu')?.details.kernels).toMatch(/Conv2DBackpropFilter/);
  });

  it('prints a human report with a line per rung and the fixes', () => {
    const text = cli(['--no-probe']);
    for (const rung of [
      'torch-gpu',
      'tensorflow-gpu',
      'webgpu',
      'torch-cpu',
      'tensorflow-cpu',
      'wasm',
      'cpu',
    ])
      expect(text).toMatch(new RegExp(`^· ${rung}`, 'm'));
    // Where the torch rungs would look for Python, even without probing.
    expect(text).toMatch(/^PyTorch engine: /m);
    expect(text).toMatch(/libcudart\.so\.11\.0/);
    expect(text).toMatch(/fix/);
    expect(text).toMatch(/Looked for libraries in: ldconfig -p/);
  });

  it('refuses unknown options', () => {
    expect(() => cli(['--bogus'])).toThrow(/unknown option --bogus/);
  });
});
