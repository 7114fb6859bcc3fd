import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { MAX_PROMPT_CHARS } from '../../contract';
import { ExpectedFailure } from '../errors/expected-failure';
import { contentText } from './mcp-result-text';
import type { McpManager } from './mcp-types';

type PromptMessage = GetPromptResult['messages'][number];

/**
 * A prompt's messages as the one message the person sends: text as text, an embedded resource's text under its
 * URI, images, audio and binary resources as a placeholder naming their type. Messages of the assistant's role are
 * marked, since the person sends them all as their own; the result fits a prompt (what was cut is said).
 */
export function promptMessagesText(result: GetPromptResult, maxChars = MAX_PROMPT_CHARS): string {
  const messages = Array.isArray(result.messages) ? result.messages : [];
  const mixed = messages.some((m) => m.role !== 'user');
  const text = messages
    .map((m) => (mixed ? `${m.role === 'user' ? 'User' : 'Assistant'}:\n${messageText(m)}` : messageText(m)))
    .join('\n\n');
  if (text.length <= maxChars) return text;
  const note = `\n[… ${(text.length - maxChars).toLocaleString('en-US')} characters of the prompt cut …]`;
  return text.slice(0, Math.max(0, maxChars - note.length)) + note;
}

function messageText(message: PromptMessage): string {
  const { content } = message;
  if (content.type === 'resource' && 'text' in content.resource)
    return `[resource ${content.resource.uri}]\n${content.resource.text}`;
  return contentText(content);
}

/**
 * Fill one of a server's prompts and render it as a message (mcp.getPrompt; plain so `trellis exec` can use it).
 * A prompt the server does not list, or a required argument left empty, is refused before the server is asked.
 */
export async function renderMcpPrompt(
  manager: McpManager,
  server: string,
  prompt: string,
  args: Record<string, string>,
): Promise<string> {
  const state = manager.states().find((s) => s.name === server);
  const listed = state?.prompts.find((p) => p.name === prompt);
  if (!state || !listed)
    throw new ExpectedFailure('not-found', `The MCP server "${server}" has no prompt named "${prompt}".`);
  if (state.status !== 'connected')
    throw new ExpectedFailure(
      'mcp-unavailable',
      `The MCP server "${server}" is ${state.status}, so its prompts cannot run.`,
    );
  const missing = (listed.arguments ?? []).filter((a) => a.required && !args[a.name]?.trim()).map((a) => a.name);
  if (missing.length)
    throw new ExpectedFailure(
      'invalid-params',
      `The prompt "${prompt}" needs ${missing.map((m) => `"${m}"`).join(' and ')}.`,
    );
  // Empty optional fields are left out: a server reads a present argument as given.
  const given = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== ''));
  // The manager's failures are already one sentence naming the server and the prompt.
  return promptMessagesText(await manager.getPrompt(server, prompt, given));
}
