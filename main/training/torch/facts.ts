import { z } from 'zod';

/**
 * What the engine's `--probe` reports about the Python it runs in (engine/stride_torch_engine.py
 * `probe_facts`): versions, the devices torch sees, and a smoke test (a conv, a matmul and their gradients)
 * on each kind of device. Validated like every message from another process.
 */
export const SmokeSchema = z.object({
  device: z.string(),
  ok: z.boolean(),
  ms: z.number().nullable(),
  error: z.string().nullable(),
});

export const TorchFactsSchema = z.looseObject({
  t: z.literal('hello'),
  protocol: z.number().int(),
  python: z.string(),
  executable: z.string(),
  /** null: `import torch` failed (`error` says why). */
  torch: z.string().nullable(),
  /** The CUDA version torch was built for (null: a CPU-only or ROCm build). */
  cuda: z.string().nullable(),
  /** The ROCm (HIP) version of a ROCm build. */
  hip: z.string().nullable(),
  cudnn: z.string().nullable(),
  devices: z.array(
    z.object({
      type: z.literal('cuda'),
      index: z.number().int(),
      name: z.string(),
      memoryBytes: z.number(),
      capability: z.string(),
    }),
  ),
  mps: z.boolean(),
  cores: z.number().int(),
  threads: z.number().int().nullable(),
  numpy: z.string().nullable(),
  distributed: z.object({ available: z.boolean(), gloo: z.boolean(), nccl: z.boolean() }),
  smoke: z.array(SmokeSchema),
  error: z.string().nullable(),
});
export type TorchFacts = z.infer<typeof TorchFactsSchema>;

/** Where the interpreter came from, for messages: `STRIDE_PYTHON` or the `python3` found on PATH. */
export interface PythonFound {
  readonly path: string;
  readonly via: 'STRIDE_PYTHON' | 'PATH';
}

/** The outcome of looking for Python and asking it about torch. */
export type TorchProbe =
  | { readonly kind: 'no-python'; readonly looked: string }
  | { readonly kind: 'failed'; readonly python: PythonFound; readonly error: string }
  | {
      readonly kind: 'facts';
      readonly python: PythonFound;
      readonly facts: TorchFacts;
      /** The engine script that answered. */
      readonly engine: string;
    };
