import type { RequestMethod, Result, WorkbenchEvent } from '../../../electron/contract';
import type { PreloadBridge, TrellisApi } from './client';
import { parseEvent } from './event-validation';

export function electronClient(bridge: PreloadBridge): TrellisApi {
  return {
    shell: 'electron',
    request: (method: RequestMethod, params: unknown) => bridge.request[method](params) as Promise<Result<never>>,
    onEvent(listener: (event: WorkbenchEvent) => void) {
      return bridge.onEvent((raw) => {
        const event = parseEvent(raw);
        if (event) listener(event);
      });
    },
    pathForFile: (file) => bridge.pathForFile(file),
  };
}
