import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refuseAll } from '../approvals/approval-policy';
import type { SecretStore } from '../config/secret-store';
import { tempDir } from '../testing/temp-repo';
import { applyPatch } from '../apply-patch/apply-patch';
import { prepareSession } from './prepare-session';

class MemorySecrets implements SecretStore {
  constructor(private readonly values: Record<string, string>) {}
  async get(name: string) {
    return this.values[name];
  }
  async set(name: string, value: string) {
    this.values[name] = value;
  }
}

function home(toml: string): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'config.toml'), toml);
  return dir;
}

const OPENAI = 'model = "gpt-5"\nmodel_provider = "openai"\n';

describe('prepareSession', () => {
  it('fails in one line when the provider key is nowhere', async () => {
    await expect(
      prepareSession({
        home: home(OPENAI),
        cwd: tempDir(),
        approver: refuseAll,
        source: 'window',
        env: { PATH: '/bin' },
      }),
    ).rejects.toThrow('missing API key: set OPENAI_API_KEY');
  });

  it('takes a key missing from the environment from the keychain, and never hands it to commands', async () => {
    const secrets = new MemorySecrets({ OPENAI_API_KEY: 'sk-from-keychain' });
    const prepared = await prepareSession({
      home: home(OPENAI),
      cwd: tempDir(),
      approver: refuseAll,
      source: 'window',
      env: { PATH: '/bin', GITHUB_TOKEN: 'ghp_x', HOME: '/root' },
      secrets,
    });
    expect(prepared.options.providerId).toBe('openai');
    expect(JSON.stringify(prepared.options.env)).not.toContain('sk-from-keychain');
    // TRELLIS_SANDBOX and its kin are the executor's to set (sandbox-markers.ts).
    expect(prepared.options.env).toEqual({ PATH: '/bin', HOME: '/root' });
  });

  it("never takes Trellis's own MCP sign-ins from the keychain as a provider's API key", async () => {
    const name = 'MCP_OAUTH_DOCS_0123456789ABCDEF';
    const secrets = new MemorySecrets({ [name]: '{"tokens":{"access_token":"at-secret"}}' });
    const toml = `model = "m"\nmodel_provider = "p"\n[model_providers.p]\nname = "P"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "${name}"\n`;
    await expect(
      prepareSession({
        home: home(toml),
        cwd: tempDir(),
        approver: refuseAll,
        source: 'window',
        env: { PATH: '/bin' },
        secrets,
      }),
    ).rejects.toThrow(`missing API key: set ${name}`);
  });

  it('builds instructions from AGENTS.md and the environment', async () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.git'));
    fs.writeFileSync(path.join(cwd, 'AGENTS.md'), 'Always run npm test before finishing.');
    const prepared = await prepareSession({
      home: home(OPENAI),
      cwd,
      approver: refuseAll,
      source: 'exec',
      env: { OPENAI_API_KEY: 'sk-env' },
    });
    expect(prepared.options.instructions).toContain('Always run npm test before finishing.');
    expect(prepared.options.instructions).toContain('<environment_context>');
    expect(prepared.options.model).toBe('gpt-5');
  });

  it('deny_read globs are looked for again at each patch: a .env made mid-session is neither read nor moved by apply_patch', async () => {
    const cwd = fs.realpathSync(tempDir());
    fs.mkdirSync(path.join(cwd, '.git'));
    const toml = `${OPENAI}sandbox_mode = "workspace-write"\n[sandbox]\ndeny_read = ["**/.env"]\n`;
    const prepared = await prepareSession({
      home: home(toml),
      cwd,
      approver: refuseAll,
      source: 'exec',
      env: { OPENAI_API_KEY: 'sk-env' },
    });
    fs.mkdirSync(path.join(cwd, 'late'));
    fs.writeFileSync(path.join(cwd, 'late/.env'), 'LATE=secret\n');
    for (const scope of [prepared.options.patchScope!, prepared.options.reviewScope!]) {
      expect(scope.readOnlyPaths).toContain(path.join(cwd, 'late/.env'));
      const moved = await applyPatch(
        '*** Begin Patch\n*** Update File: late/.env\n*** Move to: leak.txt\n@@\n-LATE=secret\n+LATE=secret\n*** End Patch',
        { cwd, ...scope },
      );
      expect(moved.ok).toBe(false);
      expect(fs.existsSync(path.join(cwd, 'leak.txt'))).toBe(false);
    }
  });
});
