import { z } from 'zod';
import { lazy } from '../lazy';

/** The longest prompt a person may send (a pasted file or log fits); README documents it. */
export const MAX_PROMPT_CHARS = 4 * 1024 * 1024;

/** Agent sessions as the window lists and starts them. Built on first use. */
export const sessionSchemas = lazy(() => {
  const SessionId = z
    .string()
    .min(1)
    .max(80)
    .regex(/^[\w.-]+$/);

  const SessionSummary = z.object({
    id: z.string(),
    cwd: z.string().nullable(),
    model: z.string().nullable(),
    title: z.string().nullable(),
    startedAt: z.string().nullable(),
  });

  const ApprovalDecision = z.enum(['approved', 'approved-for-session', 'denied']);

  const Prompt = z
    .string()
    .min(1)
    .max(
      MAX_PROMPT_CHARS,
      `is longer than ${MAX_PROMPT_CHARS.toLocaleString('en-US')} characters, the most a prompt may be; put the text in a file in the repository and name the file instead`,
    );

  /** What a session runs with, for /status and the context meter: its model (as /model left it) and its limits. */
  const SessionStatus = z.object({
    model: z.string(),
    reasoningEffort: z.string().nullable(),
    provider: z.string(),
    /** The tokens one request to the model may hold. */
    contextWindowTokens: z.number().int().positive(),
    sandboxMode: z.string(),
    approvalPolicy: z.string(),
  });

  /** The settings a new session of the workspace starts with (config.toml), as the window shows them. */
  const SessionSettings = z.object({
    approvalPolicy: z.string(),
    sandboxMode: z.string(),
    /** Why "Review edits before they are written" cannot be switched off (the approval policy), or null. */
    reviewEditsForcedBy: z.string().nullable(),
    /** The model a new session starts on (null: config.toml names none for its provider), and what it holds. */
    model: z.string().nullable(),
    reasoningEffort: z.string().nullable(),
    provider: z.string(),
    contextWindowTokens: z.number().int().positive(),
    /** Models /model offers for the provider (any other name may be typed). */
    models: z.array(z.string()),
  });

  /** A model name as /model takes it: what config.toml's `model` holds, never a path or a command. */
  const ModelName = z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w.:/@+-]+$/, 'is not a model name (letters, digits and . : / @ + - _ only)');
  const ReasoningEffort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

  /** A repository file mentioned with `@`: a path relative to the workspace root, which Node reads and checks. */
  const FileRef = z.object({ file: z.string().min(1).max(4096) }).strict();

  /** `plan`: the agent explores and proposes a plan; Trellis keeps it from changing anything until the person approves. */
  const SessionMode = z.enum(['default', 'plan']);

  return {
    SessionId,
    SessionSummary,
    ApprovalDecision,
    Prompt,
    SessionSettings,
    SessionStatus,
    ModelName,
    ReasoningEffort,
    FileRef,
    SessionMode,
  };
});

type Schemas = ReturnType<typeof sessionSchemas>;
export type SessionSummaryInfo = z.infer<Schemas['SessionSummary']>;
export type SessionSettings = z.infer<Schemas['SessionSettings']>;
export type FileRef = z.infer<Schemas['FileRef']>;
export type SessionStatus = z.infer<Schemas['SessionStatus']>;
export type ReasoningEffort = z.infer<Schemas['ReasoningEffort']>;
