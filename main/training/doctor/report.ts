import { version as tfjsVersion } from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { DoctorReport, RungName, RungReport, TorchReport } from '../../../shared/api/ns/system';
import type { TorchProbe } from '../torch/facts';
import { findPython } from '../torch/python';
import { nodeLadderEnvironment, type LadderEnvironment } from '../backends/environment';
import { FIX } from '../backends/fixes';
import { attemptRung } from '../backends/ladder';
import { describeMemory } from '../backends/memory';
import { RUNGS, type RungOutcome } from '../backends/types';
import { findLibrary, parseLdconfig, searchLocations, type LibrarySpec } from './libraries';
import { probeNvidiaSmi, versionLess } from './nvidia';
import { nodeProbeEnvironment, type ProbeEnvironment } from './probe-environment';

export interface DoctorDeps {
  readonly probe: ProbeEnvironment;
  readonly ladder: LadderEnvironment;
  readonly attempt: (rung: RungName, env: LadderEnvironment) => Promise<RungOutcome>;
}

const LABELS: Readonly<Record<RungName, string>> = {
  'torch-gpu': 'PyTorch on a CUDA, ROCm or MPS GPU (your python3 with torch)',
  'torch-cpu': 'PyTorch on the CPU (your python3 with torch)',
  'tensorflow-gpu': 'TensorFlow on a CUDA GPU (@tensorflow/tfjs-node-gpu)',
  'tensorflow-cpu': 'TensorFlow on the CPU (@tensorflow/tfjs-node)',
  webgpu: 'WebGPU through Dawn (webgpu + @tensorflow/tfjs-backend-webgpu)',
  wasm: 'WebAssembly with Stride kernels (@tensorflow/tfjs-backend-wasm)',
  cpu: 'JavaScript CPU with Stride kernels (@tensorflow/tfjs-backend-cpu)',
};

const PACKAGES: Readonly<Record<RungName, readonly string[]>> = {
  // Not npm packages: the torch rungs' versions come from the Python probe (report.torch, and each rung's details).
  'torch-gpu': [],
  'torch-cpu': [],
  'tensorflow-gpu': ['@tensorflow/tfjs-node-gpu'],
  'tensorflow-cpu': ['@tensorflow/tfjs-node'],
  webgpu: ['webgpu', '@tensorflow/tfjs-backend-webgpu'],
  wasm: ['@tensorflow/tfjs-backend-wasm'],
  cpu: ['@tensorflow/tfjs-backend-cpu'],
};

/** libtensorflow 2.9.1's GPU build: the sonames it dlopens (CUDA 11.2 + cuDNN 8.1) and the driver's libcuda. */
const CUDA_LIBRARIES: readonly LibrarySpec[] = [
  { name: 'libcuda.so.1', purpose: 'NVIDIA driver', fix: FIX.driver },
  { name: 'libcudart.so.11.0', purpose: 'CUDA 11.2 runtime', fix: FIX.cudaRuntime },
  { name: 'libcublas.so.11', purpose: 'cuBLAS (CUDA 11)', fix: FIX.cudaRuntime },
  { name: 'libcublasLt.so.11', purpose: 'cuBLASLt (CUDA 11)', fix: FIX.cudaRuntime },
  { name: 'libcufft.so.10', purpose: 'cuFFT (CUDA 11)', fix: FIX.cudaRuntime },
  { name: 'libcurand.so.10', purpose: 'cuRAND (CUDA 11)', fix: FIX.cudaRuntime },
  { name: 'libcusolver.so.11', purpose: 'cuSOLVER (CUDA 11)', fix: FIX.cudaRuntime },
  { name: 'libcusparse.so.11', purpose: 'cuSPARSE (CUDA 11)', fix: FIX.cudaRuntime },
  { name: 'libcudnn.so.8', purpose: 'cuDNN 8.1', fix: FIX.cudnn },
];

