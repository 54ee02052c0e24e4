import type { TorchFacts, TorchProbe } from '../../../../main/training/torch/facts';

/** A probe answer as the engine would give it on a staged machine (defaults: CPU-only torch 2.5 on Linux). */
export function facts(over: Partial<TorchFacts> = {}): TorchFacts {
  return {
    t: 'hello',
    protocol: 1,
    python: '3.12.3',
    executable: '/usr/bin/python3',
    torch: '2.5.1',
    cuda: null,
    hip: null,
    cudnn: null,
    devices: [],
    mps: false,
    cores: 8,
    threads: 8,
    numpy: '1.26.4',
    distributed: { available: true, gloo: true, nccl: false },
    smoke: [{ device: 'cpu', ok: true, ms: 3, error: null }],
    error: null,
    ...over,
  };
}

export const probeOf = (f: TorchFacts): TorchProbe => ({
  kind: 'facts',
  python: { path: '/usr/bin/python3', via: 'PATH' },
  facts: f,
  engine: '/opt/stride/worker/torch/stride_torch_engine.py',
});

export const H100 = {
  type: 'cuda' as const,
  index: 0,
  name: 'NVIDIA H100 80GB HBM3',
  memoryBytes: 85_045_379_072,
  capability: '9.0',
};

/** torch 2.5 built for CUDA 12.4 with `count` H100s, smoke-tested on the first. */
export const cudaTorch = (
  count = 1,
  smoke: { ok: boolean; error: string | null } = { ok: true, error: null },
) =>
  facts({
    cuda: '12.4',
    cudnn: '90100',
    devices: Array.from({ length: count }, (_, index) => ({ ...H100, index })),
    distributed: { available: true, gloo: true, nccl: true },
    smoke: [
      { device: 'cuda:0', ok: smoke.ok, ms: smoke.ok ? 40 : null, error: smoke.error },
      { device: 'cpu', ok: true, ms: 3, error: null },
    ],
  });

export const noMachine = { nvidiaGpus: [], driverCuda: null, forced: undefined, platform: 'linux' } as const;
export const nvidiaMachine = {
  nvidiaGpus: [{ name: 'NVIDIA H100 80GB HBM3' }],
  driverCuda: '12.4',
  forced: undefined,
  platform: 'linux',
} as const;
