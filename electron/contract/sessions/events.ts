import { z } from 'zod';
import { changeSchemas } from '../changes/schemas';
import { lazy } from '../lazy';

/**
 * The session log's events: one schema for the JSONL file on disk, the
 * contract's session events, and `trellis exec --json`. Bump the version
 * when a change is not backward compatible; readers skip unknown types.
 */
export const SESSION_LOG_VERSION = 1;

export const ZERO_USAGE = {
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  costUsd: 0,
} satisfies Usage as Usage;

/** Built on first use: writing a log needs no schema, only reading one back (resume) or checking an event does. */
export const sessionEventSchemas = lazy(() => {
  const { ReviewFile, FileDecision, ReviewComment, ReviewOutcomeFile } = changeSchemas();

  const Usage = z.object({
    inputTokens: z.number().int().nonnegative(),
    cachedInputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    reasoningTokens: z.number().int().nonnegative(),
    costUsd: z.number().nonnegative(),
  });

  /**
   * What the model reads beside the prompt: an MCP resource's content (bounded text, a binary part as a
   * placeholder), or a repository file the person mentioned with `@` (kind 'file', its path relative to the root).
   */
  const TurnAttachment = z.union([
    z.object({ server: z.string(), uri: z.string(), name: z.string(), text: z.string() }),
    z.object({ kind: z.literal('file'), path: z.string(), text: z.string() }),
  ]);

  const PlanStep = z.object({
    step: z.string(),
    status: z.enum(['pending', 'in_progress', 'completed']),
  });

  const FileChange = z.object({
    path: z.string(),
    kind: z.enum(['add', 'update', 'delete']),
    movedFrom: z.string().optional(),
  });

  /** MCP tool annotations as the server declares them (hints, not guarantees: a server can lie). */
  const McpToolAnnotations = z.object({
    title: z.string().optional(),
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
  });
  /** One call of an MCP tool: the server's name, the tool's own name on that server, and the arguments as JSON text. */
  const McpCall = z.object({ server: z.string(), tool: z.string(), arguments: z.string() });

  /** Which hook ran: its name, file, format and the event it ran for. */
  const HookRef = z.object({
    hook: z.string(),
    file: z.string(),
    format: z.enum(['codex-json', 'codex-toml', 'kiro-hook', 'kiro-v1', 'kiro-agent']),
    event: z.string(),
  });

  const turn = z.number().int().nonnegative();
  const callId = z.string();
  const tokens = z.number().int().nonnegative();

  /** One question of request_user_input (Codex's shape): choices to pick from, or none for a short answer. */
  const Question = z.object({
    id: z.string(),
    /** A short title for the question (a few words). */
    header: z.string().optional(),
    question: z.string(),
    options: z.array(z.object({ label: z.string(), description: z.string().optional() })).optional(),
    /** Several options may be picked. */
    multiple: z.boolean().optional(),
  });

  /** A session goal's state: pursued by continuation turns while active; the others stop them. */
  const GoalState = z.enum(['active', 'paused', 'budget-reached', 'complete', 'blocked', 'cleared']);

  /** The event payloads, without the envelope every logged event carries. */
  const SessionEventBody = z.discriminatedUnion('type', [
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
     * `workflow` an instruction Trellis wrote (a spec stage's prompt), shown folded as a step, never as the person's;
     * `goal` a continuation turn Trellis started to pursue the session's goal (also folded); `hook` an agent hook's
     * prompt (a file or manual hook: the repository's words, never shown as the person's).
     */
    z.object({
      type: z.literal('turn.started'),
      turn,
      prompt: z.string(),
      origin: z.enum(['person', 'workflow', 'goal', 'hook']).optional(),
      /** MCP resources and files attached to the prompt, with the text Node read (resume rebuilds it). */
      attachments: z.array(TurnAttachment).optional(),
      /**
       * What hooks gave the model beside the prompt (SessionStart's and UserPromptSubmit's context, an agent hook's
       * prompt): sent after it as its own user message, and rebuilt on resume.
       */
      context: z.string().optional(),
    }),
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
      changes: z.array(FileChange),
      error: z.string().optional(),
    }),
    z.object({
      type: z.literal('plan.updated'),
      turn,
      callId,
      explanation: z.string().optional(),
      steps: z.array(PlanStep),
    }),
    z.object({
      type: z.literal('approval.requested'),
      turn,
      callId,
      command: z.string(),
      cwd: z.string(),
      reason: z.string().optional(),
      /** What is asked for: running a command (absent, the default), writing a patch the sandbox would refuse, or calling an MCP tool. */
      subject: z.enum(['command', 'patch', 'mcp-tool']).optional(),
      /** For an MCP tool: which server and tool, what the server says of the tool, and the arguments (JSON text). */
      mcp: McpCall.extend({ annotations: McpToolAnnotations.optional() }).optional(),
      /** false: "for this session" is not offered, as the answer is never remembered (an MCP tool in `prompt` mode). */
      rememberable: z.boolean().optional(),
    }),
    z.object({
      type: z.literal('approval.decided'),
      turn,
      callId,
      decision: z.enum(['approved', 'approved-for-session', 'denied']),
    }),
    /** A patch held back for the person's review (edits reviewed before they are written). */
    z.object({ type: z.literal('review.requested'), turn, callId, files: z.array(ReviewFile) }),
    /** The person's answer and what was written: `outcome` is absent when nothing could be applied (`error` says why). */
    z.object({
      type: z.literal('review.decided'),
      turn,
      callId,
      decisions: z.record(z.string(), FileDecision),
      comments: z.array(ReviewComment),
      outcome: z.array(ReviewOutcomeFile).optional(),
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
    /** An MCP server's tool began to run for a tool call (after any approval). */
    z.object({ type: z.literal('mcp.call.started'), turn, callId, ...McpCall.shape }),
    /** How it ended: `output` is the text the model got back (also in tool.result); `isError` as the server said, or a transport failure. */
    z.object({
      type: z.literal('mcp.call.completed'),
      turn,
      callId,
      ...McpCall.shape,
      durationMs: z.number(),
      isError: z.boolean(),
      output: z.string(),
    }),
    /** An MCP server's state as this session saw it change (started, failed, skipped because untrusted, restarted). */
    z.object({
      type: z.literal('mcp.server'),
      server: z.string(),
      state: z.enum(['starting', 'connected', 'failed', 'needs-auth', 'disabled', 'untrusted']),
      error: z.string().optional(),
      tools: z.number().int().nonnegative().optional(),
    }),
    /** A hook began to run for an event of the session (the hook's name, its file and format, the event). */
    z.object({
      type: z.literal('hook.started'),
      runId: z.string(),
      ...HookRef.shape,
      turn: turn.optional(),
      /** Codex `statusMessage`: what the window shows while the hook runs. */
      statusMessage: z.string().optional(),
    }),
    /** How it ended: blocked (with the reason the model got), failed (shown to the person), or completed; its output folded. */
    z.object({
      type: z.literal('hook.completed'),
      runId: z.string(),
      ...HookRef.shape,
      turn: turn.optional(),
      status: z.enum(['completed', 'blocked', 'failed']),
      durationMs: z.number(),
      exitCode: z.number().int().nullable(),
      reason: z.string().optional(),
      systemMessage: z.string().optional(),
      output: z.string(),
      /** Codex `suppressOutput`: the transcript keeps the output folded, with no preview. */
      suppressOutput: z.boolean().optional(),
    }),
    /**
     * The session entered or left plan mode (commands read-only, no patches, until the person approves a plan). The
     * model is told of each change in the conversation, and resume rebuilds it from this event.
     */
    z.object({ type: z.literal('mode.changed'), mode: z.enum(['default', 'plan']) }),
    /** The plan the agent proposed at the end of a plan-mode turn (Codex's `<proposed_plan>`), as Markdown. */
    z.object({ type: z.literal('plan.proposed'), turn, plan: z.string() }),
    /** The session's goal as it changed (set, paused, resumed, complete, blocked, budget reached, cleared). */
    z.object({
      type: z.literal('goal.updated'),
      objective: z.string(),
      /** Tokens the goal may spend; null: no budget of its own (`[budgets]` still apply). */
      tokenBudget: tokens.nullable(),
      tokensUsed: tokens,
      state: GoalState,
      /** Why, in the model's or the person's words (update_goal's reason, "interrupted", the budget reached). */
      note: z.string().optional(),
      /** When the objective was set (ISO 8601): the goal's elapsed time counts from here. */
      setAt: z.string().optional(),
    }),
    /**
     * The conversation so far was summarised by the model: from here on the summary replaces what came before in
     * what is sent. The log keeps every earlier event; resume rebuilds the same compacted context from this one.
     */
    z.object({
      type: z.literal('compaction.completed'),
      turn: turn.optional(),
      trigger: z.enum(['manual', 'auto']),
      summary: z.string(),
      tokensBefore: tokens,
      tokensAfter: tokens,
      /** The session's usage with the summary request's: resume keeps its cost when no turn followed it. */
      sessionUsage: Usage.optional(),
    }),
    /** The agent asked the person (request_user_input); the answers go back as this call's tool.result. */
    z.object({ type: z.literal('input.requested'), turn, callId, questions: z.array(Question).min(1) }),
    /** A message the person typed while the agent worked, delivered at the turn's next model request (steer). */
    z.object({ type: z.literal('prompt.steered'), turn, prompt: z.string() }),
    /** What went back to the model for a tool call: the conversation is rebuilt from these on resume. */
    z.object({ type: z.literal('tool.result'), turn, callId, output: z.string(), isError: z.boolean() }),
    /** The person switched the session's model (/model): its next requests go to this one, with this effort. */
    z.object({ type: z.literal('model.changed'), model: z.string(), reasoningEffort: z.string().optional() }),
    /** `contextTokens`: what the turn's last request held (input and output), the context in use after it. */
    z.object({
      type: z.literal('turn.completed'),
      turn,
      usage: Usage,
      sessionUsage: Usage,
      contextTokens: z.number().int().nonnegative().optional(),
    }),
    z.object({
      type: z.literal('turn.failed'),
      turn,
      error: z.string(),
      /** `hook`: a hook answered `"continue": false`; the error is its stopReason. */
      reason: z.enum(['error', 'interrupted', 'budget', 'hook']),
    }),
    z.object({
      type: z.literal('error'),
      message: z.string(),
      willRetry: z.boolean(),
      /** What the message is about when the window offers a way to act on it (a repository's hooks not trusted). */
      about: z.enum(['untrusted-hooks']).optional(),
    }),
  ]);

  const SessionEventEnvelope = z.object({
    v: z.literal(SESSION_LOG_VERSION),
    session: z.string(),
    seq: z.number().int().nonnegative(),
    ts: z.string(),
  });

  return { Usage, PlanStep, FileChange, TurnAttachment, Question, GoalState, SessionEventBody, SessionEventEnvelope };
});

type Schemas = ReturnType<typeof sessionEventSchemas>;
export type Usage = z.infer<Schemas['Usage']>;
export type PlanStep = z.infer<Schemas['PlanStep']>;
export type TurnAttachment = z.infer<Schemas['TurnAttachment']>;
export type UserQuestion = z.infer<Schemas['Question']>;
export type GoalState = z.infer<Schemas['GoalState']>;
export type SessionEventBody = z.infer<Schemas['SessionEventBody']>;
export type SessionEvent = z.infer<Schemas['SessionEventEnvelope']> & SessionEventBody;
export type SessionEventOf<T extends SessionEventBody['type']> = Extract<SessionEvent, { type: T }>;

/** A whole logged event: the envelope and one of the bodies. */
export const sessionEventSchema = lazy(() => {
  const { SessionEventEnvelope, SessionEventBody } = sessionEventSchemas();
  return z.intersection(SessionEventEnvelope, SessionEventBody) as unknown as z.ZodType<SessionEvent>;
});
