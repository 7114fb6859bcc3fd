import type { McpResourceRef, TurnAttachment, WorkbenchEvent } from '../../contract';
import { ExpectedFailure } from '../errors/expected-failure';
import type { McpManager, McpServerDefinition } from '../mcp/mcp-types';
import { readResourceAttachments } from '../mcp/resource-attachments';
import { toServerInfo } from './mcp-server-info';

/** What the workbench needs of core/mcp: kept behind one seam so the workbench tests can pass their own home. */
export interface McpBackend {
  /** A manager over every server the workspace sees (untrusted repository servers listed, never started); not started yet. */
  createManager(root: string): Promise<McpManager>;
  /**
   * What the servers would be if read now (definitions, trust, sandbox mode), as a string to compare: a session
   * starting after config.toml or an mcp.json changed gets servers read afresh. The tool switches are left out: the
   * running manager already holds them.
   */
  definitionsKey(root: string): Promise<string>;
  /** Save a tool's switch where its server was defined (config.toml or mcp.json), keeping the file's formatting. */
  saveToolEnabled(definition: McpServerDefinition, tool: string, enabled: boolean): Promise<void>;
  /** Begin an HTTP server's OAuth sign-in: the URL the person opens; the server connects once it is done. */
  authenticate(manager: McpManager, definition: McpServerDefinition): Promise<string>;
}

/**
 * One MCP manager per open workspace: created and started when the workspace opens (servers start in parallel and
 * the window is not held for them), its every change pushed to the workspace's windows, closed when it closes.
 * The workspace's sessions use the same manager, so the pane shows the clients the model's calls go through.
 */
export class WorkspaceMcp {
  private readonly managers = new Map<string, Promise<McpManager | null>>();
  /** definitionsKey as it was when each workspace's manager was made. */
  private readonly keys = new Map<string, Promise<string>>();
  /** A refresh under way per workspace: two sessions starting together read the files once. */
  private readonly refreshing = new Map<string, Promise<McpManager | null>>();

  constructor(
    private readonly backend: McpBackend,
    private readonly send: (event: WorkbenchEvent) => void,
    private readonly log: (message: string) => void,
  ) {}

  open(workspaceId: string, root: string): void {
    if (this.managers.has(workspaceId)) return;
    this.keys.set(
      workspaceId,
      this.backend.definitionsKey(root).catch(() => ''),
    );
    this.managers.set(workspaceId, this.create(this.backend, workspaceId, root));
  }

  /** The manager a session starting now uses: read afresh first when the definitions changed since it was made. */
  async current(workspaceId: string, root: string): Promise<McpManager | null> {
    const pending = this.refreshing.get(workspaceId);
    if (pending) return pending;
    const refresh = (async () => {
      const now = await this.backend.definitionsKey(root).catch(() => '');
      if (this.managers.has(workspaceId) && now === (await this.keys.get(workspaceId)))
        return this.manager(workspaceId);
      await this.reopen(workspaceId, root);
      return this.manager(workspaceId);
    })().finally(() => this.refreshing.delete(workspaceId));
    this.refreshing.set(workspaceId, refresh);
    return refresh;
  }

  /** The workspace's manager, or null when it could not be created (a broken config.toml: the log says why). */
  async manager(workspaceId: string): Promise<McpManager | null> {
    return (await this.managers.get(workspaceId)) ?? null;
  }

  /** The resources a message names, read through the workspace's servers (none named: nothing asked). */
  async readAttachments(workspaceId: string, refs: McpResourceRef[] = []): Promise<TurnAttachment[]> {
    if (!refs.length) return [];
    const manager = await this.manager(workspaceId);
    if (!manager)
      throw new ExpectedFailure('not-found', 'This workspace has no MCP servers to read the attached resources from.');
    return readResourceAttachments(manager, refs);
  }

  /** Read the definitions again and start afresh (the person trusted or untrusted the repository). */
  async reopen(workspaceId: string, root: string): Promise<void> {
    await this.close(workspaceId);
    this.open(workspaceId, root);
    const manager = await this.manager(workspaceId);
    // The window's list was built from the old manager: it is replaced whole (a server may be gone).
    this.send({ type: 'mcp.servers', workspaceId, servers: (manager?.states() ?? []).map(toServerInfo) });
  }

  async close(workspaceId: string): Promise<void> {
    const pending = this.managers.get(workspaceId);
    if (!pending) return;
    this.managers.delete(workspaceId);
    this.keys.delete(workspaceId);
    const manager = await pending;
    await manager?.close().catch((err: Error) => this.log(`closing MCP servers failed: ${err.message}`));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.managers.keys()].map((id) => this.close(id)));
  }

  private async create(backend: McpBackend, workspaceId: string, root: string): Promise<McpManager | null> {
    let manager: McpManager;
    try {
      manager = await backend.createManager(root);
    } catch (err) {
      this.log(`cannot read the MCP servers of ${root}: ${(err as Error).message}`);
      return null;
    }
    manager.onChange((state) => this.send({ type: 'mcp.server.changed', workspaceId, server: toServerInfo(state) }));
    // Not awaited: a slow server must not hold the workspace; each state change is pushed as it happens.
    manager.start().catch((err: Error) => this.log(`MCP servers of ${root} failed to start: ${err.message}`));
    return manager;
  }
}
