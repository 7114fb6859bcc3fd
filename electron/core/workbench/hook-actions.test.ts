import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEventBody } from '../../contract';
import { loadConfig } from '../config/load-config';
import { projectTrust, recordTrust } from '../config/project-trust';
import { loadHookDefinitions } from '../hooks/hook-definitions';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { runStandaloneHook } from './hook-actions';
import { SessionManager } from './session-manager';

const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;

const managers: SessionManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

/** A repository with one Kiro userTriggered runCommand hook, its stdin kept in `input.json` beside it. */
function setup(command = 'cat > input.json; echo wrote input') {
  const home = tempDir();
  fs.writeFileSync(path.join(home, 'config.toml'), 'sandbox_mode = "workspace-write"\n');
  const hook = {
    name: 'Save input',
    version: '1',
    when: { type: 'userTriggered' },
    then: { type: 'runCommand', command },
  };
  const repo = tempRepo({ '.kiro/hooks/save-input.kiro.hook': JSON.stringify(hook), 'README.md': '# r\n' });
  const sessions = new SessionManager(
    home,
    () => {},
    () => {},
  );
  managers.push(sessions);
  const notices: SessionEventBody[] = [];
  const deps = { home, workspaceId: 'w1', root: repo, sessions, notify: (b: SessionEventBody) => notices.push(b) };
  const definitions = async () => {
    const { config } = await loadConfig({ home });
    return loadHookDefinitions({ home, cwd: repo, userHome: os.homedir(), config });
  };
  return { home, repo, deps, notices, definitions };
}

describe.skipIf(!bwrapWorks)('runStandaloneHook (runs in the workspace sandbox: needs a working bubblewrap)', () => {
  it("runs a trusted manual command hook in the workspace's folder with the event on stdin, and shows its run", async () => {
    const { home, repo, deps, notices, definitions } = setup();
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const [hook] = (await definitions()).runnable;
    const result = await runStandaloneHook(hook, { event: 'Manual', paths: [] }, deps);
    expect(result).toMatchObject({ kind: 'command', run: { status: 'completed', exitCode: 0 } });
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'input.json'), 'utf8'))).toMatchObject({
      session_id: 'none',
      hook_event_name: 'Manual',
      cwd: repo,
      transcript_path: null,
    });
    // No session is open: the workspace's windows are told of the run.
    expect(notices.map((n) => n.type)).toEqual(['hook.started', 'hook.completed']);
    expect(notices[1]).toMatchObject({
      hook: 'Save input',
      status: 'completed',
      output: expect.stringContaining('wrote input'),
    });
  });

  it('refuses a hook of an untrusted repository, and one edited since it was trusted, without running it', async () => {
    const { home, repo, deps, notices, definitions } = setup();
    const [untrusted] = (await definitions()).hooks;
    await expect(runStandaloneHook(untrusted, { event: 'Manual', paths: [] }, deps)).rejects.toMatchObject({
      code: 'hook-not-runnable',
      message: expect.stringMatching(/^Save input .* is not trusted and enabled/),
    });

    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const [trusted] = (await definitions()).runnable;
    const edited = {
      name: 'Save input',
      when: { type: 'userTriggered' },
      then: { type: 'runCommand', command: 'touch edited' },
    };
    fs.writeFileSync(path.join(repo, '.kiro/hooks/save-input.kiro.hook'), JSON.stringify(edited));
    await expect(runStandaloneHook(trusted, { event: 'Manual', paths: [] }, deps)).rejects.toMatchObject({
      code: 'hook-not-runnable',
    });
    expect(fs.existsSync(path.join(repo, 'input.json'))).toBe(false);
    expect(fs.existsSync(path.join(repo, 'edited'))).toBe(false);
    expect(notices).toEqual([]);
  });

  it('keeps a command hook inside the sandbox: it cannot write outside the workspace', async () => {
    const outside = path.join(tempDir(), 'escaped');
    const { home, repo, deps, definitions } = setup(`touch ${outside}`);
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);
    const [hook] = (await definitions()).runnable;
    const result = await runStandaloneHook(hook, { event: 'Manual', paths: [] }, deps);
    expect(result).toMatchObject({ kind: 'command', run: { status: 'failed' } });
    expect(fs.existsSync(outside)).toBe(false);
  });
});
