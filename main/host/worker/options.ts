import type { HostDeps } from '../deps';
import type { WorkerHostOptions } from './host';

/** The options of every WorkerHost the host service owns: its spawner and its idle shutdown. */
export function workerHostOptions(deps: HostDeps): WorkerHostOptions {
  return {
    ...(deps.workerSpawner === undefined ? {} : { spawner: deps.workerSpawner }),
    ...(deps.workerIdleMs === undefined ? {} : { idleMs: deps.workerIdleMs }),
    ...(deps.idleClock === undefined ? {} : { clock: deps.idleClock }),
  };
}
