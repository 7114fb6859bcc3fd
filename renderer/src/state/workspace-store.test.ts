import { beforeEach, describe, expect, it } from 'vitest';
import type { DirListing, GitStatus, WorkspaceSummary } from '../../../electron/contract';
import { useWorkspace } from './workspace-store';

const workspace: WorkspaceSummary = { id: 'ws-1', root: '/r', name: 'r', git: null };
const listing = (dir: string, names: string[]): DirListing => ({
  dir,
  entries: names.map((name) => ({ name, path: dir ? `${dir}/${name}` : name, kind: 'file' })) as DirListing['entries'],
  total: names.length,
});
const status: GitStatus = { branch: 'main', head: 'abc', upstream: null, ahead: 0, behind: 0, changes: [], total: 0 };

beforeEach(() => {
  useWorkspace.setState({
    workspace,
    listings: { '': listing('', ['a']), src: listing('src', ['x.ts']) },
    status: null,
    statusLoading: true,
    error: null,
  });
});

describe('the workspace store fed by events', () => {
  it('replaces the changed folder listing and keeps the others', () => {
    const before = useWorkspace.getState().listings;
    useWorkspace
      .getState()
      .applyEvents([{ type: 'workspace.dirChanged', workspaceId: 'ws-1', listing: listing('', ['a', 'b']) }]);
    const after = useWorkspace.getState().listings;
    expect(after[''].entries.map((e) => e.name)).toEqual(['a', 'b']);
    expect(after.src).toBe(before.src);
  });

  it('takes git status, the summary and a removal message', () => {
    const renamed = { ...workspace, name: 'renamed' };
    useWorkspace.getState().applyEvents([
      { type: 'workspace.status', workspaceId: 'ws-1', status },
      { type: 'workspace.summary', workspaceId: 'ws-1', summary: renamed },
      { type: 'workspace.removed', workspaceId: 'ws-1', message: 'The folder was removed.' },
    ]);
    expect(useWorkspace.getState()).toMatchObject({
      status,
      statusLoading: false,
      workspace: renamed,
      error: 'The folder was removed.',
    });
  });

  it("ignores another workspace's events", () => {
    useWorkspace.getState().applyEvents([
      { type: 'workspace.dirChanged', workspaceId: 'ws-2', listing: listing('', ['elsewhere']) },
      { type: 'workspace.status', workspaceId: 'ws-2', status },
    ]);
    expect(useWorkspace.getState()).toMatchObject({ status: null, statusLoading: true });
    expect(useWorkspace.getState().listings[''].entries.map((e) => e.name)).toEqual(['a']);
  });
});
