import type { TrellisApi } from './client';
import { electronClient } from './electron-client';
import { websocketClient } from './websocket-client';

export type { TrellisApi } from './client';

/** Electron's preload when present, otherwise the WebSocket of `trellis serve`. */
export function createApi(): TrellisApi {
  return window.trellis ? electronClient(window.trellis) : websocketClient();
}
