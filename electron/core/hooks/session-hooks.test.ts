import { describe, expect, it } from 'vitest';
import type { SessionEventBody } from '../../contract';
import { loadConfig } from '../config/load-config';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { tempDir, tempRepo, writeFiles } from '../testing/temp-repo';
import type { HookEngine } from './hook-engine';
import { startSessionHooks } from './session-hooks';

const hooksJson = (event: string) =>
  JSON.stringify({ hooks: { [event]: [{ hooks: [{ type: 'command', command: 'true' }] }] } });

async function start(home: string, cwd: string, flags: { trustAllHooks?: boolean; ignoreUserConfig?: boolean } = {}) {
  const { config } = await loadConfig({ home, env: {} });
  const warnings: string[] = [];
  const engine = await startSessionHooks({
    home,
    cwd,
    config,
    executor: new UnconfinedExecutor(),
    env: {},
    onWarning: (w) => warnings.push(w),
    ...flags,
  });
  return { engine, warnings };
}

/** What the engine says when it meets its session: the notices it logs. */
async function notices(engine: HookEngine): Promise<string[]> {
  const said: string[] = [];
  await engine.attach({
    sessionId: 's',
    transcriptPath: null,
    cwd: '/',
    model: 'm',
    permissionMode: 'default',
    emit: async (body: SessionEventBody) => void (body.type === 'error' && said.push(body.message)),
  });
  return said;
}

describe("a session's hooks", () => {
  it("runs the person's own hooks, holds the repository's back until trusted and says so once", async () => {
    const home = tempDir('home-');
    writeFiles(home, { 'hooks.json': hooksJson('SessionStart') });
    const repo = tempRepo({ '.codex/hooks.json': hooksJson('PreToolUse') });
    const { engine } = await start(home, repo);
    expect(engine?.has('SessionStart')).toBe(true);
    expect(engine?.has('PreToolUse')).toBe(false);
    const said = await notices(engine!);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('trellis hooks');
  });

  it("--trust-all-hooks runs the repository's hooks with nothing to say; --ignore-user-config drops the home's", async () => {
    const home = tempDir('home-');
    writeFiles(home, { 'hooks.json': hooksJson('SessionStart') });
    const repo = tempRepo({ '.codex/hooks.json': hooksJson('PreToolUse') });
    const { engine } = await start(home, repo, { trustAllHooks: true, ignoreUserConfig: true });
    expect(engine?.has('PreToolUse')).toBe(true);
    expect(engine?.has('SessionStart')).toBe(false);
    expect(await notices(engine!)).toEqual([]);
  });

  it('no hook files: no engine, so the loop pays nothing', async () => {
    const { engine } = await start(tempDir('home-'), tempRepo({ 'README.md': '# x\n' }));
    expect(engine).toBeUndefined();
  });
});
