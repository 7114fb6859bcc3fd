import fs from 'node:fs/promises';
import path from 'node:path';
import { applyEdits, getNodeValue, parseTree } from 'jsonc-parser';
import { parse } from 'smol-toml';
import { ConfigError } from '../config/config-error';
import { isTable } from '../config/config-overrides';
import { editConfigFile, editTomlTable, writeConfigTable } from '../config/config-writer';
import { projectTrust, readRepositoryConfigFiles, recordTrust, trustHash } from '../config/project-trust';
import { scanTomlKeys } from '../config/toml-keys';
import { ConfinedFs } from '../security/confined-fs';
import { property } from './kiro-mcp-json';
import type { McpServerDefinition } from './mcp-types';

/**
 * Turn one tool of a server on or off where the server was defined, changing nothing else in the file:
 * Codex's config.toml through the config writer (`disabled_tools`, and `enabled_tools` when the server keeps an
 * allowlist), Kiro's mcp.json through jsonc-parser's edits (`disabledTools`), comments and indentation kept.
 * A repository's mcp.json is written without following links; when the person trusted the repository, the trust
 * is recorded again for the file as Trellis wrote it, so their own switch does not make it "changed".
 */
export async function saveMcpToolEnabled(
  definition: McpServerDefinition,
  tool: string,
  enabled: boolean,
  options: { home: string },
): Promise<void> {
  if (definition.source.format === 'codex-toml') await saveCodexTool(definition, tool, enabled);
  else await saveKiroTool(definition, tool, enabled, options.home);
}

async function saveCodexTool(definition: McpServerDefinition, tool: string, enabled: boolean): Promise<void> {
  const { file, line } = definition.source;
  const source = await fs.readFile(file, 'utf8');
  // The table the server was read from: its own, or its profile's (`[profiles.work.mcp_servers.x]`).
  const table = scanTomlKeys(source).find(
    (k) => k.line === line && k.path.at(-1) === definition.name && k.path.at(-2) === 'mcp_servers',
  )?.path;
  if (!table || table.some((p) => typeof p !== 'string'))
    throw new ConfigError(`${file}: cannot find [mcp_servers.${definition.name}] to update; edit it by hand`);
  let node: unknown = parse(source.replace(/^\ufeff/, ''));
  for (const part of table) node = isTable(node) ? node[part] : undefined;
  const server = isTable(node) ? node : {};
  const disabled = stringList(server.disabled_tools);
  const allow = server.enabled_tools === undefined ? undefined : stringList(server.enabled_tools);
  const values: Record<string, string[]> = { disabled_tools: toggled(disabled, tool, !enabled) };
  // disabled_tools applies after enabled_tools: turning a tool on must also let it through the allowlist.
  if (enabled && allow && !allow.includes(tool)) values.enabled_tools = [...allow, tool];
  await writeConfigTable(file, table as string[], values);
}

async function saveKiroTool(
  definition: McpServerDefinition,
  tool: string,
  enabled: boolean,
  home: string,
): Promise<void> {
  const file = definition.source.file;
  const repo = definition.source.scope === 'repository' ? path.resolve(file, '../../..') : null;
  const confined = repo === null ? null : await ConfinedFs.create({ roots: [repo], protectedNames: [] });
  const text = confined ? (await confined.readFile(file)).toString('utf8') : await fs.readFile(file, 'utf8');
  const next = editKiroDisabledTools(text, definition.name, tool, !enabled, file);
  if (next === text) return;
  if (repo === null || confined === null) {
    await replaceFile(file, next);
    return;
  }
  const before = await projectTrust(home, repo);
  await confined.writeFile(file, next);
  if (before.state !== 'trusted') return;
  // Exactly the trusted files, with this one as written: anything else changed meanwhile still asks again.
  const expected = before.files.map((f) => (path.join(before.repo, f.file) === file ? { ...f, text: next } : f));
  const now = await readRepositoryConfigFiles(repo);
  if (trustHash(now.files) === trustHash(expected)) await recordTrust(home, repo, trustHash(expected));
}

/**
 * The mcp.json text with `tool` added to or removed from the server's `disabledTools`; every other byte kept. The
 * edits are made here rather than by jsonc-parser's `modify`: its formatter reflows the neighbouring properties
 * (a one-line `autoApprove` becomes four lines), and a person's file should change by the one list only.
 */
