import { describe, expect, it } from 'vitest';
import { recordTrust } from '../config/project-trust';
import { needsDecision, reviewRepositoryConfig } from '../crew/repository-config';
import { tempDir, tempRepo } from '../testing/temp-repo';

describe("trusting a repository's .kiro/settings/mcp.json", () => {
  it("shows each server's exact command line or URL, and which of the person's variables it would be given", async () => {
    const home = tempDir();
    const repo = tempRepo({
      '.kiro/settings/mcp.json': JSON.stringify({
        mcpServers: {
          fetch: {
            command: 'uvx',
            args: ['mcp-server-fetch', '--ua', "it's me\n"],
            env: { API_KEY: 'sk-123', GH: '${GITHUB_TOKEN}' },
          },
          remote: { url: 'https://mcp.example.test/mcp?k=${KEY}', headers: { Authorization: 'Bearer x' } },
          off: { command: 'sleep', disabled: true },
        },
      }),
    });
    const review = await reviewRepositoryConfig(home, repo);
    expect(needsDecision(review)).toBe(true);
    expect(review.files).toEqual([
      {
        file: '.kiro/settings/mcp.json',
        changes: [
          {
            file: '.kiro/settings/mcp.json',
            key: 'mcpServers.fetch',
            value: `uvx mcp-server-fetch --ua 'it'\\''s me\\x0a'`,
            reason: 'starts this program with variables API_KEY, GH=${GITHUB_TOKEN}',
          },
          {
            file: '.kiro/settings/mcp.json',
            key: 'mcpServers.remote',
            value: 'https://mcp.example.test/mcp?k=${KEY}',
            reason: 'connects to this server with headers Authorization',
          },
          {
            file: '.kiro/settings/mcp.json',
            key: 'mcpServers.off',
            value: 'sleep',
            reason: 'starts this program (disabled for now)',
          },
        ],
      },
    ]);
    expect(JSON.stringify(review.files)).not.toContain('sk-123');
    await recordTrust(home, repo, review.trust.hash);
    expect(needsDecision(await reviewRepositoryConfig(home, repo))).toBe(false);
  });
});
