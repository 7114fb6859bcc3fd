import { create } from 'zustand';
import type { McpServerInfo, WorkbenchEvent } from '../../../electron/contract';
import { api } from './api-instance';

export interface McpState {
  workspaceId: string | null;
  /** The workspace's servers as their clients see them, in the order Node lists them. */
  servers: McpServerInfo[];
  loaded: boolean;
  error: string | null;
  /** A server's stderr the person asked to see. */
  log: { server: string; text: string } | null;
  load(workspaceId: string): Promise<void>;
  clear(): void;
  applyEvents(events: WorkbenchEvent[]): void;
  setToolEnabled(server: string, tool: string, enabled: boolean): Promise<void>;
  reconnect(server: string): Promise<void>;
  /** Begin the server's sign-in; the URL to open, or null when it was refused (the error says why). */
  authenticate(server: string): Promise<string | null>;
  showLog(server: string): Promise<void>;
  closeLog(): void;
  /** A server's prompt filled with its arguments, as the text of a message; or why not (the pane's error untouched). */
  renderPrompt(
    server: string,
    prompt: string,
    args: Record<string, string>,
  ): Promise<{ text: string } | { error: string }>;
}

/** Replace one server's entry by name, or add it at the end. */
function withServer(servers: McpServerInfo[], server: McpServerInfo): McpServerInfo[] {
  const at = servers.findIndex((s) => s.name === server.name);
  if (at < 0) return [...servers, server];
  const next = [...servers];
  next[at] = server;
  return next;
}

/** The MCP servers of the open workspace, kept current by `mcp.server.changed`. */
export const useMcp = create<McpState>()((set, get) => {
  /** Run a request for the shown workspace; a refusal becomes the pane's error line. */
  const ask = async <T>(
    run: (workspaceId: string) => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
  ) => {
    const workspaceId = get().workspaceId;
    if (!workspaceId) return null;
    set({ error: null });
    const result = await run(workspaceId);
    if (get().workspaceId !== workspaceId) return null;
    if (!result.ok) {
      set({ error: result.error.message });
      return null;
    }
    return { value: result.value };
  };
  return {
    workspaceId: null,
    servers: [],
    loaded: false,
    error: null,
    log: null,

    async load(workspaceId) {
      if (get().workspaceId !== workspaceId) set({ workspaceId, servers: [], loaded: false, error: null, log: null });
      const result = await api().request('mcp.list', { workspaceId });
      if (get().workspaceId !== workspaceId) return;
      set(result.ok ? { servers: result.value, loaded: true } : { error: result.error.message, loaded: true });
    },

    clear: () => set({ workspaceId: null, servers: [], loaded: false, error: null, log: null }),

    applyEvents(events) {
      const id = get().workspaceId;
      let servers = get().servers;
      for (const e of events) {
        if (e.type === 'mcp.server.changed' && e.workspaceId === id) servers = withServer(servers, e.server);
        else if (e.type === 'mcp.servers' && e.workspaceId === id) servers = e.servers;
      }
      if (servers !== get().servers) set({ servers });
    },

    async setToolEnabled(server, tool, enabled) {
      const answer = await ask((workspaceId) =>
        api().request('mcp.setToolEnabled', { workspaceId, server, tool, enabled }),
      );
      if (answer) set({ servers: withServer(get().servers, answer.value) });
    },

    async reconnect(server) {
      await ask((workspaceId) => api().request('mcp.reconnect', { workspaceId, server }));
    },

    async authenticate(server) {
      const answer = await ask((workspaceId) => api().request('mcp.authenticate', { workspaceId, server }));
      return answer?.value.url ?? null;
    },

    async showLog(server) {
      const answer = await ask((workspaceId) => api().request('mcp.log', { workspaceId, server }));
      if (answer) set({ log: { server, text: answer.value.text } });
    },

    closeLog: () => set({ log: null }),

    async renderPrompt(server, prompt, args) {
      const workspaceId = get().workspaceId;
      if (!workspaceId) return { error: 'Open a folder first.' };
      const result = await api().request('mcp.getPrompt', { workspaceId, server, prompt, arguments: args });
      return result.ok ? { text: result.value.text } : { error: result.error.message };
    },
  };
});
