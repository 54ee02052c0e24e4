import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../../shared/api/ns/system';
import { WorkerFailure } from '../../../../main/host/worker/failure';
import type { WorkerHost } from '../../../../main/host/worker/host';
import { createSystemService } from '../../../../main/host/worker/system-service';

const ctx = { transport: 'direct', senderId: 'test' } as const;

describe('system.doctor on the host', () => {
  it('when probing crashes the worker, a fresh worker reports without probing and says why', async () => {
    const calls: boolean[] = [];
    const host = {
      run: async (command: { kind: string; probe: boolean }) => {
        calls.push(command.probe);
        if (command.probe)
          throw new WorkerFailure(
            'WORKER_CRASHED',
            'The training worker crashed (signal SIGSEGV).',
            'dawn: segfault',
          );
        return { probeFailure: null, rungs: [] } as unknown as DoctorReport;
      },
    } as unknown as WorkerHost;
    const report = await createSystemService(host).doctor({ probe: true }, ctx);
    expect(calls).toEqual([true, false]);
    expect(report.probeFailure).toBe('The training worker crashed (signal SIGSEGV).\ndawn: segfault');
  });

  it('other failures are not hidden', async () => {
    const host = { run: () => Promise.reject(new Error('disk full')) } as unknown as WorkerHost;
    await expect(createSystemService(host).doctor({ probe: true }, ctx)).rejects.toThrow('disk full');
  });
});