export function nodeDoctorDeps(): DoctorDeps {
  return {
    probe: nodeProbeEnvironment(),
    ladder: nodeLadderEnvironment(),
    attempt: (rung, env) => attemptRung(rung, env),
  };
}

/**
 * The `stride doctor` report: for every rung, the packages and libraries it needs (looked for in ldconfig,
 * LD_LIBRARY_PATH, CUDA_PATH/CUDA_HOME, /usr/local/cuda*, the system folders), whether it loaded and passed the
 * smoke test (when `probe`), why not, and the exact fix. Runs in the worker.
 */
export async function runDoctor(
  options: { probe: boolean },
  deps: DoctorDeps = nodeDoctorDeps(),
): Promise<DoctorReport> {
  const { probe, ladder } = deps;
  const pkg = (name: string) => ladder.resolvePackage(name);
  const linux = probe.platform === 'linux';
  const tfPackageLibs = (name: string): string[] => {
    const dir = pkg(name)?.dir;
    return dir === undefined ? [] : [join(dir, 'deps', 'lib'), join(dir, 'lib', 'napi-v8')];
  };
  const locations = searchLocations(probe, [
    ...tfPackageLibs('@tensorflow/tfjs-node-gpu'),
    ...tfPackageLibs('@tensorflow/tfjs-node'),
  ]);
  const ldcache = parseLdconfig(linux ? (probe.ldconfig() ?? '') : '');
  const find = (spec: LibrarySpec) => findLibrary(spec, probe, locations, ldcache);
  const libtensorflow = (name: string): LibrarySpec => ({
    name: 'libtensorflow.so.2',
    purpose: `libtensorflow 2.9.1 (downloaded by ${name})`,
    fix:
      pkg(name) === null
        ? name.endsWith('-gpu')
          ? FIX.installNodeGpu
          : FIX.installNodeCpu
        : FIX.rebuildNode(name),
  });
  const libraries: Record<RungName, LibrarySpec[]> = {
    'torch-gpu': [],
    'torch-cpu': [],
    'tensorflow-gpu': linux ? [...CUDA_LIBRARIES, libtensorflow('@tensorflow/tfjs-node-gpu')] : [],
    'tensorflow-cpu': linux ? [libtensorflow('@tensorflow/tfjs-node')] : [],
    webgpu: linux
      ? [
          {
            name: 'libvulkan.so.1',
            purpose: 'Vulkan loader (Dawn talks to the GPU through Vulkan)',
            fix: FIX.vulkanLoader,
          },
        ]
      : [],
    wasm: [],
    cpu: [],
  };
  const nvidia = linux
    ? probeNvidiaSmi(probe)
    : {
        found: false,
        driverVersion: null,
        cudaVersion: null,
        gpus: [],
        error: 'not checked on this platform',
      };

  // Asked afresh: the doctor is where a user checks a Python they just installed torch into.
  const torchProbe = options.probe ? await ladder.torchProbe(true) : null;
  const rungs: RungReport[] = [];
  for (const rung of RUNGS) {
    const outcome = options.probe ? await deps.attempt(rung, ladder) : null;
    const libs = libraries[rung].map(find);
    const notes: string[] = [];
    if (rung === 'tensorflow-gpu') {
      if (nvidia.found) {
        notes.push(
          `nvidia-smi: driver ${nvidia.driverVersion ?? '?'}, supports CUDA ≤ ${nvidia.cudaVersion ?? '?'}; ${nvidia.gpus.map((g) => `${g.name}${g.computeCapability ? ` (compute ${g.computeCapability})` : ''}`).join(', ') || 'no GPU listed'}`,
        );
        if (nvidia.driverVersion !== null && versionLess(nvidia.driverVersion, '450.80.02'))
          notes.push(`driver too old for CUDA 11.2: ${FIX.driver}`);
        if (
          nvidia.gpus.some((g) => g.computeCapability !== null && Number.parseFloat(g.computeCapability) >= 9)
        )
          notes.push(FIX.hopper);
      } else notes.push(`no NVIDIA driver: ${nvidia.error ?? 'nvidia-smi did not run'}`);
    }
    if (rung === 'torch-gpu' && nvidia.found && nvidia.cudaVersion !== null)
      notes.push(
        `the NVIDIA driver supports CUDA ≤ ${nvidia.cudaVersion}: torch's CUDA build must not be newer`,
      );
    if (!linux && (rung === 'tensorflow-gpu' || rung === 'tensorflow-cpu'))
      notes.push('the library lookup is implemented for Linux only');
    const missing = libs.find((l) => !l.found && !l.name.startsWith('libtensorflow'));
    const failedOutcome = outcome !== null && !outcome.ok ? outcome : null;
    rungs.push({
      rung,
      label: LABELS[rung],
      status: outcome === null ? 'not-checked' : outcome.ok ? 'ready' : 'unavailable',
      reason: failedOutcome?.reason ?? null,
      detail: failedOutcome?.detail ?? null,
      // The rung's own fix first (it knows what failed), else the first missing library's.
      fix:
        failedOutcome?.fix ??
        (outcome?.ok === true ? null : (missing?.fix ?? libs.find((l) => !l.found)?.fix ?? null)),
      device: outcome?.ok === true ? outcome.device : null,
      packages: PACKAGES[rung].map((name) => ({ name, version: pkg(name)?.version ?? null })),
      libraries: libs,
      details:
        outcome?.ok === true
          ? {
              ...outcome.details,
              kernels: outcome.kernels.join(', '),
              memory: describeMemory(outcome.memory),
            }
          : {},
      notes,
    });
  }
  const webgpu = rungs.find((r) => r.rung === 'webgpu');
  return {
    createdAt: new Date().toISOString(),
    platform: probe.platform,
    arch: probe.arch,
    node: process.versions.node,
    tfjs: tfjsVersion['tfjs-core'] ?? 'unknown',
    cpu: ladder.cpuModel(),
    selected: rungs.find((r) => r.status === 'ready')?.rung ?? null,
    rungs,
    nvidiaSmi: nvidia,
    webgpuAdapter: webgpu?.status === 'ready' ? webgpu.device : null,
    torch: torchReport(torchProbe, ladder),
    searched: locations.map((l) => ({ dir: l.dir, via: l.via, exists: l.exists })),
    probeFailure: null,
  };
}

