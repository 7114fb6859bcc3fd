import fs from 'node:fs/promises';
import { SESSION_LOG_VERSION, SessionEventBodySchema, type SessionEvent } from '../../contract';

export interface SessionLogContents {
  events: SessionEvent[];
  /** Bytes up to the end of the last complete line: where appending may continue. */
  validBytes: number;
  /** The last line had no newline: a write cut short by a crash. It is not an event. */
  tornTail: boolean;
  /** Complete lines that were not valid events (corruption, or types from a newer Trellis). */
  skipped: number;
}

/**
 * Read a session log. A torn last line is detected and skipped; a line that
 * does not parse is skipped and counted, never fatal, so a damaged log still
 * gives back everything that was acknowledged.
 */
export async function readSessionLog(file: string): Promise<SessionLogContents> {
  const buffer = await fs.readFile(file);
  const end = buffer.lastIndexOf(0x0a) + 1;
  const text = buffer.subarray(0, end).toString('utf8');
  const events: SessionEvent[] = [];
  let skipped = 0;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const line = text.slice(start, newline);
    start = newline + 1;
    if (!line) continue;
    const event = parseEventLine(line);
    if (event) events.push(event);
    else skipped++;
  }
  return { events, validBytes: end, tornTail: end < buffer.length, skipped };
}

function parseEventLine(line: string): SessionEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const envelope = raw as Partial<SessionEvent>;
  if (envelope.v !== SESSION_LOG_VERSION || typeof envelope.seq !== 'number' || typeof envelope.session !== 'string') return null;
  // Body validation is what keeps a damaged or foreign line out of the rebuilt conversation.
  return SessionEventBodySchema.safeParse(raw).success ? (raw as SessionEvent) : null;
}
