import type { HostService } from '../../shared/api/types';
import type { HostDeps } from './deps';

export function createAppNamespace(deps: HostDeps): HostService['app'] {
  return {
    info: async () => ({
      name: 'Stride',
      version: deps.version,
      mode: deps.mode,
      platform: deps.platform ?? process.platform,
    }),
  };
}
