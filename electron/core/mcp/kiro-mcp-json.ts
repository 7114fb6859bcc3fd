import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { MCP_DEFAULT_STARTUP_TIMEOUT_SEC, MCP_DEFAULT_TOOL_TIMEOUT_SEC } from '../config/mcp-server-config';
import type { McpServerDefinition, McpServerSource, McpTransportConfig } from './mcp-types';

/**
 * Kiro's `.kiro/settings/mcp.json` (a repository's, or `~/.kiro/settings/mcp.json`):
 * `{ "mcpServers": { "<name>": { command, args, env } | { url, headers }, disabled, autoApprove, disabledTools } }`.
 * Comments and trailing commas are accepted (the writer keeps them); unknown fields are ignored. A file that is
 * not JSON loads nothing and says where; a server with a wrong field is skipped with a line naming it, and the
 * others still load. Nothing here throws for what the file says.
 */

export interface KiroReadOptions {
  /** Absolute path, for `source.file`. */
  file: string;
  /** How the file is named in diagnostics (a repository-relative path, `~/.kiro/...`). */
  shown: string;
  scope: McpServerSource['scope'];
  /**
   * Where `${VAR}` is read from; null leaves `${VAR}` as written. A repository's file that is not trusted is
   * read that way: it starts nothing, and what the person is shown is the file's text, not their variables.
   */
  env: NodeJS.ProcessEnv | null;
}

export interface KiroMcpServers {
  servers: McpServerDefinition[];
  diagnostics: string[];
}

export function parseKiroMcpJson(text: string, options: KiroReadOptions): KiroMcpServers {
  const diagnostics: string[] = [];
  const lineOf = lineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text.replace(/^\ufeff/, ' '), errors, { allowTrailingComma: true });
  if (errors.length || !root) {
    const first = errors[0];
    const where = first ? `${options.shown}:${lineOf(first.offset)}` : options.shown;
    const why = first ? `invalid JSON (${printParseErrorCode(first.error)})` : 'empty';
    return { servers: [], diagnostics: [`${where}: ${why}; its MCP servers are not loaded`] };
  }
  if (root.type !== 'object')
    return { servers: [], diagnostics: [`${options.shown}:${lineOf(root.offset)}: expected a JSON object`] };
  const table = property(root, 'mcpServers');
  if (!table) return { servers: [], diagnostics };
  if (table.type !== 'object') {
    diagnostics.push(`${options.shown}:${lineOf(table.offset)}: mcpServers: expected an object`);
    return { servers: [], diagnostics };
  }
  // A name given twice: the later one is used, as JSON.parse (and so Kiro) reads the file.
  const servers = new Map<string, McpServerDefinition>();
  const lastOf = new Map((table.children ?? []).map((entry) => [String(entry.children?.[0]?.value), entry]));
  for (const entry of table.children ?? []) {
    const [keyNode, valueNode] = entry.children ?? [];
    if (!keyNode || !valueNode) continue;
    const name = String(keyNode.value);
    const at = (node: Node, key?: string) =>
      `${options.shown}:${lineOf(node.offset)}: mcpServers.${name}${key ? `.${key}` : ''}`;
    if (lastOf.get(name) !== entry) {
      diagnostics.push(`${at(keyNode)}: defined again later in this file; the later one is used`);
      continue;
    }
    try {
      servers.set(name, readServer(name, valueNode, { ...options, line: lineOf(keyNode.offset), at, diagnostics }));
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      diagnostics.push(`${at(err.node, err.key)}: ${err.message}; server skipped`);
    }
  }
  return { servers: [...servers.values()], diagnostics };
}

