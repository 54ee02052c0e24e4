import type { StrideApi } from '../../shared/api/types';

declare global {
  interface Window {
    /** The back end, provided by the preload (Electron) or the WebSocket bridge (browser mode). */
    readonly stride: StrideApi;
  }
}