export function editKiroDisabledTools(
  text: string,
  server: string,
  tool: string,
  disable: boolean,
  file: string,
): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  // The same lookup as the reader's (the last of a name given twice), so the switch lands on the server that is used.
  const servers = root && property(root, 'mcpServers');
  const serverNode = servers && property(servers, server);
  if (!serverNode || serverNode.type !== 'object')
    throw new ConfigError(`${file}: no server "${server}" under mcpServers to update; edit it by hand`);
  const current = property(serverNode, 'disabledTools');
  const list = current ? stringList(getNodeValue(current)) : [];
  const wanted = toggled(list, tool, disable);
  if (wanted.length === list.length && wanted.every((t, i) => t === list[i])) return text;
  const value = `[${wanted.map((t) => JSON.stringify(t)).join(', ')}]`;
  if (current) return applyEdits(text, [{ offset: current.offset, length: current.length, content: value }]);
  const last = serverNode.children?.at(-1);
  const added = `"disabledTools": ${value}`;
  if (!last) return applyEdits(text, [{ offset: serverNode.offset + 1, length: 0, content: added }]);
  // After the last property, on a line of its own indented like it; a trailing comma after it stays where it was.
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const multiLine = lineStart > serverNode.offset;
  return applyEdits(text, [
    { offset: last.offset + last.length, length: 0, content: `,${multiLine ? `${eol}${indent}` : ' '}${added}` },
  ]);
}

function toggled(list: string[], tool: string, present: boolean): string[] {
  const without = list.filter((t) => t !== tool);
  return present ? [...without, tool] : without;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The person's own file: a temporary sibling renamed over it, its mode kept; a symlink to it is followed. */
async function replaceFile(link: string, text: string): Promise<void> {
  // A dotfiles manager may link ~/.kiro/settings/mcp.json into its repository: the link stays, its target changes.
  const file = await fs.realpath(link);
  const mode = (await fs.stat(file)).mode & 0o777;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  await fs.writeFile(temp, text, { mode, flag: 'wx' });
  await fs.rename(temp, file);
}

/** What `trellis mcp add` writes: a command with its arguments and variables, or a URL. */
export type NewMcpServer =
  { command: string; args: string[]; env: Record<string, string> } | { url: string; bearerTokenEnvVar?: string };

/** Codex's rule for server names: they become part of tool names the model sees (`mcp__<server>__<tool>`). */
const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

/** Add `[mcp_servers.<name>]` (and its `.env` table) to the home's config.toml; a name already there is refused. */
export async function addMcpServer(home: string, name: string, server: NewMcpServer): Promise<string> {
  if (!SERVER_NAME.test(name))
    throw new ConfigError(`MCP server name ${JSON.stringify(name)}: use only letters, digits, - and _`);
  const file = path.join(home, 'config.toml');
  const existing = await codexServerTables(file, name);
  if (existing.defined)
    throw new ConfigError(
      `${file}: an MCP server named ${name} is already defined; remove it first (trellis mcp remove ${name})`,
    );
  if ('url' in server) {
    if (!/^https?:\/\//i.test(server.url)) throw new ConfigError(`--url: expected an http(s) URL`);
    await editConfigFile(file, (source) =>
      editTomlTable(
        source,
        ['mcp_servers', name],
        {
          url: server.url,
          ...(server.bearerTokenEnvVar ? { bearer_token_env_var: server.bearerTokenEnvVar } : {}),
        },
        file,
      ),
    );
  } else {
    if (!server.command) throw new ConfigError('name the command to run after --');
    await editConfigFile(file, (source) => {
      const withServer = editTomlTable(
        source,
        ['mcp_servers', name],
        {
          command: server.command,
          ...(server.args.length ? { args: server.args } : {}),
        },
        file,
      );
      return Object.keys(server.env).length
        ? editTomlTable(withServer, ['mcp_servers', name, 'env'], server.env, file)
        : withServer;
    });
  }
  return file;
}

/** Remove `[mcp_servers.<name>]` and its sub-tables from the home's config.toml; false when it defines no such server. */
export async function removeMcpServer(home: string, name: string): Promise<boolean> {
  const file = path.join(home, 'config.toml');
  const { defined, tables } = await codexServerTables(file, name);
  if (!defined) return false;
  if (!tables.length)
    throw new ConfigError(`${file}: mcp_servers.${name} is not written as its own [table]; remove it by hand`);
  // Deepest first, so each removal leaves its parent's header in place until its own turn.
  const deepestFirst = [...tables].sort((a, b) => b.length - a.length);
  await editConfigFile(file, (source) =>
    deepestFirst.reduce((text, table) => editTomlTable(text, table, null, file), source),
  );
  return true;
}

/** Whether the top level of config.toml defines the server, and the `[mcp_servers.<name>...]` headers written for it. */
async function codexServerTables(file: string, name: string): Promise<{ defined: boolean; tables: string[][] }> {
  const source = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw new ConfigError(`${file}: cannot read: ${err.code ?? err.message}`);
  });
  let doc: Record<string, unknown>;
  try {
    doc = parse(source.replace(/^\ufeff/, ''));
  } catch {
    throw new ConfigError(`${file}: not valid TOML; fix it before changing its MCP servers`);
  }
  const servers = isTable(doc.mcp_servers) ? doc.mcp_servers : {};
  const lines = source.split('\n');
  const tables = scanTomlKeys(source)
    .filter((k) => /^\s*\[/.test(lines[k.line - 1] ?? '') && k.path[0] === 'mcp_servers' && k.path[1] === name)
    .map((k) => k.path.map(String));
  return { defined: Object.hasOwn(servers, name), tables };
}
