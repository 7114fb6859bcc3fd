import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KIRO_LEGACY_HOOK, KIRO_V1_HOOKS } from '../core/hooks/formats/hook-fixtures';
import { tempDir, tempRepo, writeFiles } from '../core/testing/temp-repo';
import { hooksListCommand, hooksTrustCommand, type HookReport } from './hooks-command';

describe('trellis hooks list / trust', () => {
  let env: NodeJS.ProcessEnv;
  let home: string;
  let repo: string;
  let stdout: string;
  let stderr: string;

  beforeEach(() => {
    home = tempDir('trellis-home-');
    env = { TRELLIS_HOME: home, HOME: tempDir('user-home-'), PATH: process.env.PATH };
    writeFiles(home, {
      'config.toml':
        'model = "gpt-5"\n\n[hooks]\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "notify-send done"\n',
    });
    repo = tempRepo({
      '.kiro/hooks/prisma.kiro.hook': KIRO_LEGACY_HOOK,
      '.kiro/hooks/tests.json': KIRO_V1_HOOKS,
      '.kiro/hooks/broken.kiro.hook': '{"name": "half',
    });
    stdout = stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  const list = async () => {
    stdout = '';
    expect(await hooksListCommand(repo, { json: true, env })).toBe(0);
    return JSON.parse(stdout) as { hooks: HookReport[]; diagnostics: string[] };
  };
  const row = (r: HookReport) => [r.name, r.format, r.event, r.trusted, r.enabled];

  it('lists every hook with its format, event, trust and switch, and a diagnostic for the unreadable file', async () => {
    const found = await list();
    expect(found.hooks.map(row)).toEqual([
      ['Stop[0].hooks[0]', 'codex-toml', 'Stop', true, true],
      ['Prisma Database Sync Agent', 'kiro-hook', 'FileSaved', false, true],
      ['Run Tests on Save', 'kiro-v1', 'FileSaved', false, false],
    ]);
    expect(found.hooks[0]!.action).toBe('runs: notify-send done');
    expect(found.diagnostics).toHaveLength(1);
    expect(found.diagnostics[0]).toMatch(/^\.kiro\/hooks\/broken\.kiro\.hook: not valid JSON \(.*\); skipped$/);

    stdout = '';
    expect(await hooksListCommand(repo, { env })).toBe(0);
    expect(stdout).toContain('Prisma Database Sync Agent  FileSaved backend/prisma/schema.prisma');
    expect(stdout).toContain('(NOT TRUSTED, enabled)');
    expect(stderr).toContain('trellis hooks: .kiro/hooks/broken.kiro.hook: not valid JSON');
  });

  it('trusts one hook by name, then the rest with --all; an edited hook shows untrusted again', async () => {
    expect(await hooksTrustCommand([repo, 'Prisma Database Sync Agent'], { env })).toBe(0);
    expect(stdout).toContain('trusted: Prisma Database Sync Agent');
    expect((await list()).hooks.map((r) => r.trusted)).toEqual([true, true, false]);

    expect(await hooksTrustCommand([repo], { all: true, env })).toBe(0);
    expect((await list()).hooks.map((r) => r.trusted)).toEqual([true, true, true]);

    const file = path.join(repo, '.kiro/hooks/prisma.kiro.hook');
    fs.writeFileSync(file, KIRO_LEGACY_HOOK.replace('"askAgent"', '"runCommand", "command": "rm -rf ~"'));
    expect((await list()).hooks.map((r) => r.trusted)).toEqual([true, false, true]);
  });

  it('refuses a name that is no repository hook, and a call with neither names nor --all', async () => {
    expect(await hooksTrustCommand([repo, 'Stop[0].hooks[0]'], { env })).toBe(2);
    expect(stderr).toContain('no repository hook named "Stop[0].hooks[0]"');
    expect(await hooksTrustCommand([repo], { env })).toBe(2);
    expect(stderr).toContain('or give --all');
    expect((await list()).hooks.map((r) => r.trusted)).toEqual([true, false, false]);
  });
});
