import { afterEach, describe, expect, it } from 'vitest';
import { definition, everythingStdio } from '../testing/mcp-servers';
import { createMcpManager } from './mcp-manager';
import type { McpManager } from './mcp-types';
import { promptMessagesText, renderMcpPrompt } from './prompt-messages';
import { readResourceAttachments, resourceText } from './resource-attachments';
import { unconfinedStdioTransport } from './unconfined-stdio-transport';

const managers: McpManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

async function everything(): Promise<McpManager> {
  const manager = createMcpManager({
    servers: [definition('everything', everythingStdio().transport)],
    env: process.env,
    stdioTransport: unconfinedStdioTransport,
    clientInfo: { name: 'trellis-test', version: '0' },
  });
  managers.push(manager);
  await manager.start();
  return manager;
}

describe("an MCP prompt as the person's message", () => {
  it('renders text, embedded text resources, and images or binary resources as placeholders naming their type', () => {
    const text = promptMessagesText({
      messages: [
        { role: 'user', content: { type: 'text', text: 'Review this file:' } },
        { role: 'user', content: { type: 'resource', resource: { uri: 'file:///a.ts', text: 'const a = 1;' } } },
        { role: 'user', content: { type: 'image', mimeType: 'image/png', data: 'AAAA' } },
        {
          role: 'user',
          content: { type: 'resource', resource: { uri: 'file:///b.bin', mimeType: 'application/zip', blob: 'AAAA' } },
        },
      ],
    });
    expect(text).toBe(
      'Review this file:\n\n[resource file:///a.ts]\nconst a = 1;\n\n[image image/png, 3 bytes]\n\n' +
        '[resource file:///b.bin (application/zip, 3 bytes)]',
    );
  });

  it("marks each message's role when the prompt holds the assistant's too, and says what a cut left out", () => {
    const text = promptMessagesText({
      messages: [
        { role: 'user', content: { type: 'text', text: 'Q' } },
        { role: 'assistant', content: { type: 'text', text: 'A' } },
      ],
    });
    expect(text).toBe('User:\nQ\n\nAssistant:\nA');
    const cut = promptMessagesText(
      { messages: [{ role: 'user', content: { type: 'text', text: 'x'.repeat(500) } }] },
      100,
    );
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/characters of the prompt cut/);
  });

  it("fills server-everything's prompts: its arguments, an embedded resource, a missing required argument refused", async () => {
    const mcp = await everything();
    expect(await renderMcpPrompt(mcp, 'everything', 'args-prompt', { city: 'Lyon', state: '' })).toBe(
      "What's weather in Lyon?",
    );
    expect(await renderMcpPrompt(mcp, 'everything', 'args-prompt', { city: 'Lyon', state: 'Rhône' })).toBe(
      "What's weather in Lyon, Rhône?",
    );
    const embedded = await renderMcpPrompt(mcp, 'everything', 'resource-prompt', {
      resourceType: 'Text',
      resourceId: '2',
    });
    expect(embedded).toContain('[resource demo://resource/dynamic/text/2]\nResource 2: This is a plaintext resource');
    await expect(renderMcpPrompt(mcp, 'everything', 'args-prompt', { city: ' ' })).rejects.toThrow(
      'The prompt "args-prompt" needs "city".',
    );
    await expect(renderMcpPrompt(mcp, 'everything', 'nope', {})).rejects.toThrow(
      'The MCP server "everything" has no prompt named "nope".',
    );
  });
});

describe('MCP resources attached to a message', () => {
  it('reads listed resources and template URIs through the server, with their names', async () => {
    const mcp = await everything();
    const listed = mcp.states()[0].resources.find((r) => r.mimeType?.startsWith('text/'))!;
    const [fromList, fromTemplate] = await readResourceAttachments(mcp, [
      { server: 'everything', uri: listed.uri },
      { server: 'everything', uri: 'demo://resource/dynamic/text/7' },
    ]);
    expect(fromList).toMatchObject({ server: 'everything', uri: listed.uri, name: listed.name });
    expect(fromList.text.length).toBeGreaterThan(0);
    expect(fromTemplate.text).toMatch(/^Resource 7: This is a plaintext resource/);
    const [blob] = await readResourceAttachments(mcp, [
      { server: 'everything', uri: 'demo://resource/dynamic/blob/1' },
    ]);
    expect(blob.text).toMatch(/^\[binary .* demo:\/\/resource\/dynamic\/blob\/1, .*not shown\]$/);
  });

  it('refuses a URI the server does not offer and a server that is not configured, naming them', async () => {
    const mcp = await everything();
    await expect(readResourceAttachments(mcp, [{ server: 'everything', uri: 'file:///etc/passwd' }])).rejects.toThrow(
      'The MCP server "everything" lists no resource file:///etc/passwd.',
    );
    await expect(readResourceAttachments(mcp, [{ server: 'other', uri: 'demo://x' }])).rejects.toThrow(
      'The MCP server "other" lists no resource demo://x.',
    );
  });

  it('bounds a long text resource and says how much was cut', () => {
    const text = resourceText({ contents: [{ uri: 'demo://long', text: 'é'.repeat(10_000) }] }, 1000);
    expect(Buffer.byteLength(text.split('\n')[0], 'utf8')).toBeLessThanOrEqual(1000);
    expect(text).toMatch(/\[… the last 19 KB of 20 KB cut …\]$/);
  });
});
