import { StrideFailure } from '../../shared/api/errors';
import type { HostService } from '../../shared/api/types';
import type { HostDeps } from './deps';

/**
 * PLACEHOLDER owned by the training stream, which replaces this file wholesale. The contract is: export
 * `createTrainingModule(deps)` returning the `training` and `runs` namespaces plus `close()` (stop workers on
 * exit). Until then every training call answers TRAINING_UNAVAILABLE and there are no runs.
 */
export interface TrainingModule {
  readonly training: HostService['training'];
  readonly runs: HostService['runs'];
  close(): Promise<void>;
}

export const TRAINING_UNAVAILABLE = 'TRAINING_UNAVAILABLE';

export function createTrainingModule(_deps: HostDeps): TrainingModule {
  const unavailable = async (): Promise<never> => {
    throw new StrideFailure(TRAINING_UNAVAILABLE, 'Training is not available in this build of Stride yet.');
  };
  return {
    training: { start: unavailable, stop: unavailable, pause: unavailable, resume: unavailable },
    runs: { list: unavailable },
    close: async () => undefined,
  };
}
