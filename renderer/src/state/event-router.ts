import type { WorkbenchEvent } from '../../../electron/contract';
import type { TrellisApi } from '../api';
import { useCrew } from './crew-store';
import { useSession } from './session-store';
import { useTrust } from './trust-store';
import { useWorkspace } from './workspace-store';

/**
 * Feed contract events to the stores, batched once per animation frame so a
 * burst (a checkout touching a thousand folders) costs one render.
 */
export function routeEvents(api: TrellisApi, onCommand: (command: string) => void): () => void {
  let batch: WorkbenchEvent[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const events = batch;
    batch = [];
    useWorkspace.getState().applyEvents(events);
    useSession.getState().applyEvents(events);
    useCrew.getState().applyEvents(events);
    useTrust.getState().applyEvents(events);
  };
  return api.onEvent((event) => {
    if (event.type === 'ui.command') return onCommand(event.command);
    batch.push(event);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  });
}
