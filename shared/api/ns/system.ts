import { z } from 'zod';
import { method } from '../define';

/**
 * The `system` namespace: what this machine can train on. `doctor` runs in the training worker (so a native
 * crash while probing a GPU library cannot take the app down) and reports, for every rung of the backend
 * ladder, what was found, what was looked for and where, and the exact fix for what is missing.
 */
export const RUNG_NAMES = ['tensorflow-gpu', 'tensorflow-cpu', 'webgpu', 'wasm', 'cpu'] as const;
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
