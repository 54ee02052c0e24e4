import { StrideFailure } from '../../../shared/api/errors';
import { WorkerErrorCode } from '../../../shared/api/worker';
import { selectBackend } from '../backends/ladder';
import { runBenchmark } from '../bench/benchmark';
import { runDoctor } from '../doctor/report';
import { runDebug } from './debug';
import type { Handlers } from './server';

/** One handler per worker command (shared/api/worker.ts). The training stream plugs `train` in here. */
export const handlers: Handlers = {
  doctor: (command) => runDoctor({ probe: command.probe }),
  selectBackend: async (command) => {
    const s = await selectBackend(command.backend);
    return {
      rung: s.rung,
      backend: s.backend,
      device: s.device,
      kernels: s.kernels,
      details: s.details,
      skipped: s.skipped,
    };
  },
  benchmark: (command, ctx) => runBenchmark(command, ctx),
  train: () =>
    Promise.reject(
      new StrideFailure(WorkerErrorCode.unsupported, 'training is not available in this build yet'),
    ),
  debug: (command, ctx) => runDebug(command, ctx),
};
