import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../core/testing/temp-repo';
import { SandboxUnavailableError } from '../core/sandbox/sandbox-unavailable-error';

const createExecutor = vi.fn();
vi.mock('../core/sandbox/create-executor', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../core/sandbox/create-executor')>()),
  createExecutor: (...args: unknown[]) => createExecutor(...args),
}));

const { sandboxCommand } = await import('./sandbox-command');

describe('sandboxCommand when the sandbox cannot run', () => {
  let stderr: string;
  beforeEach(() => {
    createExecutor.mockReset();
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const home = tempDir('trellis-home-');
    fs.writeFileSync(path.join(home, 'config.toml'), 'sandbox_mode = "workspace-write"\n');
    vi.stubEnv('TRELLIS_HOME', home);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('exits 2 with the exact reason and fix, and never runs the command unconfined', async () => {
    createExecutor.mockRejectedValue(
      new SandboxUnavailableError(
        'bubblewrap is not installed (no bwrap in /usr/bin, /usr/local/bin or on PATH)',
        'install it: sudo apt-get install bubblewrap',
      ),
    );
    const marker = path.join(tempDir(), 'ran');
    const code = await sandboxCommand(['touch', marker], { cd: tempDir() });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'trellis sandbox: cannot sandbox the command: bubblewrap is not installed (no bwrap in /usr/bin, /usr/local/bin or on PATH).\nTo fix it: install it: sudo apt-get install bubblewrap.\n',
    );
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('hands the executor a policy from config plus flags, and the command with stdio inherited', async () => {
    const run = vi
      .fn()
      .mockResolvedValue({ exitCode: 3, signal: null, timedOut: false, aborted: false, output: '', durationMs: 1 });
    createExecutor.mockResolvedValue({ description: 'fake', run });
    const cwd = tempDir();
    const extra = tempDir();
    const code = await sandboxCommand(['true'], { writableRoot: [extra], denyRead: ['x.env'], network: 'on', cd: cwd });
    expect(code).toBe(3);
    const [policy] = createExecutor.mock.calls[0] as [import('../core/sandbox/sandbox-policy').SandboxPolicy];
    expect(policy.mode).toBe('workspace-write');
    expect(policy.writableRoots).toEqual(expect.arrayContaining([cwd, extra]));
    expect(policy.denyRead).toContain(path.join(cwd, 'x.env'));
    expect(policy.network).toEqual({ mode: 'on' });
    const [request] = run.mock.calls[0];
    expect(request).toMatchObject({ argv: ['true'], cwd, stdio: 'inherit', timeoutMs: Infinity });
  });

  it('exits 128+N when the command was killed by a signal', async () => {
    createExecutor.mockResolvedValue({
      description: 'fake',
      run: async () => ({
        exitCode: null,
        signal: 'SIGKILL',
        timedOut: false,
        aborted: false,
        output: '',
        durationMs: 1,
      }),
    });
    expect(await sandboxCommand(['true'], { cd: tempDir() })).toBe(137);
  });
});
