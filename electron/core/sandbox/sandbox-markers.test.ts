import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSandboxPolicy } from './build-policy';
import { BwrapExecutor } from './linux/bwrap-executor';
import { sandboxMarkers, withMarkers } from './sandbox-markers';
import type { SandboxMode } from './sandbox-policy';
import { UnconfinedExecutor } from './unconfined-executor';

const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
const skipReason = !detection
  ? `not Linux (${process.platform})`
  : !detection.ok
    ? `${detection.reason}; ${detection.fix}`
    : '';
const show =
  'echo "$TRELLIS_SANDBOX $TRELLIS_SANDBOX_MECHANISM net-off=${TRELLIS_SANDBOX_NETWORK_DISABLED:-0} codex=${CODEX_SANDBOX:-unset}"';

describe('sandboxMarkers', () => {
  it('names the mode and the mechanism alike on every OS, and Codex’s seatbelt marker only under Seatbelt', () => {
    expect(sandboxMarkers('read-only', 'bwrap', false)).toEqual({
      TRELLIS_SANDBOX: 'read-only',
      TRELLIS_SANDBOX_MECHANISM: 'bwrap',
      TRELLIS_SANDBOX_NETWORK_DISABLED: '1',
      CODEX_SANDBOX_NETWORK_DISABLED: '1',
    });
    expect(sandboxMarkers('workspace-write', 'seatbelt', true)).toEqual({
      TRELLIS_SANDBOX: 'workspace-write',
      TRELLIS_SANDBOX_MECHANISM: 'seatbelt',
      CODEX_SANDBOX: 'seatbelt',
    });
    expect(sandboxMarkers('workspace-write', 'windows-token', true)).toEqual({
      TRELLIS_SANDBOX: 'workspace-write',
      TRELLIS_SANDBOX_MECHANISM: 'windows-token',
    });
  });

  it('drops whatever markers the caller’s environment brought', () => {
    expect(
      withMarkers(
        {
          PATH: '/bin',
          TRELLIS_SANDBOX: 'danger-full-access',
          CODEX_SANDBOX: 'seatbelt',
          TRELLIS_SANDBOX_NETWORK_DISABLED: '1',
        },
        sandboxMarkers('read-only', 'bwrap', true),
      ),
    ).toEqual({
      PATH: '/bin',
      TRELLIS_SANDBOX: 'read-only',
      TRELLIS_SANDBOX_MECHANISM: 'bwrap',
    });
  });

  it('a command run outside the sandbox (danger-full-access, or approved to escalate) is told it has full access', async () => {
    const result = await new UnconfinedExecutor().run({
      argv: ['bash', '-c', show],
      cwd: '/',
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        TRELLIS_SANDBOX: 'read-only',
        TRELLIS_SANDBOX_NETWORK_DISABLED: '1',
      },
      timeoutMs: 30_000,
    });
    expect(result.output).toBe('danger-full-access none net-off=0 codex=unset\n');
  });
});

describe.skipIf(!!skipReason)(
  `the markers under real bubblewrap${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    for (const [mode, network, expected] of [
      ['read-only', false, 'read-only bwrap net-off=1 codex=unset'],
      ['workspace-write', false, 'workspace-write bwrap net-off=1 codex=unset'],
      ['workspace-write', true, 'workspace-write bwrap net-off=0 codex=unset'],
    ] as [SandboxMode, boolean, string][]) {
      it(`${mode}, network ${network ? 'on' : 'off'}: ${expected}`, async () => {
        if (!detection?.ok) throw new Error('unreachable');
        const base = fs.realpathSync(fs.mkdtempSync('/var/tmp/trellis-markers-'));
        try {
          const policy = buildSandboxPolicy({
            mode,
            cwd: base,
            home: path.join(base, '.trellis'),
            userHome: base,
            network,
            tmpdir: '',
          });
          const executor = new BwrapExecutor(policy, {
            bwrap: detection.bwrap,
            perms: detection.perms,
            userHome: base,
          });
          const result = await executor.run({
            argv: ['bash', '-c', show],
            cwd: base,
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TRELLIS_SANDBOX: 'forged' },
            timeoutMs: 30_000,
          });
          expect(result.output.trim()).toBe(expected);
        } finally {
          fs.rmSync(base, { recursive: true, force: true });
        }
      });
    }
  },
);
