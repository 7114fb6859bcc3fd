import { z } from 'zod';
import { SpecKindSchema, SpecWorkflowSchema } from './specs';
import { ReviewAnswerSchema, ReviewFileTextsSchema } from './review';
import { SessionEventSchema, UsageSchema } from './session-events';
import { WorkspaceIdSchema } from './workspace';

export const SessionIdSchema = z.string().min(1).max(80).regex(/^[\w.-]+$/);

export const SessionSummarySchema = z.object({
  id: z.string(),
  cwd: z.string().nullable(),
  model: z.string().nullable(),
  title: z.string().nullable(),
  startedAt: z.string().nullable(),
});
export type SessionSummaryInfo = z.infer<typeof SessionSummarySchema>;

export const ApprovalDecisionSchema = z.enum(['approved', 'approved-for-session', 'denied']);

/** The longest prompt a person may send (a pasted file or log fits); README documents it. */
export const MAX_PROMPT_CHARS = 4 * 1024 * 1024;
const PromptSchema = z
  .string()
  .min(1)
  .max(MAX_PROMPT_CHARS, `is longer than ${MAX_PROMPT_CHARS.toLocaleString('en-US')} characters, the most a prompt may be; put the text in a file in the repository and name the file instead`);

/** The settings a new session of the workspace starts with (config.toml), as the window shows them. */
export const SessionSettingsSchema = z.object({
  approvalPolicy: z.string(),
  sandboxMode: z.string(),
  /** Why "Review edits before they are written" cannot be switched off (the approval policy), or null. */
  reviewEditsForcedBy: z.string().nullable(),
});
export type SessionSettings = z.infer<typeof SessionSettingsSchema>;

export const SESSION_REQUESTS = {
  'session.list': { params: z.object({ workspaceId: WorkspaceIdSchema }).strict(), value: z.array(SessionSummarySchema) },
  'session.settings': { params: z.object({ workspaceId: WorkspaceIdSchema }).strict(), value: SessionSettingsSchema },
  /** Start a session in the workspace and run its first prompt; events follow. */
  'session.start': {
    params: z.object({ workspaceId: WorkspaceIdSchema, prompt: PromptSchema, reviewEdits: z.boolean().optional() }).strict(),
    value: z.object({ sessionId: z.string() }),
  },
  'session.send': {
    params: z.object({ sessionId: SessionIdSchema, prompt: PromptSchema }).strict(),
    value: z.null(),
  },
  /** Reopen a logged session: its events so far, then new ones as they come. */
  'session.resume': {
    params: z.object({ workspaceId: WorkspaceIdSchema, sessionId: SessionIdSchema }).strict(),
    value: z.object({ sessionId: z.string(), events: z.array(SessionEventSchema) }),
  },
  /** The person's answer to a `review.requested` patch: which hunks to write, and comments for the agent. */
  'session.review': {
    params: z.object({ sessionId: SessionIdSchema, callId: z.string().max(200), answer: ReviewAnswerSchema }).strict(),
    value: z.null(),
  },
  /** Both sides of a file in a pending review, for the diff editor. */
  'session.reviewFile': {
    params: z.object({ sessionId: SessionIdSchema, callId: z.string().max(200), path: z.string().max(4096) }).strict(),
    value: ReviewFileTextsSchema,
  },
  /** Hold the agent's edits for review before they are written (always on under `untrusted`). */
  'session.setReviewEdits': {
    params: z.object({ sessionId: SessionIdSchema, on: z.boolean() }).strict(),
    value: z.null(),
  },
  'session.undoTurn': { params: z.object({ sessionId: SessionIdSchema, turn: z.number().int().nonnegative() }).strict(), value: z.null() },
  'session.redoTurn': { params: z.object({ sessionId: SessionIdSchema, turn: z.number().int().nonnegative() }).strict(), value: z.null() },
  /** Create a spec and have the agent write its documents, stage by stage (gated unless quick); events follow. */
  'specs.startWorkflow': {
    params: z
      .object({
        workspaceId: WorkspaceIdSchema,
        name: z.string().min(1).max(100),
        kind: SpecKindSchema,
        workflow: SpecWorkflowSchema,
        description: z.string().min(1).max(50_000),
      })
      .strict(),
    value: z.object({ sessionId: z.string() }),
  },
  /** The person's decision on the stage waiting for approval. */
  'specs.decide': {
    params: z
      .object({ sessionId: SessionIdSchema, decision: z.enum(['approve', 'request-changes', 'regenerate']), comments: z.string().max(50_000).optional() })
      .strict(),
    value: z.null(),
  },
  'session.interrupt': { params: z.object({ sessionId: SessionIdSchema }).strict(), value: z.null() },
  'session.approve': {
    params: z.object({ sessionId: SessionIdSchema, callId: z.string().max(200), decision: ApprovalDecisionSchema }).strict(),
    value: z.null(),
  },
} as const;

export const SessionStateSchema = z.object({
  running: z.boolean(),
  usage: UsageSchema,
});
