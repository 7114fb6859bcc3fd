import { ServerMessageSchema, type RequestMethod, type Result, type WorkbenchEvent } from '../../../electron/contract';
import type { TrellisApi } from './client';
import { parseEvent } from './event-validation';

type Pending = (result: Result<never>) => void;

/**
 * The contract over the `trellis serve` WebSocket (same origin; the server's
 * cookie carries the token). Reconnects with backoff; requests made while
 * disconnected wait for the connection rather than fail.
 */
export function websocketClient(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`): TrellisApi {
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let retryMs = 250;

  const connect = () => {
    socket = new WebSocket(url);
    socket.onopen = () => {
      retryMs = 250;
      for (const message of queue) socket.send(message);
      queue = [];
    };
    socket.onmessage = (message) => {
      const parsed = ServerMessageSchema.safeParse(JSON.parse(String(message.data)));
      if (!parsed.success) return console.warn('trellis: dropped a malformed message');
      const data = parsed.data;
      if (data.type === 'response') {
        pending.get(data.id)?.(data.result as Result<never>);
        pending.delete(data.id);
      } else {
        const event = parseEvent(data.event);
        if (event) for (const listener of listeners) listener(event);
      }
    };
    socket.onclose = () => {
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'disconnected', message: 'Lost the connection to Trellis.' } });
      pending.clear();
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
  };
}
