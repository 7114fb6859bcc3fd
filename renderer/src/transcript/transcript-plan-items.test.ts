import { describe, expect, it } from 'vitest';
import type { SessionEvent, SessionEventBody } from '../../../electron/contract';
import { TranscriptBuilder } from './transcript-items';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent =>
  ({ v: 1, session: 's', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;
const answer = (turn: number, plan: string) => [
  ev({
    type: 'message.completed',
    turn,
    itemId: `m${turn}`,
    text: `Looked.\n\n<proposed_plan>\n${plan}\n</proposed_plan>`,
  }),
  ev({ type: 'plan.proposed', turn, plan }),
];

describe('plan mode in the transcript', () => {
  it('shows the mode switches, and a proposed plan as a card apart from the words around it', () => {
    const b = new TranscriptBuilder();
    const items = b.apply([ev({ type: 'mode.changed', mode: 'plan' }), ...answer(0, '# One')]);
    expect(items).toEqual([
      { kind: 'notice', id: expect.any(String), text: expect.stringMatching(/^Plan mode on/), tone: 'info' },
      { kind: 'message', id: 'msg-m0', text: 'Looked.', streaming: false },
      { kind: 'proposed-plan', id: expect.any(String), turn: 0, plan: '# One', superseded: false },
    ]);
  });

  it('a later plan supersedes the earlier card; leaving plan mode is said', () => {
    const b = new TranscriptBuilder();
    b.apply(answer(0, '# One'));
    const items = b.apply([...answer(1, '# Two'), ev({ type: 'mode.changed', mode: 'default' })]);
    const cards = items.filter((i) => i.kind === 'proposed-plan');
    expect(cards.map((c) => [c.plan, c.superseded])).toEqual([
      ['# One', true],
      ['# Two', false],
    ]);
    expect(items.at(-1)).toMatchObject({ kind: 'notice', text: expect.stringMatching(/^Plan mode off/) });
  });
});
