import { describe, expect, it } from 'vitest';
import { MAX_TOOL_NAME_BYTES, qualifiedToolName, qualifyToolNames, type ToolKey } from './tool-names';

const VALID = /^[A-Za-z0-9_-]{1,64}$/;

describe('MCP tool names', () => {
  it('names a tool mcp__<server>__<tool> as Codex does', () => {
    expect(qualifiedToolName({ server: 'everything', name: 'get-sum' })).toBe('mcp__everything__get-sum');
  });

  it('replaces characters a function name may not hold', () => {
    const name = qualifiedToolName({ server: 'my.server', name: 'read file/ü' });
    expect(name).toBe('mcp__my_server__read_file__');
    expect(name).toMatch(VALID);
  });

  it('shortens a long name to 64 bytes, deterministically, keeping a readable prefix', () => {
    const tool = { server: 'a-very-long-server-name-for-testing', name: 'and_an_even_longer_tool_name_that_goes_on' };
    const name = qualifiedToolName(tool);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_TOOL_NAME_BYTES);
    expect(name).toMatch(VALID);
    expect(name.startsWith('mcp__a-very-long-server-name')).toBe(true);
    expect(qualifiedToolName({ ...tool })).toBe(name);
    expect(qualifiedToolName({ ...tool, name: `${tool.name}_2` })).not.toBe(name);
  });

  it('keeps names unique when sanitising or shortening makes them clash, whatever the order', () => {
    const long = 'x'.repeat(80);
    const tools: ToolKey[] = [
      { server: 's', name: 'a.b' },
      { server: 's', name: 'a_b' },
      { server: 's', name: 'a b' },
      { server: 'long', name: `${long}1` },
      { server: 'long', name: `${long}2` },
      // A hostile server whose name makes its tool's full name equal another server's tool's.
      { server: 's__a', name: 'b' },
      { server: 's', name: 'a__b' },
    ];
    const names = qualifyToolNames(tools);
    expect(new Set(names).size).toBe(tools.length);
    for (const name of names) expect(name).toMatch(VALID);
    // The tool whose name needed no change keeps it.
    expect(names[1]).toBe('mcp__s__a_b');

    const reversed = qualifyToolNames([...tools].reverse()).reverse();
    expect(reversed).toEqual(names);
  });

  it('leaves names that do not clash as they are', () => {
    expect(
      qualifyToolNames([
        { server: 'one', name: 'echo' },
        { server: 'two', name: 'echo' },
      ]),
    ).toEqual(['mcp__one__echo', 'mcp__two__echo']);
  });
});
