import type { DoctorReport } from '../../../shared/api/ns/system';

/** What `system.doctor` says on a machine without a GPU (as on the CI machine). */
export const DOCTOR: DoctorReport = {
  createdAt: '2026-11-24T10:00:00.000Z',
  platform: 'linux',
  arch: 'x64',
  node: 'v20',
  tfjs: '4.22.0',
  cpu: 'Test CPU',
  selected: 'wasm',
  rungs: [
    rung(
      'torch-gpu',
      'PyTorch (GPU)',
      'unavailable',
      'torch 1.13.1 (CPU-only build) sees no CUDA, ROCm or MPS device',
      null,
    ),
    rung(
      'tensorflow-gpu',
      'TensorFlow (CUDA)',
      'unavailable',
      '@tensorflow/tfjs-node-gpu is not installed',
      null,
    ),
    rung('tensorflow-cpu', 'TensorFlow (CPU)', 'unavailable', '@tensorflow/tfjs-node is not installed', null),
    rung('webgpu', 'WebGPU', 'unavailable', 'no WebGPU adapter', null),
    rung('torch-cpu', 'PyTorch (CPU)', 'unavailable', 'python3 has no usable torch', null),
    rung('wasm', 'WebAssembly', 'ready', null, 'Test CPU (2 cores)'),
    rung('cpu', 'CPU', 'ready', null, 'Test CPU (2 cores)'),
  ],
  nvidiaSmi: { found: false, driverVersion: null, cudaVersion: null, gpus: [], error: null },
  webgpuAdapter: null,
  torch: {
    python: '/usr/bin/python3',
    via: 'PATH',
    pythonVersion: '3.11.2',
    torch: null,
    cuda: null,
    rocm: null,
    cudnn: null,
    devices: [],
    distributed: null,
    error: "ModuleNotFoundError: No module named 'torch'",
  },
  searched: [],
  probeFailure: null,
};

function rung(
  name: DoctorReport['rungs'][number]['rung'],
  label: string,
  status: 'ready' | 'unavailable',
  reason: string | null,
  device: string | null,
): DoctorReport['rungs'][number] {
  return {
    rung: name,
    label,
    status,
    reason,
    detail: null,
    fix: status === 'ready' ? null : `install what ${label} needs`,
    device,
    packages: [],
    libraries: [],
    details: {},
    notes: [],
  };
}
