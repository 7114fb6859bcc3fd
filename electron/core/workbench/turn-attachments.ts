import type { FileRef, McpResourceRef, TurnAttachment } from '../../contract';
import { loadConfig } from '../config/load-config';
import { buildSandboxPolicy } from '../sandbox/build-policy';
import { sandboxPolicyOptions } from '../session/sandbox-policy-options';
import { readFileAttachments } from '../workspace/file-attachments';
import type { WorkspaceMcp } from './workspace-mcp';

/**
 * What a message names to attach, read in Node: repository files (checked to stay inside the workspace, and
 * refused where config.toml's deny_read hides them from the agent) first, then MCP resources through the
 * workspace's servers, as the `@` list shows them.
 */
export async function readTurnAttachments(
  mcp: WorkspaceMcp,
  where: { workspaceId: string; root: string; home: string },
  refs: readonly (McpResourceRef | FileRef)[] = [],
): Promise<TurnAttachment[]> {
  const files = refs.flatMap((r) => ('file' in r ? [r.file] : []));
  const resources = refs.filter((r): r is McpResourceRef => !('file' in r));
  const [fromFiles, fromServers] = await Promise.all([
    files.length ? readFileAttachments(where.root, files, { hidden: await hiddenFromAgent(where) }) : [],
    mcp.readAttachments(where.workspaceId, resources),
  ]);
  return [...fromFiles, ...fromServers];
}

/** The paths the sandbox hides from the agent's reads here (deny_read, its defaults), expanded as for a command. */
async function hiddenFromAgent({ root, home }: { root: string; home: string }): Promise<string[]> {
  const { config } = await loadConfig({ home });
  return buildSandboxPolicy({ ...sandboxPolicyOptions(config, { cwd: root, home }), mode: 'workspace-write' }).denyRead;
}
