import type { TurnAttachment } from '../../contract';

/**
 * What the model reads as the person's message: the prompt, then each attached file under a header naming its path,
 * and each MCP resource under one naming it, its URI and its server. One function, so a turn and its resume give the
 * model the same text.
 */
export function userTurnText(prompt: string, attachments: readonly TurnAttachment[] = []): string {
  if (!attachments.length) return prompt;
  const blocks = attachments.map((a) =>
    'kind' in a
      ? `<file path="${quoted(a.path)}">\n${a.text}\n</file>`
      : `<resource name="${quoted(a.name)}" uri="${quoted(a.uri)}" server="${quoted(a.server)}">\n${a.text}\n</resource>`,
  );
  return `${prompt}\n\nAttached as context:\n${blocks.join('\n')}`;
}

/** A name inside the header's quotes: a server's names must not close the attribute or the tag. */
function quoted(value: string): string {
  return value.replace(/[\n\r"<>]/g, (c) => ({ '\n': ' ', '\r': ' ', '"': "'", '<': '‹', '>': '›' })[c] ?? c);
}
