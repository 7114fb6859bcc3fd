import { describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../sandbox-policy';
import { SandboxUnavailableError } from '../sandbox-unavailable-error';
import { capabilitySid } from './capability-sid';
import {
  WINDOWS_SANDBOX_NOT_IMPLEMENTED,
  WindowsSandboxNotImplementedError,
  WindowsTokenExecutor,
} from './windows-executor';

const policy: SandboxPolicy = {
  mode: 'workspace-write',
  writableRoots: ['C:\\src\\app'],
  readOnlySubpaths: ['C:\\src\\app\\.git'],
  denyRead: ['C:\\Users\\ada\\.ssh'],
  network: { mode: 'off' },
};

const request = { argv: ['cmd', '/c', 'echo hi'], cwd: 'C:\\src\\app', env: {}, timeoutMs: 1000 };

describe('WindowsTokenExecutor (a stub, and says so)', () => {
  it('refuses every command with the not-implemented error, carrying the plan', async () => {
    const executor = new WindowsTokenExecutor(policy);
    const error = await executor.run(request).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WindowsSandboxNotImplementedError);
    expect(error).toBeInstanceOf(SandboxUnavailableError);
    const e = error as WindowsSandboxNotImplementedError;
    expect(e.message).toContain(WINDOWS_SANDBOX_NOT_IMPLEMENTED);
    expect(e.message).toMatch(
      /^the Windows sandbox is not implemented on this build: it needs a native helper \(planned\)/,
    );
    expect(e.code).toBe('TRELLIS_WINDOWS_SANDBOX_NOT_IMPLEMENTED');
    expect(e.plan?.capabilitySid).toBe(capabilitySid('C:\\src\\app', 'workspace-write'));
  });

  it('still refuses, with the planning error attached, when the policy cannot be planned', async () => {
    const executor = new WindowsTokenExecutor({ ...policy, writableRoots: ['relative'] });
    const error = (await executor.run(request).catch((e: unknown) => e)) as WindowsSandboxNotImplementedError;
    expect(error).toBeInstanceOf(WindowsSandboxNotImplementedError);
    expect(error.plan).toBeNull();
    expect(error.planError?.message).toMatch(/absolute/);
  });

  it('refuses to start an MCP server, naming the way out: trusting that server to run outside the sandbox', async () => {
    const error = await new WindowsTokenExecutor(policy)
      .spawn({ argv: ['npx', 'some-mcp-server'], cwd: 'C:\\src\\app', env: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxUnavailableError);
    expect((error as Error).message).toBe(
      'the Windows sandbox is not implemented on this build: it needs a native helper (planned). To fix it: set trusted_outside_sandbox = true in its [mcp_servers.<name>] table of config.toml to run it outside the sandbox, or run Trellis on Linux or macOS',
    );
  });

  it('is marked unimplemented in its description, its flag and detect()', async () => {
    const executor = new WindowsTokenExecutor(policy, { mode: 'unelevated' });
    expect(executor.implemented).toBe(false);
    expect(executor.description).toBe(
      'Windows restricted token (unelevated; workspace-write, network off): NOT IMPLEMENTED on this build, commands are refused',
    );
    expect(await WindowsTokenExecutor.detect()).toMatchObject({ ok: false, reason: WINDOWS_SANDBOX_NOT_IMPLEMENTED });
  });

  it('exposes the plan for review', () => {
    const plan = new WindowsTokenExecutor(policy).plan();
    expect(plan.mode).toBe('elevated');
    expect(plan.verifiedOnRealHardware).toBe(false);
    expect(plan.scripts.apply).toContain("Set-TrellisAce -Path 'C:\\src\\app'");
  });
});
