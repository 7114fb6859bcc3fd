import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../../contract';
import { git, tempDir, tempRepo } from '../testing/temp-repo';
import { contractChecked } from '../testing/contract-checked';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

const open: Workbench[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

function setup(home = tempDir()) {
  const workbench = new Workbench({
    home,
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
  });
  open.push(workbench);
  const events: WorkbenchEvent[] = [];
  const client: WorkbenchClient = { id: 'c1', send: (e) => events.push(e) };
  const dispatch = contractChecked(workbench);
  const call = async (method: string, params: unknown, who = client) => dispatch(method, params, who);
  return { workbench, client, events, call, home };
}

describe('Workbench.dispatch', () => {
  it('refuses unknown methods and invalid params with a message, never an exception', async () => {
    const { call } = setup();
    expect(await call('shell.exec', {})).toEqual({
      ok: false,
      error: { code: 'unknown-method', message: 'Unknown request shell.exec.' },
    });
    expect(await call('workspace.open', { path: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params', message: expect.stringMatching(/^Invalid workspace.open request: path/) },
    });
    expect(await call('workspace.open', { path: '/tmp', extra: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
    expect(await call('workspace.listDir', { workspaceId: 'x', dir: '../..' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
  });

  it('opens a repository: summary with branch, lazy listing, status', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n', 'src/b.ts': 'b\n' });
    fs.writeFileSync(path.join(repo, 'a.txt'), 'changed\n');
    const { call } = setup();
    const opened = await call('workspace.open', { path: repo });
    expect(opened).toMatchObject({
      ok: true,
      value: { root: repo, name: path.basename(repo), git: { topLevel: repo, branch: 'main' } },
    });
    const id = (opened as { value: { id: string } }).value.id;
    expect(await call('workspace.listDir', { workspaceId: id, dir: '' })).toMatchObject({
      ok: true,
      value: { entries: [{ path: 'src' }, { path: 'a.txt' }] },
    });
    expect(await call('workspace.status', { workspaceId: id })).toMatchObject({
      ok: true,
      value: { branch: 'main', changes: [{ path: 'a.txt', kind: 'modified' }] },
    });
  });

  it("session.settings says what config.toml makes of review: locked on under untrusted, the person's choice otherwise, a config mistake as its sentence", async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const { call, home } = setup();
    const id = ((await call('workspace.open', { path: repo })) as { value: { id: string } }).value.id;
    expect(await call('session.settings', { workspaceId: id })).toMatchObject({
      ok: true,
      value: { approvalPolicy: 'on-request', sandboxMode: 'read-only', reviewEditsForcedBy: null },
    });
    fs.writeFileSync(path.join(home, 'config.toml'), 'approval_policy = "untrusted"\n');
    expect(await call('session.settings', { workspaceId: id })).toMatchObject({
      ok: true,
      value: {
        approvalPolicy: 'untrusted',
        sandboxMode: 'read-only',
        reviewEditsForcedBy: 'approval_policy = "untrusted" in config.toml reviews every edit.',
      },
    });
    fs.writeFileSync(path.join(home, 'config.toml'), 'approval_policy = "sometimes"\n');
    expect(await call('session.settings', { workspaceId: id })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('approval_policy') },
    });
  });

  it('session.settings says which model a new session starts on, its window, and the models /model offers', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const { call, home } = setup();
    const id = ((await call('workspace.open', { path: repo })) as { value: { id: string } }).value.id;
    fs.writeFileSync(path.join(home, 'config.toml'), 'model = "gpt-5"\nmodel_reasoning_effort = "high"\n');
    const settings = await call('session.settings', { workspaceId: id });
    expect(settings).toMatchObject({
      ok: true,
      value: { model: 'gpt-5', reasoningEffort: 'high', provider: 'openai', contextWindowTokens: 272_000 },
    });
    expect((settings as { value: { models: string[] } }).value.models).toEqual(
      expect.arrayContaining(['gpt-5', 'gpt-5-mini']),
    );
    expect(await call('session.setModel', { sessionId: 'nope', model: 'rm -rf /' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
  });

  it('only serves a workspace to the clients that opened it', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n' });
    const { call } = setup();
    const opened = (await call('workspace.open', { path: repo })) as { value: { id: string } };
    const stranger: WorkbenchClient = { id: 'c2', send: () => {} };
    expect(await call('workspace.listDir', { workspaceId: opened.value.id, dir: '' }, stranger)).toMatchObject({
      ok: false,
      error: { code: 'invalid-path' },
    });
  });

  it('opens a plain folder with git off, and initialises git only when asked', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'x.txt'), 'x');
    const { call } = setup();
    const opened = (await call('workspace.open', { path: dir })) as { value: { id: string; git: unknown } };
    expect(opened.value.git).toBeNull();
    expect(await call('workspace.status', { workspaceId: opened.value.id })).toEqual({ ok: true, value: null });
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(false);
    expect(await call('workspace.initGit', { workspaceId: opened.value.id })).toMatchObject({
      ok: true,
      value: { git: { topLevel: dir } },
    });
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(true);
  });

  it('pushes fresh listings, status and branch when the disk changes', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n', 'src/b.ts': 'b\n' });
    const { workbench, call, events } = setup();
    const id = ((await call('workspace.open', { path: repo })) as { value: { id: string } }).value.id;
    await call('workspace.listDir', { workspaceId: id, dir: '' });
    await call('workspace.listDir', { workspaceId: id, dir: 'src' });
    await workbench.watching(id);
    fs.writeFileSync(path.join(repo, 'src/c.ts'), 'c\n');
    const listing = await waitForItem(events, (e) => e.type === 'workspace.dirChanged' && e.listing.dir === 'src');
    expect(listing).toMatchObject({ listing: { entries: [{ name: 'b.ts' }, { name: 'c.ts' }] } });
    await waitForItem(
      events,
      (e) => e.type === 'workspace.status' && !!e.status?.changes.some((c) => c.path === 'src/c.ts'),
    );
    git(repo, 'checkout', '-q', '-b', 'topic');
    const summary = await waitForItem(events, (e) => e.type === 'workspace.summary');
    expect(summary).toMatchObject({ summary: { git: { branch: 'topic' } } });
  });

  it('remembers recent folders and the layout across restarts, in the Trellis home', async () => {
    const home = tempDir();
    const repo = tempRepo({ 'a.txt': '' });
    const first = setup(home);
    await first.call('workspace.open', { path: repo });
    await first.call('layout.set', { layout: { sizes: { workspace: 30 }, collapsed: ['graph'] } });
    await first.workbench.close();

    const second = setup(home);
    expect(await second.call('recents.list', {})).toMatchObject({
      ok: true,
      value: [{ path: repo, name: path.basename(repo) }],
    });
    expect(await second.call('layout.get', {})).toEqual({
      ok: true,
      value: { sizes: { workspace: 30 }, collapsed: ['graph'] },
    });
    expect(await second.call('recents.remove', { path: repo })).toEqual({ ok: true, value: [] });
  });

  it('recovers from a corrupt state file instead of failing to start', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'state.json'), '{ not json');
    const { call } = setup(home);
    expect(await call('recents.list', {})).toEqual({ ok: true, value: [] });
    const kept = fs.readdirSync(home).find((f) => f.startsWith('state.json.corrupt-'));
    expect(kept && fs.readFileSync(path.join(home, kept), 'utf8')).toBe('{ not json');
  });

  it('says the folder dialog is unavailable where the shell has none', async () => {
    const { call } = setup();
    expect(await call('workspace.pickFolder', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/cannot show a folder dialog/) },
    });
  });
});

describe('closing a workspace while its watcher is still starting', () => {
  it('stops the watcher once it has started, so nothing keeps watching a closed folder', async () => {
    const repo = tempRepo({ 'a.txt': '' });
    const { Workspace } = await import('../workspace/workspace');
    const events: WorkbenchEvent[] = [];
    const workspace = await Workspace.open(repo, (e) => events.push(e));
    await workspace.listDir('');
    const starting = workspace.startWatching();
    await workspace.dispose(); // before the watcher finished starting
    await starting;
    // A witness: a second workspace on the same folder, whose events for the change mark when the closed one's would have come.
    const seen: WorkbenchEvent[] = [];
    const witness = await Workspace.open(repo, (e) => seen.push(e));
    await witness.listDir('');
    await witness.startWatching();
    fs.writeFileSync(path.join(repo, 'after-close.txt'), 'x');
    await waitForItem(
      seen,
      (e) => e.type === 'workspace.dirChanged' && e.listing.entries.some((entry) => entry.name === 'after-close.txt'),
    );
    await waitForItem(
      seen,
      (e) => e.type === 'workspace.status' && !!e.status?.changes.some((c) => c.path === 'after-close.txt'),
    );
    await witness.dispose();
    expect(events).toEqual([]);
  });
});
