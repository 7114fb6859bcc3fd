import { z } from 'zod';
import { FileDecisionSchema, ReviewCommentSchema, ReviewFileSchema, ReviewOutcomeFileSchema } from './review';

/**
 * The session log's events: one schema for the JSONL file on disk, the
 * contract's session events, and `trellis exec --json`. Bump the version
 * when a change is not backward compatible; readers skip unknown types.
 */
export const SESSION_LOG_VERSION = 1;

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;
export const ZERO_USAGE: Usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, costUsd: 0 };

export const PlanStepSchema = z.object({
  step: z.string(),
  status: z.enum(['pending', 'in_progress', 'completed']),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const FileChangeSchema = z.object({
  path: z.string(),
  kind: z.enum(['add', 'update', 'delete']),
  movedFrom: z.string().optional(),
});

const turn = z.number().int().nonnegative();
const callId = z.string();

/** The event payloads, without the envelope every logged event carries. */
export const SessionEventBodySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('session.started'),
    cwd: z.string(),
    model: z.string(),
    provider: z.string(),
    sandbox: z.string(),
    approval: z.string(),
    source: z.enum(['exec', 'window', 'crew']),
    resumedFrom: z.string().optional(),
  }),
  /**
   * `origin` says whose text the prompt is: absent (as in every log written before it existed) the person's own;
   * `workflow` an instruction Trellis wrote (a spec stage's prompt), shown folded as a step, never as the person's.
   */
  z.object({ type: z.literal('turn.started'), turn, prompt: z.string(), origin: z.enum(['person', 'workflow']).optional() }),
  z.object({ type: z.literal('message.delta'), turn, itemId: z.string(), text: z.string() }),
  z.object({ type: z.literal('message.completed'), turn, itemId: z.string(), text: z.string() }),
  z.object({
    type: z.literal('tool.call'),
    turn,
    callId,
    tool: z.string(),
    /** Raw arguments as the model sent them (JSON text, or the freeform input). */
    input: z.string(),
    kind: z.enum(['function', 'custom']),
  }),
  z.object({ type: z.literal('exec.started'), turn, callId, command: z.string(), cwd: z.string() }),
  z.object({ type: z.literal('exec.output'), turn, callId, stream: z.enum(['stdout', 'stderr']), chunk: z.string() }),
  z.object({
    type: z.literal('exec.completed'),
    turn,
    callId,
    command: z.string(),
    cwd: z.string(),
    exitCode: z.number().int().nullable(),
    durationMs: z.number(),
    /** Combined output as sent to the model (head and tail kept when long). */
    output: z.string(),
    timedOut: z.boolean(),
    declined: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('patch.applied'),
    turn,
    callId,
    success: z.boolean(),
    changes: z.array(FileChangeSchema),
    error: z.string().optional(),
  }),
  z.object({ type: z.literal('plan.updated'), turn, callId, explanation: z.string().optional(), steps: z.array(PlanStepSchema) }),
  z.object({
    type: z.literal('approval.requested'),
    turn,
    callId,
    command: z.string(),
    cwd: z.string(),
    reason: z.string().optional(),
    /** What is asked for: running a command (absent, the default), or writing a patch the sandbox would refuse. */
    subject: z.enum(['command', 'patch']).optional(),
  }),
  z.object({
    type: z.literal('approval.decided'),
    turn,
    callId,
    decision: z.enum(['approved', 'approved-for-session', 'denied']),
  }),
  /** A patch held back for the person's review (edits reviewed before they are written). */
  z.object({ type: z.literal('review.requested'), turn, callId, files: z.array(ReviewFileSchema) }),
  /** The person's answer and what was written: `outcome` is absent when nothing could be applied (`error` says why). */
  z.object({
    type: z.literal('review.decided'),
    turn,
    callId,
    decisions: z.record(z.string(), FileDecisionSchema),
    comments: z.array(ReviewCommentSchema),
    outcome: z.array(ReviewOutcomeFileSchema).optional(),
    error: z.string().optional(),
  }),
  /** The working tree as the turn found it, kept as a private git ref (undo, review of the turn's changes). */
  z.object({ type: z.literal('checkpoint.created'), turn, commit: z.string(), ref: z.string() }),
  /** A spec workflow began: the person's idea, in their words (the session's title; the stage prompts are Trellis's). */
  z.object({
    type: z.literal('spec.started'),
    spec: z.string(),
    kind: z.enum(['feature', 'bugfix']),
    workflow: z.enum(['requirements-first', 'design-first', 'quick']),
    idea: z.string(),
  }),
  /** A spec workflow's stage: being written, written and waiting for the person, approved, or failed. */
  z.object({
    type: z.literal('spec.stage'),
    spec: z.string(),
    stage: z.enum(['requirements', 'bugfix', 'design', 'tasks']),
    state: z.enum(['writing', 'awaiting-approval', 'approved', 'failed']),
    file: z.string(),
    error: z.string().optional(),
  }),
  /** The person's decision on a stage; an approval names the document's sha256 it approved. */
  z.object({
    type: z.literal('spec.decision'),
    spec: z.string(),
    stage: z.enum(['requirements', 'bugfix', 'design', 'tasks']),
    decision: z.enum(['approve', 'request-changes', 'regenerate']),
    comments: z.string().optional(),
    sha256: z.string().optional(),
  }),
  /** What went back to the model for a tool call: the conversation is rebuilt from these on resume. */
  z.object({ type: z.literal('tool.result'), turn, callId, output: z.string(), isError: z.boolean() }),
  z.object({ type: z.literal('turn.completed'), turn, usage: UsageSchema, sessionUsage: UsageSchema }),
  z.object({ type: z.literal('turn.failed'), turn, error: z.string(), reason: z.enum(['error', 'interrupted', 'budget']) }),
  z.object({ type: z.literal('error'), message: z.string(), willRetry: z.boolean() }),
]);
export type SessionEventBody = z.infer<typeof SessionEventBodySchema>;

export const SessionEventEnvelopeSchema = z.object({
  v: z.literal(SESSION_LOG_VERSION),
  session: z.string(),
  seq: z.number().int().nonnegative(),
  ts: z.string(),
});

export type SessionEvent = z.infer<typeof SessionEventEnvelopeSchema> & SessionEventBody;
export type SessionEventOf<T extends SessionEventBody['type']> = Extract<SessionEvent, { type: T }>;

export const SessionEventSchema = z.intersection(SessionEventEnvelopeSchema, SessionEventBodySchema) as unknown as z.ZodType<SessionEvent>;