class FieldError extends Error {
  constructor(
    readonly node: Node,
    readonly key: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

interface ServerContext extends KiroReadOptions {
  line: number;
  at: (node: Node, key?: string) => string;
  diagnostics: string[];
}

function readServer(name: string, node: Node, ctx: ServerContext): McpServerDefinition {
  if (!name) throw new FieldError(node, undefined, 'a server needs a name');
  if (node.type !== 'object') throw new FieldError(node, undefined, 'expected an object');
  const field = <T>(key: string, read: (n: Node) => T | undefined, expected: string): T | undefined => {
    const n = property(node, key);
    if (!n || n.type === 'null') return undefined;
    const value = read(n);
    if (value === undefined) throw new FieldError(n, key, `expected ${expected}`);
    return value;
  };
  // `key` as shown (`args[1]`, `env.TOKEN`); its line is that of the field holding it.
  const expand = (value: string, key: string): string =>
    expandVariables(value, key, property(node, key.split(/[.[]/)[0]!) ?? node, ctx);

  const command = field('command', asString, 'a string');
  const url = field('url', asString, 'a string');
  const disabled = field('disabled', asBoolean, 'true or false') ?? false;
  const autoApprove = field('autoApprove', asStringList, 'an array of tool names') ?? [];
  const disabledTools = field('disabledTools', asStringList, 'an array of tool names') ?? [];
  let transport: McpTransportConfig;
  if (command !== undefined && url !== undefined) {
    throw new FieldError(property(node, 'url')!, 'url', 'set either command (stdio) or url (HTTP), not both');
  } else if (command !== undefined) {
    ignoreField(node, 'headers', 'only applies to HTTP servers (url)', ctx);
    const args = field('args', asStringList, 'an array of strings') ?? [];
    const env = field('env', asStringMap, 'an object of strings') ?? {};
    transport = {
      kind: 'stdio',
      command: expand(command, 'command'),
      args: args.map((arg, i) => expand(arg, `args[${i}]`)),
      env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, expand(v, `env.${k}`)])),
      envVars: [],
    };
  } else if (url !== undefined) {
    // Kiro documents `env` for remote servers too; there is no process to give it to, so it is left unread.
    ignoreField(node, 'args', 'only applies to stdio servers (command)', ctx);
    const headers = field('headers', asStringMap, 'an object of strings') ?? {};
    // Kiro's pre-registered OAuth client and scopes (`oauth: { clientId }`, `oauthScopes`).
    const clientId = field(
      'oauth',
      (n) => (n.type === 'object' ? asOptionalString(property(n, 'clientId')) : undefined),
      'an object like { "clientId": "…" }',
    );
    const scopes = field('oauthScopes', asStringList, 'an array of scopes');
    const expanded = expand(url, 'url');
    if (!isHttpUrl(expanded) && ctx.env !== null)
      throw new FieldError(property(node, 'url')!, 'url', 'expected an http(s) URL');
    const oauth = { ...(clientId?.value ? { clientId: clientId.value } : {}), ...(scopes ? { scopes } : {}) };
    transport = {
      kind: 'http',
      url: expanded,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, expand(v, `headers.${k}`)])),
      envHeaders: {},
      ...(Object.keys(oauth).length ? { oauth } : {}),
    };
  } else {
    throw new FieldError(node, undefined, 'needs command (stdio server) or url (HTTP server)');
  }
  // Kiro's autoApprove: "*" approves every tool of the server, names approve those tools.
  const all = autoApprove.includes('*');
  return {
    name,
    source: { format: 'kiro-json', scope: ctx.scope, file: ctx.file, line: ctx.line },
    transport,
    enabled: !disabled,
    required: false,
    startupTimeoutMs: MCP_DEFAULT_STARTUP_TIMEOUT_SEC * 1000,
    toolTimeoutMs: MCP_DEFAULT_TOOL_TIMEOUT_SEC * 1000,
    disabledTools,
    defaultApprovalMode: all ? 'approve' : 'auto',
    toolApprovalModes: Object.fromEntries(autoApprove.filter((t) => t !== '*').map((t) => [t, 'approve' as const])),
    parallelToolCalls: true,
    trustedOutsideSandbox: false,
  };
}

/** `${VAR}` (and VS Code's `${env:VAR}`) from the environment; an unset one becomes "" with a diagnostic. */
function expandVariables(value: string, key: string, node: Node, ctx: ServerContext): string {
  const env = ctx.env;
  if (env === null) return value;
  return value.replace(/\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found !== undefined) return found;
    ctx.diagnostics.push(`${ctx.at(node, key)}: \${${name}} is not set; using ""`);
    return '';
  });
}

/** A field that does not apply to this kind of server: a line saying so; the server still loads, as in Kiro. */
function ignoreField(node: Node, key: string, why: string, ctx: ServerContext): void {
  const found = property(node, key);
  if (found) ctx.diagnostics.push(`${ctx.at(found, key)}: ${why}; ignored`);
}

/** `{ value }` for an absent or string field, undefined (a wrong type) otherwise. */
function asOptionalString(n: Node | undefined): { value?: string } | undefined {
  if (!n || n.type === 'null') return {};
  return n.type === 'string' ? { value: n.value as string } : undefined;
}

/** The value of `key`; the last one when it is given twice, as JSON.parse reads it. */
export function property(node: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const entry of node.children ?? []) if (entry.children?.[0]?.value === key) found = entry.children[1];
  return found;
}

const asString = (n: Node): string | undefined => (n.type === 'string' ? (n.value as string) : undefined);
const asBoolean = (n: Node): boolean | undefined => (n.type === 'boolean' ? (n.value as boolean) : undefined);

function asStringList(n: Node): string[] | undefined {
  if (n.type !== 'array') return undefined;
  const items = (n.children ?? []).map(asString);
  return items.every((i) => i !== undefined) ? (items as string[]) : undefined;
}

/** An object of strings; built with fromEntries, so a `"__proto__"` key is an ordinary key. */
function asStringMap(n: Node): Record<string, string> | undefined {
  if (n.type !== 'object') return undefined;
  const entries = (n.children ?? []).map((p) => [
    String(p.children?.[0]?.value),
    p.children?.[1] && asString(p.children[1]),
  ]);
  return entries.every(([, v]) => v !== undefined) ? Object.fromEntries(entries) : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** 1-based line of an offset. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
