import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { wireSchemas, MAX_MESSAGE_BYTES, WS_CLOSE, type ServerMessage, type WorkbenchEvent } from '../contract';
import type { Workbench, WorkbenchClient } from '../core/workbench/workbench';

const LIMIT_MB = MAX_MESSAGE_BYTES / 2 ** 20;

/** Close reasons (at most 123 bytes) for the codes ws closes with by itself when a frame is bad. */
const PROTOCOL_REASONS: Record<number, string> = {
  1002: 'Malformed WebSocket frame.',
  1007: 'A text message that is not valid UTF-8.',
  1009: `Message too big: Trellis accepts up to ${LIMIT_MB} MB per request.`,
};

/**
 * A client whose unread replies pile up past this is disconnected: a page that reads nothing must not
 * grow the server's memory without end.
 */
const MAX_BUFFERED_BYTES = 256 * 2 ** 20;

type Parsed =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'reply'; id: number; message: string }
  | { kind: 'close'; reason: string };

/** Read one message: a request, a wrong request we can still answer by its id, or something to hang up on. */
export function parseClientMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Parsed {
  if (isBinary) return { kind: 'close', reason: 'Binary messages are not accepted; send JSON text.' };
  let json: unknown;
  try {
    json = JSON.parse(
      Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'),
    );
  } catch {
    return { kind: 'close', reason: 'Malformed message: not JSON.' };
  }
  const parsed = wireSchemas().ClientMessage.safeParse(json);
  if (parsed.success) return { kind: 'request', ...parsed.data };
  const id = (json as { id?: unknown } | null)?.id;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) {
    const issue = parsed.error.issues[0];
    return {
      kind: 'reply',
      id,
      message: `Not a Trellis request: ${issue.path.join('.') || 'message'} ${issue.message}.`,
    };
  }
  return { kind: 'close', reason: 'Malformed message: not a Trellis request.' };
}

/**
 * Serve one authenticated WebSocket: every request is answered, bad input gets an answer or a close
 * with a reason, and nothing this connection does (errors, huge frames, a dispatch that throws)
 * reaches the process as an unhandled error.
 */
export function attachClient(
  ws: WebSocket,
  workbench: Workbench,
  session: string,
  log: (message: string) => void,
): void {
  // ws closes by itself on a bad frame (too big, bad UTF-8, bad opcode) with a code but no words; add them.
  const closeWithCode = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) =>
    closeWithCode(code, reason ?? (code ? PROTOCOL_REASONS[code] : undefined));
  ws.on('error', (err) => log(`a WebSocket connection was closed: ${err.message}`));

  const send = (message: ServerMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      log('a WebSocket client stopped reading its replies; disconnected it');
      ws.terminate();
      return;
    }
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (err) {
      log(`a reply could not be encoded: ${(err as Error).message}`);
      if (message.type !== 'response') return;
      text = JSON.stringify({
        type: 'response',
        id: message.id,
        result: { ok: false, error: { code: 'internal', message: 'The reply could not be encoded.' } },
      });
    }
    ws.send(text);
  };
  const client: WorkbenchClient = {
    id: randomUUID(),
    send: (event: WorkbenchEvent) => send({ type: 'event', event }),
  };
  send({ type: 'welcome', session });

  ws.on('message', (data, isBinary) => {
    const message = parseClientMessage(data, isBinary);
    if (message.kind === 'close') return ws.close(WS_CLOSE.unsupported, message.reason);
    if (message.kind === 'reply') {
      return send({
        type: 'response',
        id: message.id,
        result: { ok: false, error: { code: 'invalid-request', message: message.message } },
      });
    }
    workbench.dispatch(message.method, message.params, client).then(
      (result) => send({ type: 'response', id: message.id, result }),
      (err: Error) => {
        log(`${message.method} failed: ${err.stack ?? err}`);
        send({
          type: 'response',
          id: message.id,
          result: { ok: false, error: { code: 'internal', message: err.message } },
        });
      },
    );
  });
  ws.on(
    'close',
    () => void workbench.disconnect(client).catch((err: Error) => log(`disconnecting a client failed: ${err.message}`)),
  );
}
