// A scripted model server speaking the real streaming wire formats, so tests run the real SDKs against it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicFrames } from './anthropic-sse';
import { chatFrames } from './chat-sse';
import { defaultFailureMessage, errorBody } from './errors';
import { responsesFrames } from './responses-sse';
import { turnsFor, type MockScenario, type MockTurn } from './scenario';
import { encodeFrame, type SseFrame, type TurnContext } from './sse';
import { conversationKey, turnIndex, type MockApi } from './turn-index';

export interface RecordedRequest {
  api: MockApi;
  path: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** 0-based turn derived from the request's history (may be past the scenario's end). */
  turn: number;
  /** 0 for the first request of this turn of this conversation, 1 for its first retry, … */
  attempt: number;
}

export interface MockModelServer {
  /** http://127.0.0.1:PORT — OpenAI clients use `${url}/v1` as baseURL; Anthropic uses url itself. */
  url: string;
  /** Every request that reached a model endpoint with a JSON body, in arrival order. */
  requests: RecordedRequest[];
  /**
   * Hold every response from now on (before its first byte) until the returned release is called:
   * a test sees its client mid-turn for as long as it needs, with no delay to guess.
   */
  hold(): () => void;
  close(): Promise<void>;
}

const ROUTES: Record<string, MockApi> = {
  '/v1/responses': 'responses',
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'anthropic',
};

const ENCODERS: Record<MockApi, (ctx: TurnContext, turn: MockTurn) => Iterable<SseFrame>> = {
  responses: responsesFrames,
  chat: chatFrames,
  anthropic: anthropicFrames,
};

export async function startMockModel(
  scenario: MockScenario,
  options: { port?: number } = {},
): Promise<MockModelServer> {
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  let requestCount = 0;
  let gate: Promise<void> = Promise.resolve();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the mock must surface in the test, not hang the client.
      if (!res.headersSent)
        sendJson(res, 500, JSON.stringify({ error: { message: `mock-model crashed: ${String(err)}` } }));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://mock').pathname;
    const api = ROUTES[path];
    res.setHeader('x-request-id', `req_mock_${requestCount++}`);
    if (!api || req.method !== 'POST') {
      sendJson(
        res,
        404,
        JSON.stringify({ error: { message: `mock-model: no endpoint ${req.method} ${path}` } }),
        false,
      );
      return;
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await readBody(req));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      sendJson(res, 400, errorBody(api, 400, 'mock-model: the request body must be a JSON object'), false);
      return;
    }

    const turn = turnIndex(api, body);
    const key = conversationKey(api, body);
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    requests.push({ api, path, headers: flattenHeaders(req.headers), body, turn, attempt });
    // Held (hold()): wait for the release, or for the client to give up (an interrupted turn).
    await Promise.race([gate, new Promise((resolve) => res.once('close', resolve))]);
    if (res.destroyed) return;

    // Protocol and script errors are final: x-should-retry:false stops the SDKs' automatic retries.
    if (body.stream !== true) {
      sendJson(
        res,
        400,
        errorBody(api, 400, 'mock-model: only streaming requests are supported; set stream: true'),
        false,
      );
      return;
    }
    const turns = turnsFor(scenario, body.input ?? body.messages);
    const scripted = turns[turn];
    if (!scripted) {
      const message =
        `mock-model: the scenario has no turn ${turn} (it scripts ${turns.length} turn(s)); ` +
        `the request history already holds ${turn} model response(s)`;
      sendJson(res, 500, errorBody(api, 500, message), false);
      return;
    }

    const failure = scripted.failures?.[attempt];
    if (failure?.kind === 'http') {
      if (failure.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(failure.retryAfterSeconds));
      sendJson(
        res,
        failure.status,
        failure.body ?? errorBody(api, failure.status, defaultFailureMessage(failure.status)),
      );
      return;
    }

    const model = typeof body.model === 'string' ? body.model : 'mock-model';
    const frames = ENCODERS[api]({ turn, model, body }, scripted);
    await streamFrames(res, frames, scripted.delayMs ?? 0, failure?.kind === 'cut');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hold() {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const before = gate;
      gate = Promise.all([before, held]).then(() => {});
      return release;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // SDK clients keep connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

/** Writes frames in order; with `cut`, writes about half and then destroys the socket mid-response. */
async function streamFrames(
  res: http.ServerResponse,
  generated: Iterable<SseFrame>,
  delayMs: number,
  cut: boolean,
): Promise<void> {
  // Only a cut needs the count up front; otherwise frames are made as they are sent.
  const frames = cut ? [...generated] : generated;
  const limit = cut ? Math.max(1, Math.floor((frames as SseFrame[]).length / 2)) : Infinity;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  let i = 0;
  for (const f of frames) {
    if (i >= limit) break;
    if (i++ > 0 && delayMs > 0) await sleep(delayMs);
    // The client may have aborted (interruption tests): stop quietly.
    if (res.destroyed) return;
    await writeFlushed(res, encodeFrame(f));
  }
  if (cut) {
    // The frames above are flushed, so the client sees a stream that starts and then dies without a terminator.
    res.destroy();
    return;
  }
  res.end();
}

/** Resolves once the chunk reached the socket, or the response closed (a pending write may never call back). */
function writeFlushed(res: http.ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(chunk, done);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: string, retryable?: boolean): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (retryable === false) headers['x-should-retry'] = 'false';
  res.writeHead(status, headers);
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
