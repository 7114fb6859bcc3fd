import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { McpResourceRef, TurnAttachment } from '../../contract';
import { ExpectedFailure } from '../errors/expected-failure';
import { base64Bytes } from './mcp-result-text';
import { formatBytes, utf8Head } from '../limits/output-caps';
import type { McpManager, McpServerState } from './mcp-types';

/** The most of one resource's text the model is given with a message. */
export const ATTACHMENT_MAX_BYTES = 64 * 1024;

/**
 * Read the resources the person attached, through the workspace's servers, as the context of one turn. The
 * renderer names them only: a URI must be one the server lists, or fit one of its templates, and its content comes
 * from the server here. Plain, so `trellis exec` can attach resources too. A resource that cannot be read fails the
 * whole message (nothing is sent) with a sentence naming it.
 */
export async function readResourceAttachments(
  manager: McpManager,
  refs: readonly McpResourceRef[],
  maxBytes = ATTACHMENT_MAX_BYTES,
): Promise<TurnAttachment[]> {
  const states = manager.states();
  return Promise.all(
    refs.map(async ({ server, uri }) => {
      const state = states.find((s) => s.name === server);
      const name = state && listedName(state, uri);
      if (!state || name === undefined)
        throw new ExpectedFailure('not-found', `The MCP server "${server}" lists no resource ${uri}.`);
      const result = await manager.readResource(server, uri);
      return { server, uri, name, text: resourceText(result, maxBytes) };
    }),
  );
}

/** The resource's name as its server lists it, or its template's name; undefined when the server offers no such URI. */
function listedName(state: McpServerState, uri: string): string | undefined {
  const resource = state.resources.find((r) => r.uri === uri);
  if (resource) return resource.name;
  return state.resourceTemplates.find((t) => new UriTemplate(t.uriTemplate).match(uri) !== null)?.name;
}

/** Text contents joined and bounded (what was cut is said); binary contents as a placeholder with type and size. */
export function resourceText(result: ReadResourceResult, maxBytes = ATTACHMENT_MAX_BYTES): string {
  const contents = Array.isArray(result.contents) ? result.contents : [];
  const text = contents
    .map((c) =>
      'text' in c && typeof c.text === 'string'
        ? c.text
        : `[binary ${c.mimeType ?? 'content'} ${c.uri}, ${formatBytes(base64Bytes('blob' in c ? String(c.blob) : ''))}, not shown]`,
    )
    .join('\n');
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= maxBytes) return text;
  const head = utf8Head(text, maxBytes);
  return `${head}\n[… the last ${formatBytes(size - Buffer.byteLength(head, 'utf8'))} of ${formatBytes(size)} cut …]`;
}
