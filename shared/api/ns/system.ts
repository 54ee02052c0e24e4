import { z } from 'zod';
import { method } from '../define';

/**
 * The `system` namespace: what this machine can train on. `doctor` runs in the training worker (so a native
 * crash while probing a GPU library cannot take the app down) and reports, for every rung of the backend
 * ladder, what was found, what was looked for and where, and the exact fix for what is missing.
 */
/**
 * The rungs of the ladder, best first: GPU rungs, then the CPU engines, fastest first (PyTorch's native kernels,
 * libtensorflow, then tfjs on WebAssembly and on plain JavaScript with Stride's kernels).
 */
export const RUNG_NAMES = [
  'torch-gpu',
  'tensorflow-gpu',
  'webgpu',
  'torch-cpu',
  'tensorflow-cpu',
  'wasm',
  'cpu',
] as const;
export const RungNameSchema = z.enum(RUNG_NAMES);
export type RungName = z.infer<typeof RungNameSchema>;

export const LibraryFindingSchema = z.object({
  /** The soname looked for, e.g. libcudart.so.11.0. */
  name: z.string(),
  /** Why it matters, e.g. "CUDA 11.2 runtime". */
  purpose: z.string(),
  found: z.boolean(),
  path: z.string().nullable(),
  /** Where it was found: ldconfig, LD_LIBRARY_PATH, CUDA_PATH, /usr/local/cuda*, system, package. */
  via: z.string().nullable(),
  /** Other versions of the same library that are present (the usual cause: CUDA 12 where 11.2 is needed). */
  otherVersions: z.array(z.object({ name: z.string(), path: z.string() })),
  fix: z.string().nullable(),
});
export type LibraryFinding = z.infer<typeof LibraryFindingSchema>;

export const SearchLocationSchema = z.object({ dir: z.string(), via: z.string(), exists: z.boolean() });

export const NvidiaSmiSchema = z.object({
  found: z.boolean(),
  driverVersion: z.string().nullable(),
  /** The highest CUDA version the driver supports (nvidia-smi header). */
  cudaVersion: z.string().nullable(),
  gpus: z.array(
    z.object({
      name: z.string(),
      memoryMiB: z.number().nullable(),
      computeCapability: z.string().nullable(),
    }),
  ),
  error: z.string().nullable(),
});
export type NvidiaSmi = z.infer<typeof NvidiaSmiSchema>;

export const RungReportSchema = z.object({
  rung: RungNameSchema,
  label: z.string(),
  /** ready: loaded and passed the smoke test; unavailable: tried and skipped; not-checked: probing was off. */
  status: z.enum(['ready', 'unavailable', 'not-checked']),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  fix: z.string().nullable(),
  device: z.string().nullable(),
  packages: z.array(z.object({ name: z.string(), version: z.string().nullable() })),
  libraries: z.array(LibraryFindingSchema),
  details: z.record(z.string(), z.string()),
  notes: z.array(z.string()),
});
export type RungReport = z.infer<typeof RungReportSchema>;

/** What the torch rungs found: the Python, its torch, and the devices torch sees. */
export const TorchReportSchema = z.object({
  /** The interpreter (STRIDE_PYTHON, else python3 on PATH); null when none was found. */
  python: z.string().nullable(),
  via: z.enum(['STRIDE_PYTHON', 'PATH']).nullable(),
  pythonVersion: z.string().nullable(),
  /** torch's version; null when `import torch` failed (or was not tried: no probing). */
  torch: z.string().nullable(),
  /** The CUDA / ROCm version torch was built for (null: a CPU-only build). */
  cuda: z.string().nullable(),
  rocm: z.string().nullable(),
  cudnn: z.string().nullable(),
  /** Devices torch sees: "cuda:0 NVIDIA H100 80GB HBM3 (compute 9.0, 79.1 GiB)", "mps", "cpu (8 cores)". */
  devices: z.array(z.string()),
  distributed: z.string().nullable(),
  /** Why the probe did not get as far as torch (no Python, an import error, a crash), else null. */
  error: z.string().nullable(),
});
export type TorchReport = z.infer<typeof TorchReportSchema>;

export const DoctorReportSchema = z.object({
  createdAt: z.string(),
  platform: z.string(),
  arch: z.string(),
  node: z.string(),
  tfjs: z.string(),
  cpu: z.string(),
  /** The rung `--backend auto` would train on (null when probing was off or nothing works). */
  selected: RungNameSchema.nullable(),
  rungs: z.array(RungReportSchema),
  nvidiaSmi: NvidiaSmiSchema,
  webgpuAdapter: z.string().nullable(),
  torch: TorchReportSchema.nullable().default(null),
  searched: z.array(SearchLocationSchema),
  /** Set when the probing worker crashed and this report was made without trying the rungs. */
  probeFailure: z.string().nullable(),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

export const systemNamespace = {
  doctor: method(
    z.strictObject({ probe: z.boolean().default(true) }),
    DoctorReportSchema,
    'Diagnose the training backends of this machine (GPU libraries, WebGPU adapter, wasm, cpu) in the worker.',
  ),
};
