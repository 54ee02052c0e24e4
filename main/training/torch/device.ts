import type { TorchFacts, TorchProbe } from './facts';

/**
 * Which device the torch rungs train on, decided from the engine's probe (pure: the tests stage machines with
 * a fake probe). `torch-gpu` takes CUDA (NVIDIA, or AMD through a ROCm build of torch, which answers to the
 * same `cuda` API) or Apple's MPS when torch sees one and a training step passes there; `torch-cpu` takes the
 * CPU. Every refusal carries one sentence of why and the exact fix.
 */
export type TorchDeviceKind = 'cuda' | 'mps' | 'cpu';

export interface TorchDeviceChoice {
  readonly ok: true;
  readonly device: TorchDeviceKind;
  /** "NVIDIA H100 80GB HBM3 (CUDA 12.4)", "×2" when there are more. */
  readonly name: string;
  /** GPUs the run may use (one process each, DistributedDataParallel); 1 on MPS and CPU. */
  readonly gpus: number;
  /** Memory of one device (CUDA), else null (system memory). */
  readonly memoryBytes: number | null;
  readonly details: Readonly<Record<string, string>>;
}

export interface TorchRefusal {
  readonly ok: false;
  readonly reason: string;
  readonly fix?: string;
  readonly detail?: string;
}

export type TorchDecision = TorchDeviceChoice | TorchRefusal;

/** What else the decision reads from the machine. */
export interface TorchMachine {
  /** GPUs nvidia-smi lists (empty: no NVIDIA driver, or none). */
  readonly nvidiaGpus: readonly { readonly name: string }[];
  /** The highest CUDA version the NVIDIA driver supports (nvidia-smi's header), when known. */
  readonly driverCuda: string | null;
  /** STRIDE_TORCH_DEVICE: force `cpu`, `cuda` or `mps`. */
  readonly forced: string | undefined;
  readonly platform: string;
}

/** PyTorch's wheel indexes for CUDA builds (download.pytorch.org/whl/<tag>), oldest first. */
const CUDA_WHEELS = ['cu118', 'cu121', 'cu124', 'cu126', 'cu128', 'cu129', 'cu130'] as const;

/** The newest CUDA wheel the driver can run (its CUDA version is the upper bound); cu126 when unknown. */
export function cudaWheelFor(driverCuda: string | null): string {
  if (driverCuda === null) return 'cu126';
  const [major = 0, minor = 0] = driverCuda.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const fits = CUDA_WHEELS.filter((tag) => {
    const m = Number.parseInt(tag.slice(2, -1), 10);
    const n = Number.parseInt(tag.slice(-1), 10);
    return m < major || (m === major && n <= minor);
  });
  return fits.at(-1) ?? 'cu118';
}

export const TORCH_FIX = {
  noPython:
    'install Python 3 with PyTorch (https://pytorch.org/get-started/locally/), or set STRIDE_PYTHON to the ' +
    'python executable that has torch',
  noTorch: (python: string, nvidia: boolean, driverCuda: string | null) =>
    nvidia
      ? `${python} -m pip install torch --index-url https://download.pytorch.org/whl/${cudaWheelFor(driverCuda)} ` +
        '(the CUDA build for this NVIDIA driver), or set STRIDE_PYTHON to a python that has torch'
      : `${python} -m pip install torch (on Linux with an AMD GPU: --index-url https://download.pytorch.org/whl/rocm6.2), ` +
        'or set STRIDE_PYTHON to a python that has torch',
  cpuOnly: (python: string, driverCuda: string | null) =>
    `${python} -m pip install --force-reinstall torch --index-url https://download.pytorch.org/whl/${cudaWheelFor(driverCuda)}` +
    `${driverCuda === null ? '' : ` (the driver supports CUDA ≤ ${driverCuda})`}; check with ` +
    `\`${python} -c "import torch; print(torch.cuda.is_available())"\``,
  noKernels: (python: string, driverCuda: string | null) =>
    `this torch build has no kernels for the GPU: ${python} -m pip install --force-reinstall torch --index-url ` +
    `https://download.pytorch.org/whl/${cudaWheelFor(driverCuda)}`,
} as const;

const versionLabel = (f: TorchFacts): string =>
  f.hip !== null ? `ROCm ${f.hip}` : f.cuda !== null ? `CUDA ${f.cuda}` : 'CPU-only build';

/** Facts every ready torch rung shows (doctor, run.json). */
function details(python: string, f: TorchFacts, device: string): Record<string, string> {
  return {
    python: `${f.python} (${python})`,
    torch: f.torch ?? '',
    build: versionLabel(f),
    ...(f.cudnn === null ? {} : { cudnn: f.cudnn }),
    device,
    ...(f.numpy === null ? {} : { numpy: f.numpy }),
    distributed: f.distributed.available
      ? [f.distributed.nccl ? 'nccl' : null, f.distributed.gloo ? 'gloo' : null]
          .filter((s) => s)
          .join(', ') || 'none'
      : 'not available',
  };
}

