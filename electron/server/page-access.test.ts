import { describe, expect, it } from 'vitest';
import { PageAccess } from './page-access';

const link = (token: string) => ['trellis.v1', `trellis.link.${token}`];
const session = (secret: string) => ['trellis.v1', `trellis.session.${secret}`];

describe('PageAccess', () => {
  it('trades the link once, mints and announces the next one, and admits the session it gave', () => {
    const announced: string[] = [];
    const pages = new PageAccess('first-link-token-aaaaaaaaaaaa', (token) => announced.push(token));
    const first = pages.admit(link('first-link-token-aaaaaaaaaaaa'));
    expect(first).toEqual({ ok: true, session: expect.stringMatching(/^[\w-]{43}$/) });
    expect(announced).toEqual([pages.currentLink]);
    expect(pages.currentLink).not.toBe('first-link-token-aaaaaaaaaaaa');
    expect(pages.admit(link('first-link-token-aaaaaaaaaaaa'))).toEqual({ ok: false, reason: 'link-used' });
    expect(pages.admit(session((first as { session: string }).session))).toEqual(first);
    expect(announced).toHaveLength(1); // a reload mints nothing
  });

  it('refuses nothing offered, a wrong link, a prefix of the link, and an unknown session', () => {
    const pages = new PageAccess('the-link-token-bbbbbbbbbbbbbb');
    expect(pages.admit(['trellis.v1'])).toEqual({ ok: false, reason: 'unauthorised' });
    expect(pages.admit(link('wrong'))).toEqual({ ok: false, reason: 'unauthorised' });
    expect(pages.admit(link('the-link-token'))).toEqual({ ok: false, reason: 'unauthorised' });
    expect(pages.admit(link(''))).toEqual({ ok: false, reason: 'unauthorised' });
    expect(pages.admit(session('c'.repeat(43)))).toEqual({ ok: false, reason: 'session-unknown' });
  });

  it('uses a fresh link offered beside a stale session (a new link pasted into an old tab)', () => {
    const pages = new PageAccess('fresh-link-token-dddddddddddd');
    const admitted = pages.admit([...session('e'.repeat(43)), 'trellis.link.fresh-link-token-dddddddddddd']);
    expect(admitted.ok).toBe(true);
  });

  it('forgets the oldest sessions past its bound, and those tabs are told their session ended', () => {
    const pages = new PageAccess();
    const sessions: string[] = [];
    for (let i = 0; i < 201; i++) {
      const admitted = pages.admit(link(pages.currentLink));
      if (admitted.ok) sessions.push(admitted.session);
    }
    expect(sessions).toHaveLength(201);
    expect(pages.admit(session(sessions[0]))).toEqual({ ok: false, reason: 'session-unknown' });
    expect(pages.admit(session(sessions[200])).ok).toBe(true);
  });
});
