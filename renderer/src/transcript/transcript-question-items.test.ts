import { describe, expect, it } from 'vitest';
import type { SessionEvent, SessionEventBody } from '../../../electron/contract';
import { TranscriptBuilder } from './transcript-items';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent =>
  ({ v: 1, session: 's', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;

const questions = [
  { id: 'db', question: 'Which database?', options: [{ label: 'SQLite' }, { label: 'Postgres' }] },
  { id: 'name', question: 'What is it called?' },
];

describe('questions and steered messages in the transcript', () => {
  it('a resumed session shows answered questions with the answers the model read', () => {
    const items = new TranscriptBuilder().apply([
      ev({ type: 'turn.started', turn: 0, prompt: 'Set up' }),
      ev({ type: 'input.requested', turn: 0, callId: 'c1', questions }),
      ev({
        type: 'tool.result',
        turn: 0,
        callId: 'c1',
        output: '{"answers":{"db":{"answers":["SQLite"]},"name":{"answers":["Orchard"]}}}',
        isError: false,
      }),
      ev({ type: 'prompt.steered', turn: 0, prompt: 'Use tabs.' }),
    ]);
    expect(items.slice(1)).toEqual([
      {
        kind: 'questions',
        id: 'questions-c1',
        callId: 'c1',
        questions,
        answers: { db: ['SQLite'], name: ['Orchard'] },
        withdrawn: null,
      },
      { kind: 'prompt', id: expect.any(String), text: 'Use tabs.', steered: true },
    ]);
  });

  it('withdrawn questions say why, and stay unanswered', () => {
    const items = new TranscriptBuilder().apply([
      ev({ type: 'input.requested', turn: 0, callId: 'c2', questions }),
      ev({
        type: 'tool.result',
        turn: 0,
        callId: 'c2',
        output: 'The person interrupted before answering.',
        isError: true,
      }),
    ]);
    expect(items[0]).toMatchObject({ answers: null, withdrawn: 'The person interrupted before answering.' });
  });

  it('questions left without a result (the process ended while they waited) close when the next turn starts', () => {
    const b = new TranscriptBuilder();
    b.apply([ev({ type: 'input.requested', turn: 0, callId: 'c3', questions })]);
    expect(b.items[0]).toMatchObject({ answers: null, withdrawn: null });
    const items = b.apply([ev({ type: 'turn.started', turn: 1, prompt: 'Go on' })]);
    expect(items[0]).toMatchObject({ answers: null, withdrawn: 'Not answered: the session ended while these waited.' });
  });
});
