import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { listSessions } from './list-sessions';

/** A session log as Trellis writes it, under home/sessions/2026/01/02/<id>.jsonl. */
function writeLog(home: string, id: string, bodies: object[]): void {
  const dir = path.join(home, 'sessions', '2026', '01', '02');
  fs.mkdirSync(dir, { recursive: true });
  const lines = bodies.map((body, seq) =>
    JSON.stringify({ v: 1, session: id, seq, ts: '2026-01-02T00:00:00Z', ...body }),
  );
  fs.writeFileSync(path.join(dir, `${id}.jsonl`), `${lines.join('\n')}\n`);
}

const started = {
  type: 'session.started',
  cwd: '/r',
  model: 'm',
  provider: 'p',
  sandbox: 'read-only',
  approval: 'on-request',
  source: 'window',
};

describe('listSessions titles', () => {
  it("titles a spec session with the person's idea, not the stage prompt Trellis wrote", async () => {
    const home = tempDir();
    writeLog(home, 'a', [
      started,
      {
        type: 'spec.started',
        spec: 'csv',
        kind: 'feature',
        workflow: 'requirements-first',
        idea: 'Export todos as CSV\nwith a header row',
      },
      { type: 'turn.started', turn: 0, prompt: 'Write .kiro/specs/csv/requirements.md now.', origin: 'workflow' },
    ]);
    expect((await listSessions(home))[0].title).toBe('Export todos as CSV');
  });

  it("skips workflow prompts and titles with the person's first own prompt; an old log (no origin) keeps its title", async () => {
    const home = tempDir();
    writeLog(home, 'b', [
      started,
      { type: 'turn.started', turn: 0, prompt: 'stage text', origin: 'workflow' },
      { type: 'turn.started', turn: 1, prompt: 'and now fix it', origin: 'person' },
    ]);
    writeLog(home, 'c', [started, { type: 'turn.started', turn: 0, prompt: 'fix the build\nplease' }]);
    const titles = Object.fromEntries((await listSessions(home)).map((s) => [s.id, s.title]));
    expect(titles).toEqual({ b: 'and now fix it', c: 'fix the build' });
  });
});
