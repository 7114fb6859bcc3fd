import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer } from '../../../e2e/mock-model';
import type { WorkbenchEvent } from '../../contract';
import { loadConfig } from '../config/load-config';
import { projectTrust, recordTrust } from '../config/project-trust';
import { loadHookDefinitions } from '../hooks/hook-definitions';
import { recordHookTrust } from '../hooks/hook-trust';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

/* File hooks end to end: a real repository, the workbench's real watcher, hook commands under real bwrap. */

const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

/** A Kiro `.kiro.hook` fileEdited hook on `**\/*.md`. */
const mdHook = (name: string, then: Record<string, unknown>) =>
  JSON.stringify({ name, version: '1', when: { type: 'fileEdited', patterns: ['**/*.md'] }, then });

/** Appends its stdin (the event) as one line to hook-runs.log, a file its pattern does not match. */
const LOG_RUN = { type: 'runCommand', command: '{ cat; echo; } >> hook-runs.log' };

async function setup(files: Record<string, string>, model?: MockModelServer) {
  const home = tempDir();
  const provider = model
    ? `model = "gpt-test"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${model.url}/v1"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n`
    : '';
  fs.writeFileSync(path.join(home, 'config.toml'), `sandbox_mode = "workspace-write"\n${provider}`);
  const repo = tempRepo({ 'README.md': '# r\n', 'docs.md': '# d\n', 'guide.md': '# g\n', 'src.ts': '\n', ...files });
  const workbench = new Workbench({
    home,
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
  });
  closing.push(workbench);
  const events: WorkbenchEvent[] = [];
  const client: WorkbenchClient = { id: 'c1', send: (e) => events.push(e) };
  const dispatch = contractChecked(workbench);
  const call = async (method: string, params: unknown) => {
    const result = await dispatch(method, params, client);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as never;
  };
  const hooks = async () =>
    loadHookDefinitions({ home, cwd: repo, userHome: os.homedir(), config: (await loadConfig({ home })).config });
  const open = async () => {
    const { id } = await call('workspace.open', { path: repo });
    await workbench.watching(id);
    await call('workspace.listDir', { workspaceId: id, dir: '' });
    return id as string;
  };
  /** Write a file and wait until the watcher has reported it (its folder's listing is sent again). */
  const save = async (file: string, text: string) => {
    const from = events.length;
    fs.writeFileSync(path.join(repo, file), text);
    await waitForItem(
      events,
      (e) => events.indexOf(e) >= from && e.type === 'workspace.dirChanged' && e.listing.dir === '',
    );
  };
  const ran = (hook: string) => (e: WorkbenchEvent) =>
    (e.type === 'hooks.run' || e.type === 'session.event') &&
    e.event.type === 'hook.completed' &&
    e.event.hook === hook;
  const runs = () =>
    fs.existsSync(path.join(repo, 'hook-runs.log'))
      ? fs
          .readFileSync(path.join(repo, 'hook-runs.log'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [];
  return { home, repo, events, call, hooks, open, save, ran, runs };
}

describe.skipIf(!bwrapWorks)('file hooks from the workspace watcher (hook commands run under bwrap)', () => {
  it('a trusted fileEdited runCommand hook on **/*.md runs once for a burst of saves, with their paths; a .ts save does not fire it', async () => {
    const { home, repo, events, open, save, ran, runs } = await setup({
      '.kiro/hooks/md.kiro.hook': mdHook('Log docs', LOG_RUN),
    });
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    await open();
    await save('src.ts', 'export {};\n'); // first: had it fired the hook, that run would come first
    await save('README.md', '# a\n');
    await save('docs.md', '# docs\n'); // a second watcher batch of the same burst
    await waitForItem(events, ran('Log docs'));
    expect(runs()).toEqual([
      expect.objectContaining({
        hook_event_name: 'FileSaved',
        session_id: 'none',
        cwd: repo,
        file_path: 'README.md',
        file_paths: ['README.md', 'docs.md'],
      }),
    ]);
    expect(events.find(ran('Log docs'))).toMatchObject({ type: 'hooks.run', event: { status: 'completed' } });
  });

  it("takes an editor's atomic save of a tracked file (a copy renamed over it) as a save", async () => {
    const { home, repo, events, open, ran, runs } = await setup({
      '.kiro/hooks/md.kiro.hook': mdHook('Log docs', LOG_RUN),
    });
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    await open();
    fs.writeFileSync(path.join(repo, '.README.md.swp'), '# saved atomically\n');
    fs.renameSync(path.join(repo, '.README.md.swp'), path.join(repo, 'README.md'));
    await waitForItem(events, ran('Log docs'));
    expect(runs()).toMatchObject([{ hook_event_name: 'FileSaved', file_paths: ['README.md'] }]);
  });

  it('fires a fileCreated hook for a new file, and not for one git ignores', async () => {
    const created = JSON.stringify({
      name: 'New docs',
      when: { type: 'fileCreated', patterns: ['*.md'] },
      then: LOG_RUN,
    });
    const { home, repo, events, open, save, ran, runs } = await setup({
      '.kiro/hooks/new.kiro.hook': created,
      '.gitignore': 'scratch.md\n',
    });
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    await open();
    await save('scratch.md', 'ignored\n');
    await save('notes.md', 'new\n');
    await waitForItem(events, ran('New docs'));
    expect(runs()).toMatchObject([{ hook_event_name: 'FileCreated', file_paths: ['notes.md'] }]);
  });

  it('an edited hook does not run until the person trusts it again in the hooks pane; then its new command runs', async () => {
    const { home, repo, events, call, hooks, open, save, ran, runs } = await setup({
      '.kiro/hooks/md.kiro.hook': mdHook('Log docs', { type: 'runCommand', command: 'touch old-command-ran' }),
    });
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const workspaceId = await open();
    fs.writeFileSync(path.join(repo, '.kiro/hooks/md.kiro.hook'), mdHook('Log docs', LOG_RUN));
    await save('README.md', '# edited hook, not trusted\n'); // the hook file's change is reported by then
    const [edited] = (await hooks()).hooks;
    await call('hooks.trust', { workspaceId, ids: [edited.id] });
    await save('docs.md', '# trusted again\n');
    await waitForItem(events, ran('Log docs'));
    expect(runs()).toMatchObject([{ file_paths: ['docs.md'] }]);
    expect(fs.existsSync(path.join(repo, 'old-command-ran'))).toBe(false);
  });

  it("never runs a repository's hook the person has not trusted, while one trusted beside it runs", async () => {
    const { home, events, hooks, open, save, ran, runs } = await setup({
      '.kiro/hooks/a-untrusted.kiro.hook': mdHook('Untrusted', { type: 'runCommand', command: 'touch untrusted-ran' }),
      '.kiro/hooks/b-trusted.kiro.hook': mdHook('Trusted', LOG_RUN),
    });
    await recordHookTrust(
      home,
      (await hooks()).hooks.filter((h) => h.name === 'Trusted'),
    );
    const workspaceId = await open();
    await save('README.md', '# a\n');
    await waitForItem(events, ran('Trusted'));
    expect(runs()).toHaveLength(1);
    expect(events.filter((e) => e.type === 'hooks.run' && e.event.type === 'hook.started')).toMatchObject([
      { workspaceId, event: { hook: 'Trusted' } },
    ]);
    expect(events.some(ran('Untrusted'))).toBe(false);
  });

  it("an askAgent file hook's prompt, with the saved file, becomes a turn of a new session against the model", async () => {
    const model = await startMockModel({ turns: [{ items: [{ type: 'message', text: 'Docs index updated.' }] }] });
    closing.push(model);
    const { home, repo, events, call, open, save } = await setup(
      {
        '.kiro/hooks/index.kiro.hook': mdHook('Index docs', {
          type: 'askAgent',
          prompt: 'Update docs/INDEX for the change.',
        }),
      },
      model,
    );
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const workspaceId = await open();
    await save('guide.md', '# guide\n');
    const done = await waitForItem(events, (e) => e.type === 'session.event' && e.event.type === 'turn.completed');
    const body = JSON.stringify(model.requests[0].body);
    expect(body).toContain('Update docs/INDEX for the change.');
    expect(body).toContain('- guide.md');
    // The repository's words, not the person's: the transcript shows them as a hook's step; the list names the session by them.
    expect(events).toContainEqual(
      expect.objectContaining({ event: expect.objectContaining({ type: 'turn.started', origin: 'hook' }) }),
    );
    expect(await call('session.list', { workspaceId })).toMatchObject([
      { id: (done as { sessionId: string }).sessionId, title: 'Update docs/INDEX for the change.' },
    ]);
  });

  it("logs a command hook's run in the workspace's open session, where the person looks", async () => {
    const model = await startMockModel({ turns: [{ items: [{ type: 'message', text: 'Hello.' }] }] });
    closing.push(model);
    const { home, repo, events, call, open, save, ran } = await setup(
      { '.kiro/hooks/md.kiro.hook': mdHook('Log docs', LOG_RUN) },
      model,
    );
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const workspaceId = await open();
    const { sessionId } = await call('session.start', { workspaceId, prompt: 'hi' });
    await waitForItem(events, (e) => e.type === 'session.event' && e.event.type === 'turn.completed');
    await save('README.md', '# a\n');
    const logged = await waitForItem(events, ran('Log docs'));
    expect(logged).toMatchObject({
      type: 'session.event',
      sessionId,
      event: { status: 'completed', event: 'FileSaved' },
    });
    const { events: onDisk } = await call('session.resume', { workspaceId, sessionId });
    expect((onDisk as { type: string }[]).map((e) => e.type)).toContain('hook.completed');
  });
});
