import type { TrellisApi } from '../api';

let instance: TrellisApi | null = null;

/** Set once at start-up; stores reach Node only through this. */
export function setApi(api: TrellisApi): void {
  instance = api;
}

export function api(): TrellisApi {
  if (!instance) throw new Error('The Trellis API is not connected yet.');
  return instance;
}
