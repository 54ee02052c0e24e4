import { create } from 'zustand';
import type { DoctorReport } from '../../../shared/api/ns/system';
import { call } from '../backend/api';

/**
 * What this machine can train on (`system.doctor`, run in the training worker): asked once per window when the
 * Training panel first shows, and again on request. The report names the rung `auto` picks, its device and
 * why each better rung was skipped.
 */
interface DoctorState {
  readonly report: DoctorReport | null;
  readonly loading: boolean;
  readonly error: string | null;
}

export const useDoctor = create<DoctorState>()(() => ({ report: null, loading: false, error: null }));

export async function loadDoctor(force = false): Promise<void> {
  const s = useDoctor.getState();
  if (s.loading || (s.report !== null && !force)) return;
  useDoctor.setState({ loading: true, error: null });
  const result = await call((api) => api.system.doctor({ probe: true }));
  useDoctor.setState(
    result.ok
      ? { report: result.value, loading: false, error: null }
      : { loading: false, error: `${result.error.message} (${result.error.code})` },
  );
}

/** The rungs a forced backend choice covers (`tensorflow` and `torch`: the GPU, else the CPU). */
export const RUNGS_OF_CHOICE: Readonly<Record<string, readonly string[]>> = {
  torch: ['torch-gpu', 'torch-cpu'],
  tensorflow: ['tensorflow-gpu', 'tensorflow-cpu'],
  webgpu: ['webgpu'],
  wasm: ['wasm'],
  cpu: ['cpu'],
};
