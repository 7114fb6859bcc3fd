import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CrewTaskRow, DirListing, RepositoryTrust, WorkspaceSummary } from '../../../electron/contract';
import { setApi } from './api-instance';
import { useCrew } from './crew-store';
import { routeEvents } from './event-router';
import { fakeApi } from './testing/fake-api';
import { useTrust } from './trust-store';
import { useWorkspace } from './workspace-store';

const WS = 'ws-1';
const workspace: WorkspaceSummary = { id: WS, root: '/r', name: 'r', git: null };
const trust: RepositoryTrust = { repo: '/r', state: 'untrusted', hash: 'h', needsDecision: false, files: [], problems: [] };
const row: CrewTaskRow = { taskId: '1', title: 'One', state: 'running', tokens: 0, costUsd: 0 };
const listing = (dir: string): DirListing => ({ dir, entries: [], total: 0 });

let frames: FrameRequestCallback[] = [];
const runFrame = () => {
  const due = frames;
  frames = [];
  due.forEach((f) => f(0));
};

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  // The trust store asks about a workspace as soon as one opens.
  setApi(fakeApi({ 'trust.get': () => ({ ok: true, value: trust }) }).api);
  useWorkspace.setState({ workspace, listings: {} });
  useCrew.setState({ workspaceId: WS, runId: null, spec: null, rows: [], finished: null, others: {} });
});
afterEach(() => vi.unstubAllGlobals());

describe('the event router', () => {
  it('hands a burst of events to the stores together, once per animation frame', () => {
    const { api, push } = fakeApi();
    setApi(api);
    routeEvents(api, () => {});
    push({ type: 'crew.task', workspaceId: WS, runId: 'r', spec: 's', task: row });
    push({ type: 'workspace.dirChanged', workspaceId: WS, listing: listing('src') });
    expect(frames).toHaveLength(1);
    expect(useCrew.getState().rows).toEqual([]);
    runFrame();
    expect(useCrew.getState().rows).toEqual([row]);
    expect(Object.keys(useWorkspace.getState().listings)).toEqual(['src']);
  });

  it('passes menu commands on at once instead of to the stores', () => {
    const { api, push } = fakeApi();
    const commands: string[] = [];
    routeEvents(api, (c) => commands.push(c));
    push({ type: 'ui.command', command: 'open-folder' });
    expect(commands).toEqual(['open-folder']);
    expect(frames).toHaveLength(0);
  });

  it("asks for the repository's trust again when a folder under .trellis changes, and not for other folders", async () => {
    const { api, requests } = fakeApi({ 'trust.get': () => ({ ok: true, value: trust }) });
    setApi(api);
    useTrust.setState({ workspaceId: WS, trust });
    useTrust.getState().applyEvents([{ type: 'workspace.dirChanged', workspaceId: WS, listing: listing('src') }]);
    expect(requests.filter((r) => r.method === 'trust.get')).toHaveLength(0);
    useTrust.getState().applyEvents([{ type: 'workspace.dirChanged', workspaceId: WS, listing: listing('.trellis/agents') }]);
    expect(requests.filter((r) => r.method === 'trust.get')).toEqual([{ method: 'trust.get', params: { workspaceId: WS } }]);
  });
});
