import type { z } from 'zod';
import { APP_METHODS } from './app/methods';
import { appRequests } from './app/requests';
import type { RequestMethod } from './channels';
import { CHANGE_METHODS } from './changes/methods';
import { changeRequests } from './changes/requests';
import { CREW_METHODS } from './crew/methods';
import { crewRequests } from './crew/requests';
import { HOOKS_METHODS } from './hooks/methods';
import { hooksRequests } from './hooks/requests';
import { lazy } from './lazy';
import { MCP_METHODS } from './mcp/methods';
import { mcpRequests } from './mcp/requests';
import type { Check, HasExactly, RequestSpec } from './request-table';
import { SESSION_METHODS } from './sessions/methods';
import { sessionRequests } from './sessions/requests';
import { SPEC_METHODS } from './specs/methods';
import { specRequests } from './specs/requests';
import { TRUST_METHODS } from './trust/methods';
import { trustRequests } from './trust/requests';
import { WORKSPACE_METHODS } from './workspace/methods';
import { workspaceRequests } from './workspace/requests';

/** Each domain's method names beside its table: a request's schemas are built with its domain's, on first use. */
const DOMAINS = [
  [APP_METHODS, appRequests],
  [WORKSPACE_METHODS, workspaceRequests],
  [SESSION_METHODS, sessionRequests],
  [SPEC_METHODS, specRequests],
  [CHANGE_METHODS, changeRequests],
  [CREW_METHODS, crewRequests],
  [TRUST_METHODS, trustRequests],
  [MCP_METHODS, mcpRequests],
  [HOOKS_METHODS, hooksRequests],
] as const;

/** Every request: its params and the value of a successful result. Builds every domain's schemas. */
export const requests = lazy(() => ({
  ...appRequests(),
  ...workspaceRequests(),
  ...sessionRequests(),
  ...specRequests(),
  ...changeRequests(),
  ...crewRequests(),
  ...trustRequests(),
  ...mcpRequests(),
  ...hooksRequests(),
}));

export type Requests = ReturnType<typeof requests>;
/**
 * A compile error unless every method name has a request and every request a method name (a request missing
 * from REQUEST_METHODS would be unreachable through IPC and serve). requests.type-test.ts proves it fails.
 */
export type EveryRequestReachable = Check<HasExactly<Requests, RequestMethod>>;
export type RequestParams<M extends RequestMethod> = z.input<Requests[M]['params']>;
export type RequestValue<M extends RequestMethod> = z.infer<Requests[M]['value']>;

const domainOf = lazy(
  () =>
    new Map<string, () => Record<string, RequestSpec>>(
      DOMAINS.flatMap(([methods, table]) => methods.map((m) => [m, table] as const)),
    ),
);

/** One request's schemas, building only its domain's. */
export function requestSpec<M extends RequestMethod>(method: M): Requests[M] {
  return domainOf().get(method)!()[method] as Requests[M];
}
