import {
  LINK_CREDENTIAL_PREFIX,
  MAX_MESSAGE_BYTES,
  SESSION_CREDENTIAL_PREFIX,
  wireSchemas,
  WS_CLOSE,
  WS_PROTOCOL,
  type RequestMethod,
  type Result,
  type WorkbenchEvent,
} from '../../../electron/contract';
import type { TrellisApi } from './client';
import { parseEvent } from './event-validation';
import { pageCredential, type PageCredential } from './page-credential';

type Pending = (result: Result<never>) => void;

const NEW_LINK = 'Open the newest link "trellis serve" printed in its terminal, or run "trellis serve" again.';

/** Closes after which reconnecting cannot help: the person has to bring a new link. */
const REFUSED: Record<number, string> = {
  [WS_CLOSE.linkUsed]: `This link was already used to open Trellis in another tab, and each link works once. ${NEW_LINK}`,
  [WS_CLOSE.sessionUnknown]: `This page's Trellis session has ended (the server was restarted). ${NEW_LINK}`,
  [WS_CLOSE.unauthorised]: `This page has no valid Trellis link. ${NEW_LINK}`,
};

/** The UTF-8 size of a message, counted only when it could be near the limit. */
function tooLarge(message: string): number | null {
  if (message.length * 3 <= MAX_MESSAGE_BYTES) return null;
  const bytes = new TextEncoder().encode(message).length;
  return bytes > MAX_MESSAGE_BYTES ? bytes : null;
}

/**
 * The contract over the `trellis serve` WebSocket (same origin). The page proves itself with the
 * credential it offers as a subprotocol (see PageCredential). Reconnects with backoff; requests made
 * while disconnected wait for the connection rather than fail. A refused credential stops the
 * reconnecting and tells the person what to do.
 */
export function websocketClient(
  url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  credential: PageCredential = pageCredential(),
): TrellisApi {
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  const problemListeners = new Set<(problem: string | null) => void>();
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let retryMs = 250;
  let refused: string | null = null;

  const failAll = (message: string) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'disconnected', message } });
    pending.clear();
  };
  const reportProblem = (problem: string | null) => {
    for (const listener of problemListeners) listener(problem);
  };

  const connect = () => {
    const protocols = [WS_PROTOCOL];
    const session = credential.session();
    if (session) protocols.push(SESSION_CREDENTIAL_PREFIX + session);
    if (credential.linkToken) protocols.push(LINK_CREDENTIAL_PREFIX + credential.linkToken);
    socket = new WebSocket(url, protocols);
    socket.onopen = () => {
      retryMs = 250;
      for (const message of queue) socket.send(message);
      queue = [];
    };
    socket.onmessage = (message) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(message.data));
      } catch {
        return console.warn('trellis: dropped a message that is not JSON');
      }
      const parsed = wireSchemas().ServerMessage.safeParse(raw);
      if (!parsed.success) return console.warn('trellis: dropped a malformed message');
      const data = parsed.data;
      if (data.type === 'welcome') {
        credential.saveSession(data.session);
        credential.linkToken = null;
        reportProblem(null);
      } else if (data.type === 'response') {
        pending.get(data.id)?.(data.result as Result<never>);
        pending.delete(data.id);
      } else {
        const event = parseEvent(data.event);
        if (event) for (const listener of listeners) listener(event);
      }
    };
    socket.onclose = (event) => {
      refused = REFUSED[event.code] ?? null;
      if (refused) {
        if (event.code === WS_CLOSE.sessionUnknown) credential.forgetSession();
        failAll(refused); // queued requests are pending too: answered here
        queue = [];
        reportProblem(refused);
        return;
      }
      failAll(event.reason ? `Trellis closed the connection: ${event.reason}` : 'Lost the connection to Trellis.');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    shell: 'browser',
    request(method: RequestMethod, params: unknown) {
      const id = nextId++;
      const message = JSON.stringify({ type: 'request', id, method, params });
      const bytes = tooLarge(message);
      if (bytes !== null) {
        const mb = (n: number) => (n / 2 ** 20).toFixed(1);
        return Promise.resolve({
          ok: false,
          error: {
            code: 'too-large',
            message: `This request is ${mb(bytes)} MB; Trellis accepts up to ${mb(MAX_MESSAGE_BYTES)} MB per request. Put the text in a file in the repository and name the file instead.`,
          },
        });
      }
      if (refused) return Promise.resolve({ ok: false, error: { code: 'disconnected', message: refused } });
      return new Promise<Result<never>>((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === WebSocket.OPEN) socket.send(message);
        else queue.push(message);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnectionProblem(listener) {
      problemListeners.add(listener);
      if (refused) listener(refused);
      return () => problemListeners.delete(listener);
    },
  };
}
