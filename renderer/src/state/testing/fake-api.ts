import type { RequestMethod, Result, WorkbenchEvent } from '../../../../electron/contract';
import type { TrellisApi } from '../../api';

type Answer = (params: unknown) => Result<unknown> | Promise<Result<unknown>>;

/** What Node answers for a home with no config.toml, for requests whose contract value is never null. */
const DEFAULT_ANSWERS: Partial<Record<RequestMethod, Answer>> = {
  'session.settings': () => ({
    ok: true,
    value: {
      approvalPolicy: 'on-request',
      sandboxMode: 'workspace-write',
      reviewEditsForcedBy: null,
      model: null,
      reasoningEffort: null,
      provider: 'openai',
      contextWindowTokens: 128_000,
      models: [],
    },
  }),
};

/**
 * A stand-in for Node in store tests: each request is recorded and answered by its handler (a method with
 * none answers as Node would with no configuration, or `{ ok: true, value: null }`), and events can be pushed as
 * the transports push them.
 */
export function fakeApi(handlers: Partial<Record<RequestMethod, Answer>> = {}) {
  const requests: { method: RequestMethod; params: unknown }[] = [];
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  const api: TrellisApi = {
    shell: 'browser',
    async request(method, params) {
      requests.push({ method, params });
      const answer = handlers[method] ?? DEFAULT_ANSWERS[method];
      return (answer ? await answer(params) : { ok: true, value: null }) as never;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { api, requests, push: (event: WorkbenchEvent) => listeners.forEach((l) => l(event)) };
}

/** A promise and the function that settles it: to answer a request later than the events it causes. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
