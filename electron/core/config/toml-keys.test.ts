import { describe, expect, it } from 'vitest';
import { findKeyLine, formatKeyPath, parseDottedKey, scanTomlKeys } from './toml-keys';

const SOURCE = [
  '# comment = not a key', // 1
  'model = "o3"', // 2
  'sandbox_workspace_write.network_access = true', // 3
  '"quoted.key" = 1', // 4
  '', // 5
  '[model_providers.mock]', // 6
  'name = "x" # trailing', // 7
  "  base_url = 'http://127.0.0.1:9/v1'", // 8
  'http_headers = { "X-A" = "1", b = { c = 2 } }', // 9
  '[ profiles . "fast.mode" ]', // 10
  'notes = """', // 11
  'fake = "inside a string"', // 12
  '[not.a.table]', // 13
  '"""', // 14
  'list = [', // 15
  '  "a", # comment ]', // 16
  "  '''multi", // 17
  "line''',", // 18
  ']', // 19
  'after = 1', // 20
  '[[servers]]', // 21
  'id = 1', // 22
  '[[servers]]', // 23
  'id = 2', // 24
  "[mcp_servers.'lit']", // 25
  'command = "x\\"y"', // 26
].join('\n');

describe('scanTomlKeys / findKeyLine', () => {
  it('finds plain, dotted and quoted keys', () => {
    expect(findKeyLine(SOURCE, ['model'])).toBe(2);
    expect(findKeyLine(SOURCE, ['sandbox_workspace_write', 'network_access'])).toBe(3);
    expect(findKeyLine(SOURCE, ['quoted.key'])).toBe(4);
  });

  it('finds keys under table headers, with spaces and quoted header parts', () => {
    expect(findKeyLine(SOURCE, ['model_providers', 'mock'])).toBe(6);
    expect(findKeyLine(SOURCE, ['model_providers', 'mock', 'name'])).toBe(7);
    expect(findKeyLine(SOURCE, ['model_providers', 'mock', 'base_url'])).toBe(8);
    expect(findKeyLine(SOURCE, ['profiles', 'fast.mode'])).toBe(10);
    expect(findKeyLine(SOURCE, ['mcp_servers', 'lit', 'command'])).toBe(26);
  });

  it('falls back to the nearest defined prefix: an inline table key or a table header', () => {
    expect(findKeyLine(SOURCE, ['model_providers', 'mock', 'http_headers', 'b', 'c'])).toBe(9);
    expect(findKeyLine(SOURCE, ['model_providers', 'mock', 'wire_api'])).toBe(6);
    expect(findKeyLine(SOURCE, ['profiles', 'fast.mode', 'list', 1])).toBe(15);
    expect(findKeyLine(SOURCE, ['nothing'])).toBeUndefined();
  });

  it('skips multi-line strings, arrays and comments and keeps counting lines', () => {
    expect(findKeyLine(SOURCE, ['profiles', 'fast.mode', 'notes'])).toBe(11);
    expect(findKeyLine(SOURCE, ['profiles', 'fast.mode', 'fake'])).toBe(10);
    expect(findKeyLine(SOURCE, ['not', 'a', 'table'])).toBeUndefined();
    expect(findKeyLine(SOURCE, ['profiles', 'fast.mode', 'after'])).toBe(20);
  });

  it('numbers arrays of tables', () => {
    expect(findKeyLine(SOURCE, ['servers', 0, 'id'])).toBe(22);
    expect(findKeyLine(SOURCE, ['servers', 1, 'id'])).toBe(24);
    expect(findKeyLine(SOURCE, ['servers'])).toBe(21);
  });

  it('counts CRLF lines and tolerates junk', () => {
    const crlf = 'a = 1\r\n\r\n[t]\r\nb = 2\r\n';
    expect(findKeyLine(crlf, ['t', 'b'])).toBe(4);
    expect(scanTomlKeys('= oops\n"unterminated = 1\nok = 2').map((l) => l.path)).toEqual([['ok']]);
  });
});

describe('parseDottedKey / formatKeyPath', () => {
  it('parses bare, quoted and literal parts', () => {
    expect(parseDottedKey('model_providers.x.base_url')).toEqual(['model_providers', 'x', 'base_url']);
    expect(parseDottedKey('model_prices."gpt-4.1" . input_per_mtok')).toEqual([
      'model_prices',
      'gpt-4.1',
      'input_per_mtok',
    ]);
    expect(parseDottedKey('a.\'b\\c\'."d\\u0041"')).toEqual(['a', 'b\\c', 'dA']);
  });

  it('rejects malformed keys', () => {
    expect(() => parseDottedKey('a..b')).toThrow();
    expect(() => parseDottedKey('a b')).toThrow();
    expect(() => parseDottedKey('"open')).toThrow();
    expect(() => parseDottedKey('')).toThrow();
  });

  it('formats paths the way they are written', () => {
    expect(formatKeyPath(['model_prices', 'gpt-4.1', 'input_per_mtok'])).toBe('model_prices."gpt-4.1".input_per_mtok');
    expect(formatKeyPath(['mcp_servers', 'x', 'args', 0])).toBe('mcp_servers.x.args[0]');
  });
});
