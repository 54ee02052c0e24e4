import type { DoctorReport } from '../../../shared/api/ns/system';
import type { HostService } from '../../../shared/api/types';
import { WorkerFailure } from './failure';
import type { WorkerHost } from './host';

/**
 * The doctor runs in a worker. Probing loads native GPU libraries; if that crashes the worker, ask a fresh
 * worker for the report without probing (library lookup only) and say what happened.
 */
export async function doctorReport(host: WorkerHost, probe: boolean): Promise<DoctorReport> {
  try {
    return await host.run({ kind: 'doctor', probe });
  } catch (error) {
    if (!(error instanceof WorkerFailure) || !probe) throw error;
    const report = await host.run({ kind: 'doctor', probe: false });
    return { ...report, probeFailure: `${error.message}\n${error.log}` };
  }
}

/** `system` of the host service (shared/api/ns/system.ts). */
export function createSystemService(host: WorkerHost): HostService['system'] {
  return { doctor: (input) => doctorReport(host, input.probe) };
}
