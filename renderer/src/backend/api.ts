import { ApiErrorCode, type Result } from '../../../shared/api/errors';
import type { StrideApi } from '../../../shared/api/types';

/**
 * The renderer reaches the back end only through `window.stride` (preload in Electron, WebSocket bridge in
 * browser mode). It may be absent (the renderer served on its own, or the bridge not connected yet): then
 * every call resolves to a coded error instead of throwing, and editing keeps working.
 */
export const NOT_CONNECTED = 'BACKEND_NOT_CONNECTED';

export function backend(): StrideApi | null {
  const candidate = (window as { stride?: StrideApi }).stride;
  return candidate !== undefined && candidate !== null ? candidate : null;
}

export async function call<T>(run: (api: StrideApi) => Promise<Result<T>>): Promise<Result<T>> {
  const api = backend();
  if (api === null) {
    return {
      ok: false,
      error: { code: NOT_CONNECTED, severity: 'error', nodeId: null, message: 'Back end not connected.' },
    };
  }
  try {
    return await run(api);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { code: ApiErrorCode.disconnected, severity: 'error', nodeId: null, message },
    };
  }
}
