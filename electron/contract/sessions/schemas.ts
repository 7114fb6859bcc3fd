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

  /** The settings a new session of the workspace starts with (config.toml), as the window shows them. */
  const SessionSettings = z.object({
    approvalPolicy: z.string(),
    sandboxMode: z.string(),
    /** Why "Review edits before they are written" cannot be switched off (the approval policy), or null. */
    reviewEditsForcedBy: z.string().nullable(),
  });

  /** A repository file mentioned with `@`: a path relative to the workspace root, which Node reads and checks. */
  const FileRef = z.object({ file: z.string().min(1).max(4096) }).strict();

  /** `plan`: the agent explores and proposes a plan; Trellis keeps it from changing anything until the person approves. */
  const SessionMode = z.enum(['default', 'plan']);

  return { SessionId, SessionSummary, ApprovalDecision, Prompt, SessionSettings, FileRef, SessionMode };
});

type Schemas = ReturnType<typeof sessionSchemas>;
export type SessionSummaryInfo = z.infer<Schemas['SessionSummary']>;
export type SessionSettings = z.infer<Schemas['SessionSettings']>;
export type FileRef = z.infer<Schemas['FileRef']>;
