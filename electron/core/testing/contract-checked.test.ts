import { describe, expect, it } from 'vitest';
import { ok, type Result } from '../../contract';
import { contractChecked, replyProblem } from './contract-checked';

const client = { id: 'c1', send: () => {} };
const replying = (value: unknown) => contractChecked({ dispatch: async (): Promise<Result<unknown>> => ok(value) });
const summary = { id: 'w1', root: '/r', name: 'r', git: null };

describe('replies checked against the contract', () => {
  it('passes a reply of the promised shape', async () => {
    expect(replyProblem('workspace.open', summary)).toBeNull();
    await expect(replying(summary)('workspace.open', { path: '/r' }, client)).resolves.toEqual(ok(summary));
  });

  it('fails a reply with a missing or mistyped field', async () => {
    expect(replyProblem('workspace.open', { ...summary, git: undefined })).toMatch(
      /^workspace\.open replied with git: /,
    );
    await expect(replying({ ...summary, name: 7 })('workspace.open', { path: '/r' }, client)).rejects.toThrow(
      /Reply breaks the contract: workspace\.open replied with name/,
    );
  });

  it('fails a reply carrying a field the contract does not name, however deep', () => {
    expect(replyProblem('workspace.open', { ...summary, token: 's3cret' })).toBe(
      'workspace.open replied with token, a field its contract does not name',
    );
    expect(replyProblem('recents.list', [{ path: '/r', name: 'r', openedAt: 'now', pinned: true }])).toBe(
      'recents.list replied with 0.pinned, a field its contract does not name',
    );
    expect(replyProblem('workspace.open', { ...summary, extra: undefined })).toBeNull();
  });

  it('leaves failures and unknown methods to the dispatcher', async () => {
    const failing = contractChecked({ dispatch: async () => ({ ok: false, error: { code: 'x', message: 'No.' } }) });
    await expect(failing('workspace.open', {}, client)).resolves.toMatchObject({ ok: false });
    await expect(replying('anything')('shell.exec', {}, client)).resolves.toMatchObject({ ok: true });
  });
});
