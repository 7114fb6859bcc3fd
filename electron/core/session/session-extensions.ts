import type { SessionEventBody } from '../../contract';
import { permissionModeFor } from '../hooks/hook-engine';
import type { AgentSessionOptions } from './agent-session-options';

/** The session as its MCP servers and hooks see it when they attach. */
export interface ExtendedSession {
  id: string;
  transcriptPath: string | null;
  emit(body: SessionEventBody): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The session's MCP servers and hooks attach once its log exists: the servers' states go in the log (a required
 * one that failed closes the session and fails its start), then the hooks learn the session and SessionStart runs.
 * Returns SessionStart's context, which waits for the first prompt.
 */
export async function attachExtensions(
  options: AgentSessionOptions,
  session: ExtendedSession,
  source: 'startup' | 'resume',
): Promise<string | undefined> {
  try {
    await options.mcp?.attach((body) => session.emit(body));
  } catch (err) {
    await session.close();
    throw err;
  }
  const { hooks } = options;
  if (!hooks) return undefined;
  await hooks.attach({
    sessionId: session.id,
    transcriptPath: session.transcriptPath,
    cwd: options.cwd,
    model: options.model,
    permissionMode: permissionModeFor(options.approvalPolicy, options.sandboxMode),
    emit: (body) => session.emit(body),
  });
  if (!hooks.has('SessionStart')) return undefined;
  return (await hooks.sessionStart(source)).additionalContext;
}
