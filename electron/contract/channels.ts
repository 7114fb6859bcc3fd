/**
 * Names of every request and the one event channel, joined from each domain's method list. Kept free of zod so
 * the sandboxed preload can import it without bundling the schemas.
 */
import { APP_METHODS } from './app/methods';
import { CHANGE_METHODS } from './changes/methods';
import { CREW_METHODS } from './crew/methods';
import { HOOKS_METHODS } from './hooks/methods';
import { MCP_METHODS } from './mcp/methods';
import { SESSION_METHODS } from './sessions/methods';
import { SPEC_METHODS } from './specs/methods';
import { TRUST_METHODS } from './trust/methods';
import { WORKSPACE_METHODS } from './workspace/methods';

export const REQUEST_METHODS = [
  ...APP_METHODS,
  ...WORKSPACE_METHODS,
  ...SESSION_METHODS,
  ...SPEC_METHODS,
  ...CHANGE_METHODS,
  ...CREW_METHODS,
  ...TRUST_METHODS,
  ...MCP_METHODS,
  ...HOOKS_METHODS,
] as const;
export type RequestMethod = (typeof REQUEST_METHODS)[number];

/** Electron IPC channel for one request method. */
export const ipcChannel = (method: RequestMethod) => `trellis:${method}`;
export const IPC_EVENT_CHANNEL = 'trellis:event';

export function isRequestMethod(value: unknown): value is RequestMethod {
  return typeof value === 'string' && (REQUEST_METHODS as readonly string[]).includes(value);
}
