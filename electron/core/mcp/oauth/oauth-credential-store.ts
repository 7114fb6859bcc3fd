import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { SecretStore } from '../../config/secret-store';
import { readJsonFile, writeFileAtomic } from '../../config/json-file';
import { loadConfig } from '../../config/load-config';
import { ExpectedFailure } from '../../errors/expected-failure';

/**
 * What Trellis keeps per HTTP MCP server after `trellis mcp login`: the client registration and the tokens, bound to
 * the server's name and URL. Kept like API keys: the desktop's keychain when there is one, otherwise a file in the
 * Trellis home readable only by the user.
 */
export interface OAuthCredentials {
  server: string;
  url: string;
  clientInformation?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** When the access token should be refreshed (ms since the epoch), from its `expires_in` when it was saved. */
  refreshAt?: number;
}

export interface OAuthCredentialStore {
  load(server: string, url: string): Promise<OAuthCredentials | undefined>;
  /** Returns where they went (the keychain, or the file when the system has none). */
  save(credentials: OAuthCredentials): Promise<string>;
  /** True when there was something to remove. */
  remove(server: string, url: string): Promise<boolean>;
}

/**
 * One key per server name and URL, so a token obtained for one URL is never found for (and sent to) another, even
 * when the definition behind a name changes. Hex only: usable as a file name and as a SecretStore name.
 */
export function credentialKey(server: string, url: string): string {
  return createHash('sha256').update(`${server}\n${url}`).digest('hex').slice(0, 40);
}

/** Reads back only what was saved for exactly this server and URL; anything else (a collision, a hand edit) is absent. */
function matching(value: unknown, server: string, url: string): OAuthCredentials | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as OAuthCredentials;
  return record.server === server && record.url === url ? record : undefined;
}

/** `<home>/mcp-oauth/<key>.json`, the folder 0700 and each file 0600, replaced atomically. */
export class FileCredentialStore implements OAuthCredentialStore {
  readonly location: string;

  constructor(home: string) {
    this.location = path.join(home, 'mcp-oauth');
  }

  async load(server: string, url: string): Promise<OAuthCredentials | undefined> {
    // A corrupt file is as good as no login: the person logs in again rather than being stuck.
    const data = await readJsonFile(this.file(server, url)).catch(() => undefined);
    return matching(data, server, url);
  }

  async save(credentials: OAuthCredentials): Promise<string> {
    await fs.mkdir(this.location, { recursive: true, mode: 0o700 });
    // mkdir leaves an existing folder's mode alone: narrow it in case it was made wider by hand.
    await fs.chmod(this.location, 0o700);
    const file = this.file(credentials.server, credentials.url);
    await writeFileAtomic(file, JSON.stringify(credentials));
    return file;
  }

  async remove(server: string, url: string): Promise<boolean> {
    const file = this.file(server, url);
    const existed = await fs.stat(file).then(
      () => true,
      () => false,
    );
    await fs.rm(file, { force: true });
    return existed;
  }

  private file(server: string, url: string): string {
    return path.join(this.location, `${credentialKey(server, url)}.json`);
  }
}

/**
 * The desktop's SecretStore (the OS keychain). It has no delete, so an empty value stands for "removed". When the
 * system offers no keychain, saving falls back to the file store, and reading looks in both; without a fallback
 * (`mcp_oauth_credentials_store = "keyring"`) the keychain's refusal is the login's failure.
 */
export class SecretCredentialStore implements OAuthCredentialStore {
  readonly location = 'the system keychain';

  constructor(
    private readonly secrets: SecretStore,
    private readonly fallback?: OAuthCredentialStore,
  ) {}

  async load(server: string, url: string): Promise<OAuthCredentials | undefined> {
    const text = await this.secrets.get(secretName(server, url)).catch(() => undefined);
    if (text) {
      try {
        return matching(JSON.parse(text), server, url);
      } catch {
        return undefined;
      }
    }
    return this.fallback?.load(server, url);
  }

  async save(credentials: OAuthCredentials): Promise<string> {
    try {
      await this.secrets.set(secretName(credentials.server, credentials.url), JSON.stringify(credentials));
      return this.location;
    } catch (err) {
      if (!this.fallback) throw keyringOnly(`the system keychain refused the token (${(err as Error).message})`);
      return this.fallback.save(credentials);
    }
  }

  async remove(server: string, url: string): Promise<boolean> {
    const name = secretName(server, url);
    const inKeychain = Boolean(await this.secrets.get(name).catch(() => undefined));
    if (inKeychain) await this.secrets.set(name, '');
    const inFile = (await this.fallback?.remove(server, url)) ?? false;
    return inKeychain || inFile;
  }
}

function secretName(server: string, url: string): string {
  return `MCP_OAUTH_${credentialKey(server, url).toUpperCase()}`;
}

export type CredentialsStoreMode = 'auto' | 'file' | 'keyring';

function keyringOnly(why: string): ExpectedFailure {
  return new ExpectedFailure('mcp-oauth-keyring', `mcp_oauth_credentials_store = "keyring", but ${why}.`);
}

/** `keyring` where there is no keychain (headless): nothing stored, and a login says why it cannot keep its token. */
const NO_KEYCHAIN: OAuthCredentialStore = {
  load: async () => undefined,
  save: async () => {
    throw keyringOnly('only the desktop app has a keychain; use "auto" or "file" here');
  },
  remove: async () => false,
};

/**
 * The store for this process, as Codex's `mcp_oauth_credentials_store` says: `auto` (the default) the keychain when
 * the shell gives one (the desktop) and the home's file otherwise; `file` always the file; `keyring` only the keychain.
 */
export function credentialStore(
  home: string,
  secrets?: SecretStore,
  mode: CredentialsStoreMode = 'auto',
): OAuthCredentialStore {
  const file = new FileCredentialStore(home);
  if (mode === 'file') return file;
  if (mode === 'keyring') return secrets ? new SecretCredentialStore(secrets) : NO_KEYCHAIN;
  return secrets ? new SecretCredentialStore(secrets, file) : file;
}

/** credentialStore with the mode config.toml sets, read when first used (a broken config counts as `auto`). */
export function configuredCredentialStore(home: string, secrets?: SecretStore): OAuthCredentialStore {
  let chosen: Promise<OAuthCredentialStore> | undefined;
  const store = () =>
    (chosen ??= loadConfig({ home }).then(
      ({ config }) => credentialStore(home, secrets, config.mcp_oauth_credentials_store),
      () => credentialStore(home, secrets),
    ));
  return {
    load: async (server, url) => (await store()).load(server, url),
    save: async (credentials) => (await store()).save(credentials),
    remove: async (server, url) => (await store()).remove(server, url),
  };
}
