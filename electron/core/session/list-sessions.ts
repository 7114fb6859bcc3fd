import fs from 'node:fs/promises';
import path from 'node:path';
import { sessionFile } from './session-log';

export interface SessionSummary {
  id: string;
  file: string;
  cwd: string | null;
  model: string | null;
  /** The person's first words, cut to a line: a spec's idea, or the first prompt they wrote (never a stage prompt of Trellis's). */
  title: string | null;
  startedAt: string | null;
}

const HEAD_BYTES = 64 * 1024;

/** Sessions under the Trellis home, newest first (ids sort by time). Reads only the head of each log. */
export async function listSessions(home: string, limit = 50): Promise<SessionSummary[]> {
  const files = await sessionFiles(path.join(home, 'sessions'));
  files.sort((a, b) => path.basename(b).localeCompare(path.basename(a)));
  return Promise.all(files.slice(0, limit).map(summarize));
}

/** The log of a session named by id (or an unambiguous id prefix), or null. */
export async function findSession(home: string, id: string): Promise<string | null> {
  try {
    const exact = sessionFile(home, id);
    await fs.access(exact);
    return exact;
  } catch {
    const matches = (await sessionFiles(path.join(home, 'sessions'))).filter((f) => path.basename(f).startsWith(id));
    return matches.length === 1 ? matches[0] : null;
  }
}

async function sessionFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => path.join(e.parentPath, e.name));
}

async function summarize(file: string): Promise<SessionSummary> {
  const summary: SessionSummary = {
    id: path.basename(file, '.jsonl'),
    file,
    cwd: null,
    model: null,
    title: null,
    startedAt: null,
  };
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    for (const line of buffer.subarray(0, bytesRead).toString('utf8').split('\n')) {
      try {
        const event = JSON.parse(line);
        if (event.type === 'session.started')
          Object.assign(summary, { cwd: event.cwd, model: event.model, startedAt: event.ts });
        // The person's words make the title: a spec's idea, not the stage prompts Trellis wrote for it.
        if (event.type === 'spec.started') {
          summary.title = String(event.idea).split('\n')[0].slice(0, 120);
          break;
        }
        // A session that began with a goal (exec --goal) is named by its objective, not the continuation prompt.
        if (event.type === 'goal.updated') {
          summary.title = String(event.objective).split('\n')[0].slice(0, 120);
          break;
        }
        // A session begun by an agent hook is named by the hook's prompt.
        if (event.type === 'turn.started' && ['person', 'hook'].includes(event.origin ?? 'person')) {
          summary.title = String(event.prompt).split('\n')[0].slice(0, 120);
          break;
        }
      } catch {
        // a torn or partial line at the end of the head
      }
    }
  } finally {
    await handle.close();
  }
  return summary;
}
