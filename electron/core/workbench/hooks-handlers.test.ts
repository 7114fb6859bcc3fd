import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HookList, WorkbenchEvent } from '../../contract';
import {
  CODEX_HOOKS_JSON,
  KIRO_AGENT_WITH_HOOKS,
  KIRO_INVENTED_HOOK,
  KIRO_LEGACY_HOOK,
  KIRO_V1_HOOKS,
} from '../hooks/formats/hook-fixtures';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

const open: Workbench[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

const MANUAL_HOOK = JSON.stringify({
  name: 'Say hello',
  version: '1',
  when: { type: 'userTriggered' },
  then: { type: 'runCommand', command: 'echo "hello from $(basename "$PWD")"' },
});

async function openRepo(files: Record<string, string>, homeFiles: Record<string, string> = {}) {
  const home = tempDir();
  for (const [file, text] of Object.entries(homeFiles)) fs.writeFileSync(path.join(home, file), text);
  const workbench = new Workbench({
    home,
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
  });
  open.push(workbench);
  const events: WorkbenchEvent[] = [];
  const client: WorkbenchClient = { id: 'c1', send: (e) => events.push(e) };
  const repo = tempRepo(files);
  const dispatch = contractChecked(workbench);
  const opened = await dispatch('workspace.open', { path: repo }, client);
  if (!opened.ok) throw new Error(opened.error.message);
  const workspaceId = (opened.value as { id: string }).id;
  const call = (method: string, params: object = {}) => dispatch(method, { workspaceId, ...params }, client);
  const list = async () => {
    const got = await call('hooks.list');
    if (!got.ok) throw new Error(got.error.message);
    return got.value as HookList;
  };
  const trustRepository = async () => {
    const got = (await call('trust.get')) as { value: { hash: string } };
    expect(await call('trust.decide', { trust: true, hash: got.value.hash })).toMatchObject({ ok: true });
  };
  return { home, repo, call, list, trustRepository, workbench, workspaceId, events };
}

const named = (list: HookList, name: string) => {
  const hook = list.hooks.find((h) => h.name === name);
  if (!hook) throw new Error(`no hook ${name} in ${list.hooks.map((h) => h.name).join(', ')}`);
  return hook;
};

describe('hooks requests', () => {
  it('lists the home’s and the repository’s hooks of every format, untrusted ones never enabled-and-trusted, and a diagnostic per unreadable file', async () => {
    const { list } = await openRepo(
      {
        '.codex/hooks.json': CODEX_HOOKS_JSON,
        '.kiro/hooks/prisma.kiro.hook': KIRO_LEGACY_HOOK,
        '.kiro/hooks/docs-sync.kiro.hook': KIRO_INVENTED_HOOK,
        '.kiro/hooks/tests.json': KIRO_V1_HOOKS,
        '.kiro/agents/aws.json': KIRO_AGENT_WITH_HOOKS,
      },
      {
        'hooks.json': JSON.stringify({
          hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'audit.sh' }] }] },
        }),
      },
    );
    const got = await list();
    expect(got.repositoryTrust).toBe('untrusted');
    expect(new Set(got.hooks.map((h) => h.source.format))).toEqual(
      new Set(['codex-json', 'kiro-hook', 'kiro-v1', 'kiro-agent']),
    );
    const mine = got.hooks.find((h) => h.source.scope === 'user')!;
    expect(mine).toMatchObject({ event: 'PreToolUse', matcher: 'Bash', trusted: true, enabled: true });
    expect(mine.action).toEqual({ kind: 'command', command: 'audit.sh', timeoutMs: 600_000 });
    const prisma = named(got, 'Prisma Database Sync Agent');
    expect(prisma).toMatchObject({
      event: 'FileSaved',
      trusted: false,
      source: { scope: 'repository', relative: '.kiro/hooks/prisma.kiro.hook' },
    });
    expect(prisma.patterns).toContain('backend/prisma/schema.prisma');
    expect(prisma.action.kind).toBe('agent');
    expect(got.hooks.filter((h) => h.source.scope === 'repository').every((h) => !h.trusted)).toBe(true);
    expect(got.diagnostics.some((d) => d.includes('.kiro/hooks/docs-sync.kiro.hook'))).toBe(true);
  });

  it('trusts a hook only in a repository trusted before; an edited hook is untrusted again, and the window is told', async () => {
    const { repo, call, list, trustRepository, workbench, workspaceId, events, home } = await openRepo({
      '.kiro/hooks/hello.kiro.hook': MANUAL_HOOK,
    });
    const hello = named(await list(), 'Say hello');
    const refused = await call('hooks.trust', { ids: [hello.id] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'untrusted' } });
    expect((refused as { error: { message: string } }).error.message).toMatch(/trust the repository first/);

    await trustRepository();
    expect(named(await list(), 'Say hello').trusted).toBe(true);

    // The repository's files change since it was trusted: the hook asks again, on its own.
    await workbench.watching(workspaceId);
    const file = path.join(repo, '.kiro/hooks/hello.kiro.hook');
    fs.writeFileSync(file, MANUAL_HOOK.replace('hello from', 'hi from'));
    const pushed = await waitForItem(
      events,
      (e) => e.type === 'hooks.changed' && e.list.hooks.some((h) => h.name === 'Say hello' && !h.trusted),
    );
    expect(pushed.type === 'hooks.changed' && pushed.list.repositoryTrust).toBe('changed');

    const trusted = await call('hooks.trust', { ids: [hello.id] });
    expect(trusted).toMatchObject({ ok: true });
    expect(named((trusted as { value: HookList }).value, 'Say hello').trusted).toBe(true);
    expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toMatch(/trusted_hash = "sha256:/);

    fs.writeFileSync(file, MANUAL_HOOK.replace('hello from', 'bye from'));
    expect(named(await list(), 'Say hello').trusted).toBe(false);
  });

  it("shows a hook added to the home's hooks.json from outside the window (a terminal, an editor)", async () => {
    const { home, events } = await openRepo({ 'README.md': '# r\n' });
    fs.writeFileSync(
      path.join(home, 'hooks.json'),
      JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }] } }),
    );
    const pushed = await waitForItem(events, (e) => e.type === 'hooks.changed' && e.list.hooks.length === 1);
    expect(pushed.type === 'hooks.changed' && pushed.list.hooks[0]).toMatchObject({
      event: 'Stop',
      trusted: true,
      source: { scope: 'user', format: 'codex-json' },
    });
  });

  it('switches a hook off and on in the person’s config.toml, keeping its comments, the file’s own `enabled: false` included', async () => {
    const { home, call, list } = await openRepo(
      { '.kiro/hooks/tests.json': KIRO_V1_HOOKS },
      { 'config.toml': '# my settings, kept\nmodel = "o3"\n' },
    );
    const tests = named(await list(), 'Run Tests on Save');
    expect(tests.enabled).toBe(false);
    const on = await call('hooks.setEnabled', { id: tests.id, enabled: true });
    expect(named((on as { value: HookList }).value, 'Run Tests on Save').enabled).toBe(true);
    const config = fs.readFileSync(path.join(home, 'config.toml'), 'utf8');
    expect(config).toContain('# my settings, kept\nmodel = "o3"\n');
    expect(config).toContain('enabled = true');
    await call('hooks.setEnabled', { id: tests.id, enabled: false });
    expect(named(await list(), 'Run Tests on Save').enabled).toBe(false);
    expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toContain('# my settings, kept');
  });

  it('runs a trusted manual command hook in the repository and returns what it printed; an untrusted or disabled one is refused', async () => {
    const { call, list, trustRepository, repo } = await openRepo({ '.kiro/hooks/hello.kiro.hook': MANUAL_HOOK });
    const hello = named(await list(), 'Say hello');
    expect(hello).toMatchObject({ event: 'Manual', manual: true });
    expect(await call('hooks.run', { id: hello.id })).toMatchObject({ ok: false, error: { code: 'untrusted' } });

    await trustRepository();
    const ran = await call('hooks.run', { id: hello.id });
    expect(ran).toMatchObject({ ok: true, value: { status: 'completed', exitCode: 0 } });
    expect((ran as { value: { output: string } }).value.output).toContain(`hello from ${path.basename(repo)}`);

    await call('hooks.setEnabled', { id: hello.id, enabled: false });
    expect(await call('hooks.run', { id: hello.id })).toMatchObject({ ok: false, error: { code: 'disabled' } });
  });
});
