import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { projectTrust, recordTrust, sessionTrust } from '../config/project-trust';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { EVERYTHING } from '../testing/mcp-servers';
import { tempDir, writeFiles } from '../testing/temp-repo';
import type { McpSessionServers } from './mcp-session-servers';
import { startSessionMcp } from './session-mcp';

const opened: McpSessionServers[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((servers) => servers.close()));
});

const MCP_JSON = JSON.stringify({
  mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } },
});

async function statusIn(home: string, cwd: string, trustedRepository?: string) {
  const { config } = await loadConfig({ home, env: {} });
  const servers = await startSessionMcp({
    home,
    cwd,
    config,
    env: process.env,
    executor: new UnconfinedExecutor(),
    // As prepareSession does for a crew task: the worktree's trust, read with its repository's.
    trust: await sessionTrust(home, cwd, os.homedir(), trustedRepository),
    onWarning: () => {},
  });
  if (!servers) throw new Error('no MCP servers found');
  opened.push(servers);
  return servers.manager.states().find((s) => s.name === 'everything')!.status;
}

describe("a crew task's MCP servers", () => {
  it("start in its worktree only while the worktree's mcp.json is the one the person trusted", async () => {
    const home = tempDir();
    const [repo, worktree] = [tempDir(), tempDir()];
    for (const dir of [repo, worktree]) writeFiles(dir, { '.kiro/settings/mcp.json': MCP_JSON });
    await recordTrust(home, repo, (await projectTrust(home, repo)).hash);

    // Trust is recorded per path: the worktree alone is a stranger.
    expect(await statusIn(home, worktree)).toBe('untrusted');
    expect(await statusIn(home, worktree, repo)).not.toBe('untrusted');

    fs.appendFileSync(path.join(worktree, '.kiro/settings/mcp.json'), '\n');
    expect(await statusIn(home, worktree, repo)).toBe('untrusted');
  });
});
