import { SESSION_LOG_VERSION, sessionEventSchemas, type SessionEvent } from '../../contract';
import { readJsonl } from '../storage/jsonl-file';

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
  const { values, ...rest } = await readJsonl(file, parseEvent);
  return { events: values, ...rest };
}

function parseEvent(raw: unknown): SessionEvent | null {
  const envelope = raw as Partial<SessionEvent> | null;
  if (
    !envelope ||
    envelope.v !== SESSION_LOG_VERSION ||
    typeof envelope.seq !== 'number' ||
    typeof envelope.session !== 'string'
  )
    return null;
  // Body validation is what keeps a damaged or foreign line out of the rebuilt conversation.
  return sessionEventSchemas().SessionEventBody.safeParse(raw).success ? (raw as SessionEvent) : null;
}
