/**
 * Where the desktop app keeps API keys: the OS keychain through Electron's
 * safeStorage. Core only knows this interface; the Electron shell provides
 * it, and headless runs take keys from the environment instead.
 */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
}

/** Names a secret may have: environment-variable style, so it can stand in for one. */
export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,127}$/;

/**
 * Keychain entries Trellis writes for itself (MCP OAuth credentials, core/mcp/oauth): never set by the window's
 * key form nor read as a provider's API key, so neither can overwrite a login nor send one to a model provider.
 */
export const RESERVED_SECRET_PREFIX = 'MCP_OAUTH_';

export function isReservedSecretName(name: string): boolean {
  return name.startsWith(RESERVED_SECRET_PREFIX);
}
