import type { FileRef, McpResourceRef, TurnAttachment } from '../../contract';
import { readFileAttachments } from '../workspace/file-attachments';
import type { WorkspaceMcp } from './workspace-mcp';

/**
 * What a message names to attach, read in Node: repository files (checked to stay inside the workspace) first, then
 * MCP resources through the workspace's servers, as the `@` list shows them.
 */
export async function readTurnAttachments(
  mcp: WorkspaceMcp,
  workspaceId: string,
  root: string,
  refs: readonly (McpResourceRef | FileRef)[] = [],
): Promise<TurnAttachment[]> {
  const files = refs.flatMap((r) => ('file' in r ? [r.file] : []));
  const resources = refs.filter((r): r is McpResourceRef => !('file' in r));
  const [fromFiles, fromServers] = await Promise.all([
    readFileAttachments(root, files),
    mcp.readAttachments(workspaceId, resources),
  ]);
  return [...fromFiles, ...fromServers];
}