/** Why neither torch rung can run (no python, no torch), or null when the probe found torch. */
export function torchMissing(probe: TorchProbe, machine: TorchMachine): TorchRefusal | null {
  if (probe.kind === 'no-python')
    return { ok: false, reason: `no Python found (${probe.looked})`, fix: TORCH_FIX.noPython };
  const python = probe.python.path;
  const nvidia = machine.nvidiaGpus.length > 0;
  if (probe.kind === 'failed')
    return {
      ok: false,
      reason: `${python} could not run Stride's engine: ${probe.error}`,
      fix: TORCH_FIX.noTorch(python, nvidia, machine.driverCuda),
      detail: probe.error,
    };
  const f = probe.facts;
  if (f.torch === null)
    return {
      ok: false,
      reason: `${python} (Python ${f.python}, via ${probe.python.via}) has no usable torch: ${f.error ?? 'import failed'}`,
      fix: TORCH_FIX.noTorch(python, nvidia, machine.driverCuda),
      ...(f.error === null ? {} : { detail: f.error }),
    };
  return null;
}

export function decideTorchGpu(probe: TorchProbe, machine: TorchMachine): TorchDecision {
  const missing = torchMissing(probe, machine);
  if (missing !== null) return missing;
  if (probe.kind !== 'facts') return { ok: false, reason: 'no probe' };
  const f = probe.facts;
  const python = probe.python.path;
  if (machine.forced === 'cpu') return { ok: false, reason: 'STRIDE_TORCH_DEVICE=cpu asks for the CPU' };
  const smokeOf = (prefix: string) => f.smoke.find((s) => s.device.startsWith(prefix));
  const first = f.devices[0];
  if (first !== undefined && machine.forced !== 'mps') {
    const smoke = smokeOf('cuda');
    if (smoke === undefined || !smoke.ok) {
      const error = smoke?.error ?? 'no smoke test ran';
      return {
        ok: false,
        reason: `torch ${f.torch} (${versionLabel(f)}) sees ${first.name} but a training step failed there`,
        detail: error,
        fix: /no kernel image|not compatible|sm_\d+/i.test(error)
          ? TORCH_FIX.noKernels(python, machine.driverCuda)
          : 'check the driver with `nvidia-smi`, then ' + TORCH_FIX.cpuOnly(python, machine.driverCuda),
      };
    }
    const count = f.devices.length;
    const api = f.hip !== null ? `ROCm ${f.hip}` : `CUDA ${f.cuda ?? '?'}`;
    return {
      ok: true,
      device: 'cuda',
      name: `${first.name}${count > 1 ? ` ×${count}` : ''} (${api})`,
      gpus: count,
      memoryBytes: first.memoryBytes,
      details: {
        ...details(python, f, 'cuda'),
        gpus: f.devices.map((d) => `${d.index}: ${d.name} (compute ${d.capability})`).join('; '),
        smokeTestMs: String(smoke.ms ?? ''),
      },
    };
  }
  if (f.mps && machine.forced !== 'cuda') {
    const smoke = smokeOf('mps');
    if (smoke?.ok === true)
      return {
        ok: true,
        device: 'mps',
        name: 'Apple GPU (MPS)',
        gpus: 1,
        memoryBytes: null,
        details: { ...details(python, f, 'mps'), smokeTestMs: String(smoke.ms ?? '') },
      };
    return {
      ok: false,
      reason: `torch ${f.torch} reports MPS but a training step failed there`,
      detail: smoke?.error ?? 'no smoke test ran',
      fix: `${python} -m pip install --upgrade torch (MPS needs macOS 12.3+ on Apple silicon)`,
    };
  }
  if (machine.nvidiaGpus.length > 0 && f.cuda === null && f.hip === null)
    return {
      ok: false,
      reason: `torch ${f.torch} at ${python} is a CPU-only build, but nvidia-smi lists ${machine.nvidiaGpus.map((g) => g.name).join(', ')}`,
      fix: TORCH_FIX.cpuOnly(python, machine.driverCuda),
    };
  if (machine.nvidiaGpus.length > 0)
    return {
      ok: false,
      reason: `torch ${f.torch} (${versionLabel(f)}) sees no CUDA device although nvidia-smi lists ${machine.nvidiaGpus.map((g) => g.name).join(', ')}${f.error === null ? '' : `: ${f.error}`}`,
      fix:
        'the driver may be too old for this build, or CUDA_VISIBLE_DEVICES hides the GPUs: compare `nvidia-smi` ' +
        `with torch.version.cuda (${f.cuda ?? 'none'}); else ${TORCH_FIX.cpuOnly(python, machine.driverCuda)}`,
    };
  return {
    ok: false,
    reason: `torch ${f.torch} (${versionLabel(f)}) sees no CUDA, ROCm or MPS device on this machine`,
  };
}

export function decideTorchCpu(probe: TorchProbe, machine: TorchMachine, cpuModel: string): TorchDecision {
  const missing = torchMissing(probe, machine);
  if (missing !== null) return missing;
  if (probe.kind !== 'facts') return { ok: false, reason: 'no probe' };
  const f = probe.facts;
  if (machine.forced === 'cuda' || machine.forced === 'mps')
    return { ok: false, reason: `STRIDE_TORCH_DEVICE=${machine.forced} asks for a GPU` };
  const smoke = f.smoke.find((s) => s.device === 'cpu');
  if (smoke === undefined || !smoke.ok)
    return {
      ok: false,
      reason: `torch ${f.torch} failed a training step on the CPU`,
      detail: smoke?.error ?? 'no smoke test ran',
      fix: `${probe.python.path} -m pip install --force-reinstall torch`,
    };
  return {
    ok: true,
    device: 'cpu',
    name: cpuModel,
    gpus: 1,
    memoryBytes: null,
    details: { ...details(probe.python.path, f, 'cpu'), smokeTestMs: String(smoke.ms ?? '') },
  };
}
