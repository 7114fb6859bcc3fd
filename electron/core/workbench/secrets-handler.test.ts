import { describe, expect, it } from 'vitest';
import type { SecretStore } from '../config/secret-store';
import { tempDir } from '../testing/temp-repo';
import { Workbench } from './workbench';

describe("secrets.set (the window's API-key form)", () => {
  it("keeps keys, but never overwrites Trellis's own MCP sign-ins", async () => {
    const stored = new Map<string, string>([['MCP_OAUTH_DOCS_0123', 'the login']]);
    const secrets: SecretStore = {
      get: async (name) => stored.get(name),
      set: async (name, value) => void stored.set(name, value),
    };
    const workbench = new Workbench({
      home: tempDir(),
      app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'electron', initialPath: null },
      pickFolder: async () => null,
      secrets,
    });
    try {
      const client = { id: 'c1', send: () => {} };
      const refused = await workbench.dispatch('secrets.set', { name: 'MCP_OAUTH_DOCS_0123', value: 'x' }, client);
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
      expect(stored.get('MCP_OAUTH_DOCS_0123')).toBe('the login');
      expect(await workbench.dispatch('secrets.set', { name: 'OPENAI_API_KEY', value: 'sk-1' }, client)).toEqual({
        ok: true,
        value: null,
      });
      expect(stored.get('OPENAI_API_KEY')).toBe('sk-1');
    } finally {
      await workbench.close();
    }
  });
});
