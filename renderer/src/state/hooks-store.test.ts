import { beforeEach, describe, expect, it } from 'vitest';
import type { HookInfo, HookList } from '../../../electron/contract';
import { setApi } from './api-instance';
import { useHooks } from './hooks-store';
import { deferred, fakeApi } from './testing/fake-api';
import { WS } from './testing/fixtures';

const hook = (name: string, trusted = true): HookInfo => ({
  id: `/r/.kiro/hooks/${name}.kiro.hook`,
  name,
  source: { format: 'kiro-hook', scope: 'repository', file: `/r/.kiro/hooks/${name}.kiro.hook`, position: '' },
  event: 'Manual',
  action: { kind: 'command', command: 'echo hi', timeoutMs: 60_000 },
  trusted,
  enabled: true,
  manual: true,
});
const list = (hooks: HookInfo[], diagnostics: string[] = []): HookList => ({
  hooks,
  diagnostics,
  repositoryTrust: 'changed',
});

beforeEach(() => useHooks.getState().clear());

describe('the hooks store', () => {
  it('lists the workspace hooks, and replaces them whole when Node reads the files again', async () => {
    setApi(fakeApi({ 'hooks.list': () => ({ ok: true, value: list([hook('a'), hook('b')], ['x: broken']) }) }).api);
    await useHooks.getState().load(WS);
    expect(useHooks.getState().diagnostics).toEqual(['x: broken']);
    useHooks.getState().applyEvents([
      { type: 'hooks.changed', workspaceId: 'other', list: list([]) },
      { type: 'hooks.changed', workspaceId: WS, list: list([hook('a', false)]) },
    ]);
    expect(useHooks.getState().hooks.map((h) => [h.name, h.trusted])).toEqual([['a', false]]);
    expect(useHooks.getState().diagnostics).toEqual([]);
  });

  it("shows a run outside any session (a file hook's, pushed by Node) as its hook's last run", async () => {
    setApi(fakeApi({ 'hooks.list': () => ({ ok: true, value: list([hook('a'), hook('b')]) }) }).api);
    await useHooks.getState().load(WS);
    const ref = {
      runId: 'r1',
      hook: 'b',
      file: hook('b').source.file,
      format: 'kiro-hook',
      event: 'FileSaved',
    } as const;
    useHooks.getState().applyEvents([
      { type: 'hooks.run', workspaceId: WS, event: { type: 'hook.started', ...ref } },
      {
        type: 'hooks.run',
        workspaceId: WS,
        event: {
          type: 'hook.completed',
          ...ref,
          status: 'failed',
          durationMs: 4.2,
          exitCode: 1,
          output: 'lint failed',
        },
      },
    ]);
    expect(useHooks.getState().runs).toEqual({
      [hook('b').id]: { id: hook('b').id, status: 'failed', durationMs: 4, exitCode: 1, output: 'lint failed' },
    });
  });

  it('drops a list that answers after the workspace closed', async () => {
    const answer = deferred<{ ok: true; value: HookList }>();
    setApi(fakeApi({ 'hooks.list': () => answer.promise }).api);
    const loading = useHooks.getState().load(WS);
    useHooks.getState().clear();
    answer.resolve({ ok: true, value: list([hook('a')]) });
    await loading;
    expect(useHooks.getState().hooks).toEqual([]);
  });

  it('shows the list Node answers a trust with, a refusal as the pane error, and a run by its hook', async () => {
    const { api, requests } = fakeApi({
      'hooks.list': () => ({ ok: true, value: list([hook('a', false)]) }),
      'hooks.trust': () => ({ ok: true, value: list([hook('a')]) }),
      'hooks.setEnabled': () => ({ ok: false, error: { code: 'not-found', message: 'Its file changed.' } }),
      'hooks.run': () => ({
        ok: true,
        value: { id: hook('a').id, status: 'completed', durationMs: 3, exitCode: 0, output: 'hi\n' },
      }),
    });
    setApi(api);
    await useHooks.getState().load(WS);
    await useHooks.getState().trust(hook('a').id);
    expect(requests.at(-1)).toEqual({ method: 'hooks.trust', params: { workspaceId: WS, ids: [hook('a').id] } });
    expect(useHooks.getState().hooks[0]!.trusted).toBe(true);
    await useHooks.getState().setEnabled(hook('a').id, false);
    expect(useHooks.getState().error).toBe('Its file changed.');
    expect(useHooks.getState().busy).toBeNull();
    await useHooks.getState().run(hook('a').id);
    expect(useHooks.getState().runs[hook('a').id]).toMatchObject({ status: 'completed', output: 'hi\n' });
    expect(useHooks.getState().error).toBeNull();
  });
});
