import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_LOGGED_OUTPUT_BYTES, formatBytes, utf8Head } from '../limits/output-caps';

type Content = CallToolResult['content'][number];

/**
 * What the model reads of an MCP tool's result: the text parts joined; structuredContent as JSON when there is
 * no text; images, audio and binary resources as a short placeholder (their base64 would fill the log and the
 * context for nothing the model can read); resource links as name and URI. Bounded like a command's output.
 */
export function resultText(result: CallToolResult, maxBytes = DEFAULT_LOGGED_OUTPUT_BYTES): string {
  const content = Array.isArray(result.content) ? result.content : [];
  const parts = content.map(contentText);
  const hasText = content.some((c) => c.type === 'text' || (c.type === 'resource' && 'text' in c.resource));
  if (!hasText && result.structuredContent !== undefined) parts.unshift(JSON.stringify(result.structuredContent));
  // Servers on the 2024-10-07 protocol answer `toolResult` instead of content.
  if (!parts.length && 'toolResult' in result) parts.push(JSON.stringify(result.toolResult));
  return bounded(parts.join('\n'), maxBytes);
}

export function contentText(content: Content): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'image':
    case 'audio':
      return `[${content.type} ${content.mimeType}, ${formatBytes(base64Bytes(content.data))}]`;
    case 'resource': {
      const { resource } = content;
      if ('text' in resource) return resource.text;
      const size = typeof resource.blob === 'string' ? `, ${formatBytes(base64Bytes(resource.blob))}` : '';
      return `[resource ${resource.uri} (${resource.mimeType ?? 'binary'}${size})]`;
    }
    case 'resource_link':
      return `[resource link ${content.name}: ${content.uri}]`;
    default:
      return `[${(content as { type: string }).type} content]`;
  }
}

/** The decoded size of base64 text, without decoding it. */
export function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

function bounded(text: string, maxBytes: number): string {
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= maxBytes) return text;
  const head = utf8Head(text, maxBytes);
  return `${head}\n[… ${formatBytes(size - Buffer.byteLength(head, 'utf8'))} omitted …]`;
}
