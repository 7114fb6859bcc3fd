import type { ReactNode } from 'react';
import type { McpServerInfo } from '../../../electron/contract';
import type { useSession } from '../state/session-store';
import { compactSession } from './built-in/compact-command';
import { goalCommand } from './built-in/goal-command';
import { initAgentsDoc } from './built-in/init-command';
import { switchModel } from './built-in/model-command';
import { reviewLastTurn } from './built-in/review-command';
import { newSession, resumeSession } from './built-in/session-commands';
import { showStatus } from './built-in/status-command';
import { planCommand } from './built-in/plan-command';

/** A field of the small form a command or a resource template asks for before it runs. */
export interface FormField {
  name: string;
  description?: string;
  required: boolean;
}

/** What a built-in command may use when it runs; the renderer is untrusted, so anything real is a contract request. */
export interface BuiltInContext {
  /** The session store: the shown session's id, its settings and usage, and its requests (send, resume…). */
  session: typeof useSession;
  /** The whole message as the person typed it (`/goal  fix it --budget 9`), for commands that parse it themselves. */
  text: string;
  /** Replace the message (a command that needs more typing leaves `/name ` there). */
  setPrompt(text: string): void;
  /** Show a card above the message (a status, a choice); null takes it away. */
  showCard(card: ReactNode | null): void;
}

/**
 * A command built into the prompt box. `args` is the rest of the line after `/name`, trimmed (empty when none); it
 * returns null when done, or a sentence the prompt box shows as a notice (a refusal, a usage hint). The message is
 * cleared when it returns null, unless run set it itself.
 */
export type BuiltInRun = (args: string, ctx: BuiltInContext) => Promise<string | null> | string | null;

/** What choosing a command does: fill the message with an MCP prompt, or run a built-in command. */
export type CommandAction =
  | { kind: 'mcp-prompt'; server: string; prompt: string }
  | {
      kind: 'built-in';
      /** What may follow the name (`[objective] [--budget TOKENS]`); choosing the command then waits for it to be typed. */
      argumentHint?: string;
      run: BuiltInRun;
    };

/** One `/command` of the prompt box, from whichever source offers it. */
export interface Command {
  /** What the person types after `/`. */
  name: string;
  description?: string;
  /** Where it comes from, shown beside it ("MCP everything"). */
  source: string;
  /** Asked for in a small form before it runs; none: it runs at once. */
  fields: FormField[];
  action: CommandAction;
}

/** A resource, or a resource template, the person may attach with `@`. */
export interface ResourceChoice {
  server: string;
  name: string;
  /** The resource's URI, or a template's URI template. */
  uri: string;
  description?: string;
  /** A template's variables, filled by the small form; empty for a plain resource. */
  fields: FormField[];
}

/** A built-in command's entry: its name, what it does, and how it runs. */
function builtIn(name: string, description: string, run: BuiltInRun, argumentHint?: string): Command {
  return { name, description, source: 'Trellis', fields: [], action: { kind: 'built-in', argumentHint, run } };
}

/** The built-in commands, listed before MCP prompts; each slice of issue 16 adds its own line. */
const BUILT_IN: Command[] = [
  builtIn('new', 'Start a new session in this workspace', newSession),
  builtIn('resume', 'Resume an earlier session of this workspace', resumeSession, '[title or id]'),
  builtIn(
    'goal',
    'Pursue an objective over many turns, within a token budget; alone: its status',
    goalCommand,
    '[objective] [--budget TOKENS] | pause | resume | clear',
  ),
  builtIn('compact', 'Summarise the conversation so far to free the context window', compactSession),
  builtIn('model', 'Switch the model and reasoning effort of this session', switchModel, '[model [effort]]'),
  builtIn('status', 'Model, sandbox, approval policy, tokens and context used', showStatus),
  builtIn('review', "Open the last turn's changes in the review pane", reviewLastTurn),
  builtIn('init', 'Ask the agent to write an AGENTS.md for this repository', initAgentsDoc),
  builtIn(
    'plan',
    'Plan mode on or off: the agent proposes a plan and changes nothing; /plan TASK plans TASK',
    planCommand,
  ),
];

/** Every command the prompt box offers: the built-in ones, then each connected server's prompts. */
export function promptBoxCommands(servers: readonly McpServerInfo[]): Command[] {
  return [...BUILT_IN, ...servers.flatMap(mcpPromptCommands)];
}

