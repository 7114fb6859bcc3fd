import type { WorkbenchEvent } from '../../../electron/contract';
import type { TrellisApi } from '../api';
import { useCrew } from './crew-store';
import { useHooks } from './hooks-store';
import { useMcp } from './mcp-store';
import { useSession } from './session-store';
import { useSpecs } from './spec-store';
import { useTrust } from './trust-store';
import { useWorkspace } from './workspace-store';

/**
 * The renderer's one event route, started once by main.tsx. Two things reach the stores, both from here:
 *
 * - Contract events, batched once per animation frame so a burst (a checkout touching a thousand folders) costs
 *   one render, are handed to every store that takes them. The review and spec workflow stores follow the session
 *   the transcript shows, so the session store passes them that session's events (with those that raced ahead of
 *   its id, and those replayed on resume): only it knows which session is shown.
 * - A workspace change (open, close, switch: the workspace store's own doing, not an event) is fanned out by
 *   `workspaceChanged` and `workspaceRenewed` below to the stores that follow the open workspace, which ask Node
 *   for what they show of it. No store subscribes to another, and no pane fetches on its own.
 *
 * Returns a function that stops both.
 */
export function routeEvents(api: TrellisApi, onCommand: (command: string) => void): () => void {
  let batch: WorkbenchEvent[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const events = batch;
    batch = [];
    useWorkspace.getState().applyEvents(events);
    useSession.getState().applyEvents(events);
    useCrew.getState().applyEvents(events);
    useTrust.getState().applyEvents(events);
    useSpecs.getState().applyEvents(events);
    useMcp.getState().applyEvents(events);
    useHooks.getState().applyEvents(events);
  };
  const stopEvents = api.onEvent((event) => {
    if (event.type === 'ui.command') return onCommand(event.command);
    batch.push(event);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  });
  const stopFollowing = followWorkspace();
  return () => {
    stopEvents();
    stopFollowing();
  };
}

/** Tell the stores about the workspace open now, and again whenever another opens or it closes. */
function followWorkspace(): () => void {
  const now = useWorkspace.getState().workspace;
  workspaceChanged(now?.id ?? null);
  if (now) workspaceRenewed();
  return useWorkspace.subscribe((state, previous) => {
    const id = state.workspace?.id ?? null;
    if (id !== (previous.workspace?.id ?? null)) workspaceChanged(id);
    if (state.workspace && state.workspace !== previous.workspace) workspaceRenewed();
  });
}

/** The stores that follow the open workspace: the spec list starts afresh for it, its trust, MCP servers and hooks are asked (or forgotten on close), and its crew runs. */
function workspaceChanged(workspaceId: string | null): void {
  useSpecs.getState().bind(workspaceId);
  if (!workspaceId) {
    useMcp.getState().clear();
    useHooks.getState().clear();
    return useTrust.getState().clear();
  }
  void useMcp.getState().load(workspaceId);
  void useHooks.getState().load(workspaceId);
  void useTrust.getState().load(workspaceId);
  void useCrew.getState().load();
}

/** The workspace (re)opened or its summary changed: the sessions list and the review setting config.toml makes are asked again. */
function workspaceRenewed(): void {
  void useSession.getState().refreshSessions();
}
