import { z } from 'zod';
import { changeSchemas } from '../changes/schemas';
import { lazy } from '../lazy';
import { mcpSchemas } from '../mcp/schemas';
import type { RequestTable } from '../request-table';
import { workspaceSchemas } from '../workspace/schemas';
import { sessionEventSchema } from './events';
import type { SessionMethod } from './methods';
import { sessionSchemas } from './schemas';

export const sessionRequests = lazy(() => {
  const { WorkspaceId } = workspaceSchemas();
  const {
    SessionId,
    SessionSummary,
    SessionSettings,
    SessionStatus,
    ModelName,
    ReasoningEffort,
    Prompt,
    ApprovalDecision,
    FileRef,
    SessionMode,
  } = sessionSchemas();
  const { ReviewAnswer, ReviewFileTexts } = changeSchemas();
  const workspace = z.object({ workspaceId: WorkspaceId }).strict();
  /** MCP resources and repository files to read (in Node) and give the model as context for this turn. */
  const attachments = z
    .array(z.union([mcpSchemas().McpResourceRef, FileRef]))
    .max(20)
    .optional();
  const turn = z.object({ sessionId: SessionId, turn: z.number().int().nonnegative() }).strict();
  return {
    'session.list': { params: workspace, value: z.array(SessionSummary) },
    'session.settings': { params: workspace, value: SessionSettings },
    /** Start a session in the workspace and run its first prompt; events follow. */
    'session.start': {
      params: z
        .object({
          workspaceId: WorkspaceId,
          prompt: Prompt,
          reviewEdits: z.boolean().optional(),
          attachments,
          /** The mode the first prompt runs in (the switch was set before the session existed). */
          mode: SessionMode.optional(),
          /** The model (and effort) /model chose before the session existed: its first request goes there. */
          model: ModelName.optional(),
          reasoningEffort: ReasoningEffort.optional(),
        })
        .strict(),
      value: z.object({ sessionId: z.string() }),
    },
    'session.send': {
      params: z.object({ sessionId: SessionId, prompt: Prompt, attachments }).strict(),
      value: z.null(),
    },
    /** Reopen a logged session: its events so far, then new ones as they come. */
    'session.resume': {
      params: z.object({ workspaceId: WorkspaceId, sessionId: SessionId }).strict(),
      value: z.object({ sessionId: z.string(), events: z.array(sessionEventSchema()) }),
    },
    'session.interrupt': { params: z.object({ sessionId: SessionId }).strict(), value: z.null() },
    'session.approve': {
      params: z.object({ sessionId: SessionId, callId: z.string().max(200), decision: ApprovalDecision }).strict(),
      value: z.null(),
    },
    /** The person's answer to a `review.requested` patch: which hunks to write, and comments for the agent. */
    'session.review': {
      params: z.object({ sessionId: SessionId, callId: z.string().max(200), answer: ReviewAnswer }).strict(),
      value: z.null(),
    },
    /** Both sides of a file in a pending review, for the diff editor. */
    'session.reviewFile': {
      params: z.object({ sessionId: SessionId, callId: z.string().max(200), path: z.string().max(4096) }).strict(),
      value: ReviewFileTexts,
    },
    /** Hold the agent's edits for review before they are written (always on under `untrusted`). */
    'session.setReviewEdits': {
      params: z.object({ sessionId: SessionId, on: z.boolean() }).strict(),
      value: z.null(),
    },
    'session.undoTurn': { params: turn, value: z.null() },
    'session.redoTurn': { params: turn, value: z.null() },
    /** Set, pause, resume or clear the session's goal; set and resume start pursuing it at once when idle. */
    'session.goal': {
      params: z
        .object({
          sessionId: SessionId,
          action: z.enum(['set', 'pause', 'resume', 'clear']),
          objective: z.string().max(4000).optional(),
          tokenBudget: z.number().int().positive().max(1e12).optional(),
        })
        .strict(),
      value: z.null(),
    },
    /** Enter or leave plan mode: at once when idle, at the running turn's next model request otherwise (mode.changed). */
    'session.setMode': { params: z.object({ sessionId: SessionId, mode: SessionMode }).strict(), value: z.null() },
    /** Summarise the conversation so far (between turns); `compaction.completed`, or an `error` saying why not, follows. */
    'session.compact': { params: z.object({ sessionId: SessionId }).strict(), value: z.null() },
    /** The person's answers to request_user_input's questions, by question id (several labels where allowed). */
    'session.answer': {
      params: z
        .object({
          sessionId: SessionId,
          callId: z.string().max(200),
          answers: z.record(
            z.string().max(64),
            z.union([z.string().max(10_000), z.array(z.string().max(200)).max(20)]),
          ),
        })
        .strict(),
      value: z.null(),
    },
    /**
     * A message typed while the agent works: delivered at the turn's next model request (prompt.steered), or with
     * `interrupt` the turn stops and it is the next prompt; idle, it is the next prompt now. `queued`: its id.
     */
    'session.steer': {
      params: z.object({ sessionId: SessionId, prompt: Prompt, interrupt: z.boolean().optional() }).strict(),
      value: z.object({ queued: z.string().nullable() }),
    },
    /** Take back a queued message before it is delivered. */
    'session.unsteer': {
      params: z.object({ sessionId: SessionId, steerId: z.string().max(80) }).strict(),
      value: z.null(),
    },
    /** Switch the session's model (its provider's) and reasoning effort from its next request; resume keeps it. */
    'session.setModel': {
      params: z
        .object({ sessionId: SessionId, model: ModelName, reasoningEffort: ReasoningEffort.optional() })
        .strict(),
      value: SessionStatus,
    },
    /** What an open session runs with now: model, effort, provider, window, sandbox and approval policy. */
    'session.status': { params: z.object({ sessionId: SessionId }).strict(), value: SessionStatus },
    /** Write the plan proposed at `turn` as the quick spec `.kiro/specs/<name>/`; an existing spec is refused. */
    'session.savePlanAsSpec': {
      params: z
        .object({ sessionId: SessionId, turn: z.number().int().nonnegative(), name: z.string().max(200) })
        .strict(),
      value: z.object({ name: z.string(), files: z.array(z.string()) }),
    },
  } as const satisfies RequestTable<SessionMethod>;
});
export type SessionRequests = ReturnType<typeof sessionRequests>;
