import type { NvidiaSmi } from '../../../shared/api/ns/system';
import type { ProbeEnvironment } from './probe-environment';

/** Driver, supported CUDA version and GPUs from nvidia-smi (absent on machines without an NVIDIA driver). */
export function probeNvidiaSmi(probe: ProbeEnvironment): NvidiaSmi {
  const header = probe.run('nvidia-smi', []);
  if (header instanceof Error)
    return { found: false, driverVersion: null, cudaVersion: null, gpus: [], error: header.message };
  const driverVersion = /Driver Version:\s*([\d.]+)/.exec(header)?.[1] ?? null;
  const cudaVersion = /CUDA Version:\s*([\d.]+)/.exec(header)?.[1] ?? null;
  let rows = probe.run('nvidia-smi', [
    '--query-gpu=name,memory.total,compute_cap',
    '--format=csv,noheader,nounits',
  ]);
  // compute_cap is a newer query field (drivers ≥ 510): ask again without it on older drivers.
  if (rows instanceof Error)
    rows = probe.run('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits']);
  const gpus =
    rows instanceof Error
      ? []
      : rows
          .split('\n')
          .map((line) => line.split(',').map((s) => s.trim()))
          .filter((cells) => (cells[0] ?? '').length > 0)
          .map(([name = '', memory = '', cap = '']) => ({
            name,
            memoryMiB: Number.isFinite(Number.parseFloat(memory)) ? Number.parseFloat(memory) : null,
            computeCapability: /^\d+\.\d+$/.test(cap) ? cap : null,
          }));
  return {
    found: true,
    driverVersion,
    cudaVersion,
    gpus,
    error: rows instanceof Error ? rows.message : null,
  };
}

/** "535.104.05" < "450.80.02"? Numeric, part by part. */
export function versionLess(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}
