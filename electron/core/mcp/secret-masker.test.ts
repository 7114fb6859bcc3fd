import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { definition, stdio } from '../testing/mcp-servers';
import { tempDir } from '../testing/temp-repo';
import { createMcpManager } from './mcp-manager';
import type { McpManager } from './mcp-types';
import { secretMasker } from './secret-masker';
import { unconfinedStdioTransport } from './unconfined-stdio-transport';

const managers: McpManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

const GITHUB_SHAPED = `ghp_${'a1B2'.repeat(9)}`;

describe('what an MCP server prints is shown without its secrets', () => {
  it('masks the values of secret-looking variables and credential-shaped text, nothing else', () => {
    const mask = secretMasker({ DOCS_API_KEY: 'k-123456789', LANG: 'C.UTF-8', SHORT_TOKEN: 'abc' });
    expect(mask(`key k-123456789 lang C.UTF-8 short abc gh ${GITHUB_SHAPED}`)).toBe(
      'key *** lang C.UTF-8 short abc gh ***',
    );
  });

  it("keeps a crashing server's own key and token-shaped text out of its error and its log", async () => {
    const dir = tempDir('trellis-mcp-leaky-');
    const script = path.join(dir, 'leaky.mjs');
    fs.writeFileSync(
      script,
      `process.stderr.write('config: key=' + process.env.DOCS_API_KEY + ' fallback=${GITHUB_SHAPED}\\n'); process.exit(3);`,
    );
    const mcp = createMcpManager({
      servers: [definition('leaky', stdio(process.execPath, [script], { DOCS_API_KEY: 'dk-live-0123456789' }))],
      env: process.env,
      stdioTransport: unconfinedStdioTransport,
      clientInfo: { name: 'trellis-test', version: '0' },
    });
    managers.push(mcp);
    await mcp.start();
    const [state] = mcp.states();
    expect(state.status).toBe('failed');
    expect(state.error).toContain('config: key=*** fallback=***');
    for (const shown of [state.error!, mcp.stderr('leaky')]) {
      expect(shown).not.toContain('dk-live-0123456789');
      expect(shown).not.toContain(GITHUB_SHAPED);
    }
  });
});
