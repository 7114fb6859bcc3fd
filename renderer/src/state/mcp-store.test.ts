import { beforeEach, describe, expect, it } from 'vitest';
import type { McpServerInfo } from '../../../electron/contract';
import { setApi } from './api-instance';
import { useMcp } from './mcp-store';
import { deferred, fakeApi } from './testing/fake-api';
import { WS } from './testing/fixtures';

const server = (name: string, status: McpServerInfo['status'] = 'connected', enabled = true): McpServerInfo => ({
  name,
  source: { format: 'codex-toml', scope: 'user', file: '/h/config.toml', line: 1 },
  transport: { kind: 'stdio', commandLine: 'node srv.js' },
  status,
  restarts: 0,
  tools: [{ name: 'echo', qualifiedName: `mcp__${name}__echo`, enabled, approvalMode: 'auto', asksApproval: true }],
  prompts: [],
  resources: [],
});

beforeEach(() => useMcp.getState().clear());

describe('the MCP store', () => {
  it('lists the workspace servers and follows each server change pushed by Node', async () => {
    const { api } = fakeApi({ 'mcp.list': () => ({ ok: true, value: [server('a'), server('b')] }) });
    setApi(api);
    await useMcp.getState().load(WS);
    useMcp.getState().applyEvents([
      { type: 'mcp.server.changed', workspaceId: WS, server: server('b', 'failed') },
      { type: 'mcp.server.changed', workspaceId: 'other', server: server('a', 'failed') },
      { type: 'mcp.server.changed', workspaceId: WS, server: server('c', 'starting') },
    ]);
    expect(useMcp.getState().servers.map((s) => [s.name, s.status])).toEqual([
      ['a', 'connected'],
      ['b', 'failed'],
      ['c', 'starting'],
    ]);
  });

  it('replaces the whole list when Node reads the servers again (one may be gone)', async () => {
    setApi(fakeApi({ 'mcp.list': () => ({ ok: true, value: [server('a', 'untrusted'), server('b')] }) }).api);
    await useMcp.getState().load(WS);
    useMcp.getState().applyEvents([{ type: 'mcp.servers', workspaceId: WS, servers: [server('a', 'starting')] }]);
    expect(useMcp.getState().servers.map((s) => [s.name, s.status])).toEqual([['a', 'starting']]);
  });

  it('drops a list that answers after the workspace closed', async () => {
    const answer = deferred<{ ok: true; value: McpServerInfo[] }>();
    setApi(fakeApi({ 'mcp.list': () => answer.promise }).api);
    const loading = useMcp.getState().load(WS);
    useMcp.getState().clear();
    answer.resolve({ ok: true, value: [server('a')] });
    await loading;
    expect(useMcp.getState().servers).toEqual([]);
  });

  it('shows the switched tool as Node saved it, and a refusal as the pane error', async () => {
    const { api, requests } = fakeApi({
      'mcp.list': () => ({ ok: true, value: [server('a')] }),
      'mcp.setToolEnabled': () => ({ ok: true, value: server('a', 'connected', false) }),
      'mcp.reconnect': () => ({ ok: false, error: { code: 'untrusted', message: 'Trust the repository first.' } }),
    });
    setApi(api);
    await useMcp.getState().load(WS);
    await useMcp.getState().setToolEnabled('a', 'echo', false);
    expect(requests.at(-1)).toEqual({
      method: 'mcp.setToolEnabled',
      params: { workspaceId: WS, server: 'a', tool: 'echo', enabled: false },
    });
    expect(useMcp.getState().servers[0].tools[0].enabled).toBe(false);
    await useMcp.getState().reconnect('a');
    expect(useMcp.getState().error).toBe('Trust the repository first.');
  });
});
