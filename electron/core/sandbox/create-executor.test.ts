import { describe, expect, it } from 'vitest';
import { createExecutor, SandboxUnavailableError } from './create-executor';
import type { SandboxPolicy } from './sandbox-policy';
import { UnconfinedExecutor } from './unconfined-executor';

const policy = (mode: SandboxPolicy['mode']): SandboxPolicy => ({
  mode,
  writableRoots: [],
  readOnlySubpaths: [],
  denyRead: [],
  network: { mode: 'off' },
});

describe('createExecutor', () => {
  it('runs danger-full-access unconfined on every platform', async () => {
    expect(await createExecutor(policy('danger-full-access'), { platform: 'darwin' })).toBeInstanceOf(
      UnconfinedExecutor,
    );
    expect(await createExecutor(policy('danger-full-access'), { platform: 'linux' })).toBeInstanceOf(
      UnconfinedExecutor,
    );
  });

  it('refuses, never falls back, where no sandbox exists yet', async () => {
    for (const platform of ['win32', 'freebsd'] as const) {
      const err = await createExecutor(policy('workspace-write'), { platform }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SandboxUnavailableError);
      expect((err as SandboxUnavailableError).reason).toBe(
        `the workspace-write sandbox is not yet implemented on ${platform}`,
      );
    }
  });

  it.skipIf(process.platform === 'darwin')(
    'on macOS uses Seatbelt only after sandbox-exec accepts the profile: elsewhere it refuses',
    async () => {
      const err = await createExecutor(policy('workspace-write'), { platform: 'darwin' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SandboxUnavailableError);
      expect((err as SandboxUnavailableError).reason).toBe('Seatbelt (sandbox-exec) exists only on macOS');
    },
  );

  it.skipIf(process.platform !== 'linux')('uses bubblewrap on Linux, or says why not', async () => {
    const result = await createExecutor(policy('read-only'), { platform: 'linux' }).catch((e: unknown) => e);
    if (result instanceof SandboxUnavailableError) expect(result.message).toContain(result.reason);
    else expect((result as { description: string }).description).toMatch(/^bubblewrap \+ seccomp \(read-only/);
  });
});
