/**
 * Compile-time proof that the reachability check of requests.ts can fail: typecheck runs this file, and each
 * `@ts-expect-error` below must meet an error, or typecheck fails. (A vitest test cannot observe a compile error.)
 */
import type { RequestMethod } from './channels';
import type { Check, HasExactly, RequestSpec } from './request-table';
import type { Requests } from './requests';

/** As it is: every request reachable, every name served. */
export type AsItIs = Check<HasExactly<Requests, RequestMethod>>;

// @ts-expect-error a request no method name lists would be unreachable through IPC and serve
export type RequestWithoutName = Check<HasExactly<Requests & { 'workspace.rename': RequestSpec }, RequestMethod>>;

// @ts-expect-error a method name without a request would be served by nothing
export type NameWithoutRequest = Check<HasExactly<Omit<Requests, 'crew.retry'>, RequestMethod>>;
