import { describe, expect, it } from 'vitest';
import type { McpServerInfo } from '../../../electron/contract';
import {
  completionAt,
  expandTemplate,
  filterEntries,
  parseCommandLine,
  promptBoxCommands,
  resourceChoices,
  templateVariables,
  typedCommand,
} from './commands';

const server = (name: string, status: McpServerInfo['status'] = 'connected'): McpServerInfo => ({
  name,
  source: { format: 'codex-toml', scope: 'user', file: '/h/config.toml' },
  transport: { kind: 'stdio', commandLine: 'node srv.js' },
  status,
  restarts: 0,
  tools: [],
  prompts: [
    { name: 'simple-prompt', description: 'A prompt without arguments', arguments: [] },
    {
      name: 'args-prompt',
      description: 'Weather for a city',
      arguments: [
        { name: 'city', description: 'Name of the city', required: true },
        { name: 'state', description: 'Name of the state' },
      ],
    },
  ],
  resources: [
    { uri: 'demo://notes', name: 'notes.md', template: false },
    { uri: 'demo://text/{resourceId}', name: 'Dynamic Text', description: 'A text resource', template: true },
  ],
});

describe('the prompt box commands', () => {
  it("lists each connected server's prompts as /mcp__server__prompt, with their arguments as the form's fields", () => {
    const commands = promptBoxCommands([server('everything'), server('down', 'failed')]).filter(
      (c) => c.action.kind === 'mcp-prompt',
    );
    expect(commands.map((c) => c.name)).toEqual(['mcp__everything__simple-prompt', 'mcp__everything__args-prompt']);
    expect(commands[1]).toEqual({
      name: 'mcp__everything__args-prompt',
      description: 'Weather for a city',
      source: 'MCP everything',
      fields: [
        { name: 'city', description: 'Name of the city', required: true },
        { name: 'state', description: 'Name of the state', required: false },
      ],
      action: { kind: 'mcp-prompt', server: 'everything', prompt: 'args-prompt' },
    });
  });

  it('filters as the person types: name prefixes first, then names or descriptions containing it, any case', () => {
    const commands = promptBoxCommands([server('everything'), server('weather')]).filter(
      (c) => c.action.kind === 'mcp-prompt',
    );
    expect(filterEntries(commands, 'MCP__WEATHER').map((c) => c.name)).toEqual([
      'mcp__weather__simple-prompt',
      'mcp__weather__args-prompt',
    ]);
    expect(filterEntries(commands, 'city').map((c) => c.name)).toEqual([
      'mcp__everything__args-prompt',
      'mcp__weather__args-prompt',
    ]);
    expect(filterEntries(commands, 'nothing-like-it')).toEqual([]);
    expect(filterEntries(commands, '')).toHaveLength(4);
  });

  it('lists the built-in commands before MCP prompts, with and without servers', () => {
    const names = promptBoxCommands([server('everything')]).map((c) => c.name);
    const firstMcp = names.findIndex((n) => n.startsWith('mcp__'));
    expect(names.slice(0, firstMcp)).toEqual(expect.arrayContaining(['new', 'resume']));
    expect(names.slice(firstMcp).every((n) => n.startsWith('mcp__'))).toBe(true);
    expect(promptBoxCommands([]).every((c) => c.action.kind === 'built-in' && c.source === 'Trellis')).toBe(true);
  });

  it("splits `/name rest of the line` into the command's name and its trimmed arguments", () => {
    expect(parseCommandLine('/goal  fix the flaky test --budget 9000 ')).toEqual({
      name: 'goal',
      args: 'fix the flaky test --budget 9000',
    });
    expect(parseCommandLine('  /status')).toEqual({ name: 'status', args: '' });
    expect(parseCommandLine('/plan first line\nsecond line')).toEqual({
      name: 'plan',
      args: 'first line\nsecond line',
    });
    expect(parseCommandLine('/usr/bin/env is missing')).toBeNull();
    expect(parseCommandLine('/status?')).toBeNull();
    expect(parseCommandLine('no command')).toBeNull();
  });

  it('tells a typed command from a message that starts with a path', () => {
    expect(typedCommand('/mcp__everything__args-prompt')).toBe('mcp__everything__args-prompt');
    expect(typedCommand('  /plan the refactor')).toBe('plan');
    expect(typedCommand('/usr/bin/env is missing')).toBeNull();
    expect(typedCommand('fix /etc/hosts')).toBeNull();
  });

  it('completes a command only at the start of the message, and an @ word anywhere', () => {
    expect(completionAt('/mcp__ev', 8)).toEqual({ kind: 'command', query: 'mcp__ev' });
    expect(completionAt('/', 1)).toEqual({ kind: 'command', query: '' });
    expect(completionAt('/plan now', 9)).toBeNull();
    expect(completionAt('read @no', 8)).toEqual({ kind: 'resource', query: 'no', start: 5 });
    expect(completionAt('@', 1)).toEqual({ kind: 'resource', query: '', start: 0 });
    expect(completionAt('mail me@example.com', 19)).toBeNull();
  });
});

describe('resources to attach', () => {
  it('lists resources and templates of connected servers, a template with its variables as fields', () => {
    const choices = resourceChoices([server('everything'), server('off', 'disabled')]);
    expect(choices).toEqual([
      { server: 'everything', name: 'notes.md', uri: 'demo://notes', description: undefined, fields: [] },
      {
        server: 'everything',
        name: 'Dynamic Text',
        uri: 'demo://text/{resourceId}',
        description: 'A text resource',
        fields: [{ name: 'resourceId', required: true }],
      },
    ]);
    expect(filterEntries(choices, 'demo://text').map((c) => c.name)).toEqual(['Dynamic Text']);
  });

  it('fills URI templates: simple values encoded, reserved expansion, query parameters, empty ones left out', () => {
    expect(templateVariables('file:///{+path}{?rev,mode}')).toEqual(['path', 'rev', 'mode']);
    expect(expandTemplate('demo://text/{resourceId}', { resourceId: '3' })).toBe('demo://text/3');
    expect(expandTemplate('demo://q/{term}', { term: 'a b/c' })).toBe('demo://q/a%20b%2Fc');
    expect(expandTemplate('file:///{+path}{?rev,mode}', { path: 'src/a b.ts', rev: 'HEAD', mode: '' })).toBe(
      'file:///src/a%20b.ts?rev=HEAD',
    );
  });
});
