import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SESSION_LOG_VERSION, type SessionEvent, type SessionEventBody } from '../../contract';
import { JsonlAppender } from '../storage/jsonl-file';
import { readSessionLog } from './read-session-log';

/** Sortable by time, unique enough to name in a command line: 20261125T115901-3fa9c2d1. */
export function newSessionId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export function sessionFile(home: string, id: string): string {
  const [, y, m, d] = /^(\d{4})(\d{2})(\d{2})T/.exec(id) ?? [];
  if (!y) throw new Error(`"${id}" is not a Trellis session id.`);
  return path.join(home, 'sessions', y, m, d, `${id}.jsonl`);
}

/**
 * The append-only log of one session. One writer: the session itself. Every
 * event is written (in order, to the page cache, so `kill -9` cannot lose it)
 * before `append` resolves, and only then is anyone told of it.
 */
export class SessionLog {
  private constructor(
    readonly id: string,
    /** null for an ephemeral session: events are numbered and dated but not kept. */
    readonly file: string | null,
    private readonly writer: JsonlAppender | null,
    private seq: number,
  ) {}

  static async create(home: string, options: { ephemeral?: boolean; id?: string } = {}): Promise<SessionLog> {
    const id = options.id ?? newSessionId();
    if (options.ephemeral) return new SessionLog(id, null, null, 0);
    const file = sessionFile(home, id);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    return new SessionLog(id, file, await JsonlAppender.open(file, 'wx'), 0);
  }

  /** Reopen a session's log to continue it: a torn last line is cut off first so new events start on a clean line. */
  static async reopen(file: string): Promise<{ log: SessionLog; events: SessionEvent[] }> {
    const read = await readSessionLog(file);
    const handle = await fs.open(file, 'r+');
    await handle.truncate(read.validBytes);
    await handle.close();
    const last = read.events.at(-1);
    const id = read.events[0]?.session ?? path.basename(file, '.jsonl');
    return {
      log: new SessionLog(id, file, await JsonlAppender.open(file, 'a'), last ? last.seq + 1 : 0),
      events: read.events,
    };
  }

  append<T extends SessionEventBody>(body: T): Promise<SessionEvent & T> {
    const event = {
      v: SESSION_LOG_VERSION,
      session: this.id,
      seq: this.seq++,
      ts: new Date().toISOString(),
      ...body,
    } as SessionEvent & T;
    if (!this.writer) return Promise.resolve(event);
    return this.writer.append(event).then(() => event);
  }

  async close(): Promise<void> {
    await this.writer?.close();
  }
}
