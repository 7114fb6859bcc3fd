/** One server-sent event. `event` is omitted for Chat Completions, which sends `data:` lines only. */
export interface SseFrame {
  event?: string;
  data: string;
}

export function frame(event: string | undefined, data: unknown): SseFrame {
  return { event, data: typeof data === 'string' ? data : JSON.stringify(data) };
}

export function encodeFrame(f: SseFrame): string {
  // JSON.stringify never emits raw newlines, so one data: line per frame is enough.
  return `${f.event ? `event: ${f.event}\n` : ''}data: ${f.data}\n\n`;
}

/** Everything an encoder needs to answer one request with one scripted turn. */
export interface TurnContext {
  /** 0-based turn index (also used in ids). */
  turn: number;
  model: string;
  body: Record<string, unknown>;
}

/**
 * Fixed timestamp so identical requests get byte-identical replies (replays, snapshots);
 * 2023-11-14T22:13:20Z.
 */
export const CREATED_AT = 1_700_000_000;
