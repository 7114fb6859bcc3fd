import type { TrellisApi } from '../api';

/**
 * The connection to Node, not state the window shows: set once by main.tsx before anything renders (tests
 * set a fake). Nothing about the workspace or a session lives here; that is in the stores.
 */
let instance: TrellisApi | null = null;

/** Set once at start-up; stores reach Node only through this. */
export function setApi(api: TrellisApi): void {
  instance = api;
}

export function api(): TrellisApi {
  if (!instance) throw new Error('The Trellis API is not connected yet.');
  return instance;
}
