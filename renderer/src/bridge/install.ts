import { createStrideApi } from '../../../shared/api/client';
import type { StrideApi } from '../../../shared/api/types';
import { WS_ENDPOINT } from '../../../shared/api/wire';
import { createWebSocketTransport, type ConnectionStatus, type WebSocketTransportOptions } from './websocket';

/** Window event fired when the browser-mode connection changes state; `detail` is a ConnectionStatus. */
export const CONNECTION_EVENT = 'stride:connection';

/**
 * Browser mode: when no preload provided `window.stride` (Electron), build it over a WebSocket to the server
 * that served this page. The token comes from the URL `stride serve` printed; it is then removed from the
 * address bar (the HttpOnly cookie set by that first load keeps reloads working).
 */
export function installBrowserBridge(target: Window, options: WebSocketTransportOptions = {}): StrideApi {
  const provided = (target as { stride?: StrideApi }).stride;
  if (provided !== undefined) return provided;
  const location = target.location;
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  // The page can show "reconnecting…": listen for `stride:connection` events ({detail: 'open' | ...}).
  // Beside the page: the app's path is where the token cookie is scoped, so the handshake carries it.
  const folder = location.pathname.slice(0, location.pathname.lastIndexOf('/') + 1) || '/';
  const transport = createWebSocketTransport(`${scheme}//${location.host}${folder}${WS_ENDPOINT}${query}`, {
    ...options,
    onStatus: (status) => {
      options.onStatus?.(status);
      target.dispatchEvent(new CustomEvent<ConnectionStatus>(CONNECTION_EVENT, { detail: status }));
    },
  });
  const api = createStrideApi(transport);
  Object.defineProperty(target, 'stride', {
    value: api,
    enumerable: true,
    writable: false,
    configurable: false,
  });
  if (token !== null) {
    params.delete('token');
    const rest = params.toString();
    target.history.replaceState(
      target.history.state,
      '',
      `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`,
    );
  }
  return api;
}
