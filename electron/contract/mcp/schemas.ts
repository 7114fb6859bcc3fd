import { z } from 'zod';
import { lazy } from '../lazy';

/** An MCP server as the window shows it. Built on first use. */
export const mcpSchemas = lazy(() => {
  /** Server and tool names as config files spell them: bounded, so a hostile file cannot flood a request. */
  const McpName = z.string().min(1).max(200);

  const McpToolAnnotations = z.object({
    title: z.string().optional(),
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
  });

  const McpTool = z.object({
    name: z.string(),
    /** `mcp__<server>__<tool>`: the name the model sees. */
    qualifiedName: z.string(),
    description: z.string().optional(),
    /** Off by the window's switch, `disabled_tools` or `enabled_tools`: listed, never offered to the model. */
    enabled: z.boolean(),
    approvalMode: z.enum(['auto', 'prompt', 'writes', 'approve']),
    /** Whether a call waits for the person, by Codex's rules for the mode and the tool's hints. */
    asksApproval: z.boolean(),
    annotations: McpToolAnnotations.optional(),
  });

  const McpPrompt = z.object({
    name: z.string(),
    description: z.string().optional(),
    arguments: z.array(
      z.object({ name: z.string(), description: z.string().optional(), required: z.boolean().optional() }),
    ),
  });

  const McpResource = z.object({
    /** A resource's URI, or a template's URI template. */
    uri: z.string(),
    name: z.string(),
    description: z.string().optional(),
    mimeType: z.string().optional(),
    template: z.boolean(),
  });

  /**
   * How Trellis reaches the server: the command line it runs, or the URL it calls. Never header values, tokens or
   * environment values: those stay in Node.
   */
  const McpTransportSummary = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('stdio'), commandLine: z.string(), cwd: z.string().optional() }),
    z.object({ kind: z.literal('http'), url: z.string() }),
  ]);

  const McpServerInfo = z.object({
    name: z.string(),
    source: z.object({
      format: z.enum(['codex-toml', 'kiro-json']),
      scope: z.enum(['user', 'repository']),
      file: z.string(),
      line: z.number().int().positive().optional(),
    }),
    transport: McpTransportSummary,
    status: z.enum(['disabled', 'untrusted', 'starting', 'connected', 'failed', 'needs-auth']),
    /** The last failure, one sentence. */
    error: z.string().optional(),
    restarts: z.number().int().nonnegative(),
    tools: z.array(McpTool),
    prompts: z.array(McpPrompt),
    resources: z.array(McpResource),
  });

  /** A prompt's arguments as the small form filled them: bounded in number and size. */
  const McpPromptArguments = z
    .record(z.string().max(200), z.string().max(64 * 1024))
    .refine((args) => Object.keys(args).length <= 50, 'has more than 50 arguments');

  /** A resource the person attached to a message: Node reads it through the server, never the renderer. */
  const McpResourceRef = z.object({ server: McpName, uri: z.string().min(1).max(4096) }).strict();

  return {
    McpName,
    McpPromptArguments,
    McpResourceRef,
    McpToolAnnotations,
    McpTool,
    McpPrompt,
    McpResource,
    McpTransportSummary,
    McpServerInfo,
  };
});

type Schemas = ReturnType<typeof mcpSchemas>;
export type McpServerInfo = z.infer<Schemas['McpServerInfo']>;
export type McpToolSummary = z.infer<Schemas['McpTool']>;
export type McpPromptSummary = z.infer<Schemas['McpPrompt']>;
export type McpResourceSummary = z.infer<Schemas['McpResource']>;
export type McpResourceRef = z.infer<Schemas['McpResourceRef']>;
