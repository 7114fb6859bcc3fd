import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretStore } from '../../config/secret-store';
import { tempDir } from '../../testing/temp-repo';
import { configuredCredentialStore, credentialStore } from './oauth-credential-store';

const login = {
  server: 'docs',
  url: 'https://mcp.example.com/mcp',
  tokens: { access_token: 'at-1', token_type: 'bearer', refresh_token: 'rt-1' },
};

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  constructor(private readonly available = true) {}
  async get(name: string) {
    return this.values.get(name);
  }
  async set(name: string, value: string) {
    if (!this.available) throw new Error('This system offers no keychain to protect the key.');
    this.values.set(name, value);
  }
}

describe('where OAuth credentials are kept', () => {
  it('in the desktop keychain when there is one, with nothing written to the home', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const store = credentialStore(home, secrets);
    expect(await store.save(login)).toBe('the system keychain');
    expect(fs.existsSync(path.join(home, 'mcp-oauth'))).toBe(false);
    expect([...secrets.values.keys()]).toEqual([expect.stringMatching(/^MCP_OAUTH_[0-9A-F]{40}$/)]);
    expect(await store.load('docs', login.url)).toEqual(login);

    expect(await store.remove('docs', login.url)).toBe(true);
    expect(await store.load('docs', login.url)).toBeUndefined();
  });

  it('in the 0600 file when the system offers no keychain, and found there again', async () => {
    const home = tempDir();
    const store = credentialStore(home, new MemorySecrets(false));
    const where = await store.save(login);
    expect(where.startsWith(path.join(home, 'mcp-oauth'))).toBe(true);
    expect(fs.statSync(where).mode & 0o777).toBe(0o600);
    expect(await store.load('docs', login.url)).toEqual(login);
  });

  it('mcp_oauth_credentials_store = "file" keeps the file even where a keychain is offered', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'config.toml'), 'mcp_oauth_credentials_store = "file"\n');
    const secrets = new MemorySecrets();
    const where = await configuredCredentialStore(home, secrets).save(login);
    expect(where.startsWith(path.join(home, 'mcp-oauth'))).toBe(true);
    expect(secrets.values.size).toBe(0);
  });

  it('mcp_oauth_credentials_store = "keyring" never falls back to a file, and says why a token cannot be kept', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'config.toml'), 'mcp_oauth_credentials_store = "keyring"\n');
    await expect(configuredCredentialStore(home).save(login)).rejects.toThrow(
      'mcp_oauth_credentials_store = "keyring", but only the desktop app has a keychain; use "auto" or "file" here.',
    );
    await expect(configuredCredentialStore(home, new MemorySecrets(false)).save(login)).rejects.toThrow(
      'mcp_oauth_credentials_store = "keyring", but the system keychain refused the token (This system offers no keychain to protect the key.).',
    );
    expect(fs.existsSync(path.join(home, 'mcp-oauth'))).toBe(false);
  });

  it('never hands one server name or URL the credentials of another', async () => {
    const store = credentialStore(tempDir());
    await store.save(login);
    expect(await store.load('docs', 'https://evil.example.com/mcp')).toBeUndefined();
    expect(await store.load('other', login.url)).toBeUndefined();
  });
});
