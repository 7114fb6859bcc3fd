import { z } from 'zod';
import { lazy } from '../lazy';

/** A hook as the window shows it. Built on first use. */
export const hooksSchemas = lazy(() => {
  /** A hook's id as the list gave it (file and position): bounded, so a request cannot flood Node. */
  const HookId = z.string().min(1).max(4096);

  const HookInfo = z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    source: z.object({
      format: z.enum(['codex-json', 'codex-toml', 'kiro-hook', 'kiro-v1', 'kiro-agent']),
      scope: z.enum(['user', 'repository']),
      /** Absolute path of the file. */
      file: z.string(),
      /** The repository's files: the path relative to the workspace, to open in the file viewer. */
      relative: z.string().optional(),
      /** Where in the file: `PreToolUse[0].hooks[1]`, `hooks[2]`, or empty for a one-hook file. */
      position: z.string(),
    }),
    event: z.string(),
    matcher: z.string().optional(),
    patterns: z.array(z.string()).optional(),
    toolTypes: z.array(z.string()).optional(),
    /** The command line or the agent's prompt exactly as written (hooks carry no secret values). */
    action: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('command'), command: z.string(), timeoutMs: z.number() }),
      z.object({ kind: z.literal('agent'), prompt: z.string() }),
    ]),
    /** May run: the person's own, or the repository's trusted as a whole or this hook as it is now. */
    trusted: z.boolean(),
    /** Switched on (where it is defined, and in the person's `[hooks.state]`); shown apart from trust. */
    enabled: z.boolean(),
    /** A Manual / userTriggered hook: a button runs it. */
    manual: z.boolean(),
  });

  const HookList = z.object({
    hooks: z.array(HookInfo),
    /** One line per file or entry that could not be read: the file and what is wrong. */
    diagnostics: z.array(z.string()),
    /** The repository's trust (null: no repository): a hook of an untrusted one needs the repository trusted first. */
    repositoryTrust: z.enum(['trusted', 'changed', 'untrusted']).nullable(),
  });

  /** How a manual hook's run ended, for the pane (what it printed, folded). */
  const HookRunResult = z.object({
    id: z.string(),
    status: z.enum(['completed', 'blocked', 'failed', 'sent']),
    durationMs: z.number(),
    exitCode: z.number().nullable(),
    output: z.string(),
    message: z.string().optional(),
  });

  return { HookId, HookInfo, HookList, HookRunResult };
});

type Schemas = ReturnType<typeof hooksSchemas>;
export type HookInfo = z.infer<Schemas['HookInfo']>;
export type HookList = z.infer<Schemas['HookList']>;
export type HookRunResult = z.infer<Schemas['HookRunResult']>;