/** The torch section: the probe's facts (or, without probing, only where Python would be looked for). */
export function torchReport(probe: TorchProbe | null, ladder: LadderEnvironment): TorchReport {
  const empty: TorchReport = {
    python: null,
    via: null,
    pythonVersion: null,
    torch: null,
    cuda: null,
    rocm: null,
    cudnn: null,
    devices: [],
    distributed: null,
    error: null,
  };
  if (probe === null) {
    const found = findPython(ladder.env);
    return 'path' in found
      ? { ...empty, python: found.path, via: found.via, error: 'not probed (--no-probe)' }
      : { ...empty, error: found.looked };
  }
  if (probe.kind === 'no-python') return { ...empty, error: `no Python: ${probe.looked}` };
  const base = { ...empty, python: probe.python.path, via: probe.python.via };
  if (probe.kind === 'failed') return { ...base, error: probe.error };
  const f = probe.facts;
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return {
    ...base,
    pythonVersion: f.python,
    torch: f.torch,
    cuda: f.cuda,
    rocm: f.hip,
    cudnn: f.cudnn,
    devices: [
      ...f.devices.map((d) => `cuda:${d.index} ${d.name} (compute ${d.capability}, ${gib(d.memoryBytes)})`),
      ...(f.mps ? ['mps (Apple GPU)'] : []),
      ...(f.torch === null ? [] : [`cpu (${f.cores} cores)`]),
    ],
    distributed: f.distributed.available
      ? [f.distributed.nccl ? 'nccl' : null, f.distributed.gloo ? 'gloo' : null]
          .filter((x) => x)
          .join(', ') || 'none'
      : null,
    error: f.error,
  };
}