function mcpPromptCommands(server: McpServerInfo): Command[] {
  if (server.status !== 'connected') return [];
  return server.prompts.map((prompt) => ({
    name: `mcp__${server.name}__${prompt.name}`,
    description: prompt.description,
    source: `MCP ${server.name}`,
    fields: prompt.arguments.map((a) => ({ name: a.name, description: a.description, required: a.required ?? false })),
    action: { kind: 'mcp-prompt', server: server.name, prompt: prompt.name },
  }));
}

/** The resources and templates of every connected server. */
export function resourceChoices(servers: readonly McpServerInfo[]): ResourceChoice[] {
  return servers
    .filter((s) => s.status === 'connected')
    .flatMap((server) =>
      server.resources.map((r) => ({
        server: server.name,
        name: r.name,
        uri: r.uri,
        description: r.description,
        fields: r.template ? templateVariables(r.uri).map((name) => ({ name, required: true })) : [],
      })),
    );
}

/**
 * The entries matching what the person typed, case-insensitively: those whose name starts with it first, then
 * those that contain it in the name or the description, each group in the source's order.
 */
export function filterEntries<T extends { name: string; description?: string; uri?: string }>(
  entries: readonly T[],
  query: string,
): T[] {
  const q = query.toLowerCase();
  const starts = entries.filter((e) => e.name.toLowerCase().startsWith(q));
  const contains = entries.filter(
    (e) =>
      !starts.includes(e) && [e.name, e.description ?? '', e.uri ?? ''].some((text) => text.toLowerCase().includes(q)),
  );
  return [...starts, ...contains];
}

/** The variables of an RFC 6570 URI template, in order, each once: `{id}`, `{+path}`, `{?a,b}`. */
export function templateVariables(template: string): string[] {
  const names = [...template.matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
    m[1]
      .replace(/^[+#./;?&]/, '')
      .split(',')
      .map((v) => v.replace(/(\*|:\d+)$/, '').trim())
      .filter(Boolean),
  );
  return [...new Set(names)];
}

/** A template's URI with its variables filled (RFC 6570 level 1–3 operators); Node checks it fits the template. */
export function expandTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]*)\}/g, (_, body: string) => {
    const operator = /^[+#./;?&]/.test(body) ? body[0] : '';
    const names = (operator ? body.slice(1) : body).split(',').map((v) => v.replace(/(\*|:\d+)$/, '').trim());
    const given = names.filter((n) => values[n] !== undefined && values[n] !== '');
    const encode = operator === '+' || operator === '#' ? encodeURI : encodeURIComponent;
    if (operator === '?' || operator === '&' || operator === ';') {
      const separator = operator === ';' ? ';' : '&';
      const pairs = given.map((n) => `${n}=${encode(values[n])}`);
      return pairs.length ? operator + pairs.join(separator) : '';
    }
    const parts = given.map((n) => encode(values[n]));
    if (!parts.length) return '';
    const prefix = operator === '+' ? '' : operator;
    const joiner = operator === '.' || operator === '/' ? operator : ',';
    return prefix + parts.join(joiner);
  });
}

/** `/name rest` at the start of the message: the command's name, or null for a message that is no command. */
export function typedCommand(text: string): string | null {
  return parseCommandLine(text)?.name ?? null;
}

/** `/name rest of the line` split into the name and its arguments (trimmed, lines kept); null when it is no command. */
export function parseCommandLine(text: string): { name: string; args: string } | null {
  // A path ("/usr/bin/env is missing") is not a command: a command's name holds no slash.
  const match = /^\/([A-Za-z][\w.-]*)(?=\s|$)([\s\S]*)$/.exec(text.trimStart());
  return match ? { name: match[1], args: match[2].trim() } : null;
}

/** What the person is completing at the caret: `/` at the start of the message, or an `@` word. */
export type Completion = { kind: 'command'; query: string } | { kind: 'resource'; query: string; start: number };

export function completionAt(text: string, caret: number): Completion | null {
  const before = text.slice(0, caret);
  const command = /^\/([\w.-]*)$/.exec(before);
  if (command) return { kind: 'command', query: command[1] };
  const mention = /(^|\s)@([^\s@]*)$/.exec(before);
  if (mention) return { kind: 'resource', query: mention[2], start: caret - mention[2].length - 1 };
  return null;
}
