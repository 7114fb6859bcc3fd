import fs from 'node:fs/promises';
import path from 'node:path';
import type { TrellisConfig } from '../config/config-types';
import { KIRO_MCP_JSON, sessionTrust, type ProjectTrust } from '../config/project-trust';
import { findKeyLine, scanTomlKeys, type KeyLocation } from '../config/toml-keys';
import { codexServerDefinition } from './codex-mcp-servers';
import { parseKiroMcpJson } from './kiro-mcp-json';
import { shellWord } from './mcp-command-line';
import type { McpServerDefinition } from './mcp-types';

export interface LoadMcpDefinitionsOptions {
  /** The Trellis home: its config.toml's `[mcp_servers]` (already loaded into `config`) are the person's own. */
  home: string;
  /** The folder a session works in; its repository's `.kiro/settings/mcp.json` is read. Absent: no repository. */
  cwd?: string;
  /** The person's home folder, for `~/.kiro/settings/mcp.json` (a parameter so tests use a fake one). */
  userHome: string;
  config: TrellisConfig;
  /** For `${VAR}` in Kiro files. */
  env: NodeJS.ProcessEnv;
  /** The repository's trust when the caller has it (sessionTrust; null: no repository); read here otherwise. */
  trust?: ProjectTrust | null;
  /** `trellis exec --ignore-user-config`: the person's own `~/.kiro/settings/mcp.json` is not read either. */
  ignoreUserConfig?: boolean;
}

export interface McpDefinitions {
  /** Every configured server, one per name, in a stable order: Codex's, then the repository's, then the user's Kiro file. */
  servers: McpServerDefinition[];
  /** One line each: a broken file or field, an unset variable, a name defined twice, untrusted servers not started. */
  diagnostics: string[];
  /** Whether the repository's servers may start (pass it to the manager); true when no repository file defines any. */
  repositoryTrusted: boolean;
  /** The diagnostic saying which repository servers are not started and why (a session says it per server instead). */
  untrustedNotice?: string;
}

/**
 * Every MCP server a session in `cwd` sees. When two places define one name, the first of these wins:
 * 1. Codex's config.toml in the Trellis home: written by the person, for every repository. A repository must
 *    never replace a server the person set up (and hand the person's token-bearing name to another program).
 * 2. The repository's `.kiro/settings/mcp.json`, over
 * 3. the user's `~/.kiro/settings/mcp.json`: the workspace wins per name, as in Kiro.
 * A repository's servers are listed but not started until the person trusts the repository; the file is read
 * from the very bytes the trust hash covers, so what was trusted is what runs.
 */
export async function loadMcpDefinitions(options: LoadMcpDefinitionsOptions): Promise<McpDefinitions> {
  const diagnostics: string[] = [];
  const codex = await codexDefinitions(options);

  let repository: McpServerDefinition[] = [];
  let repositoryTrusted = true;
  let untrustedNotice: string | undefined;
  const trust =
    options.trust !== undefined
      ? options.trust
      : options.cwd === undefined
        ? null
        : await sessionTrust(options.home, options.cwd, options.userHome);
  if (trust !== null) {
    diagnostics.push(...trust.problems.filter((p) => p.startsWith(KIRO_MCP_JSON)));
    const text = trust.files.find((f) => f.file === KIRO_MCP_JSON)?.text;
    if (text !== undefined) {
      const trusted = trust.state === 'trusted';
      const read = parseKiroMcpJson(text, {
        file: path.join(trust.repo, KIRO_MCP_JSON),
        shown: KIRO_MCP_JSON,
        scope: 'repository',
        env: trusted ? options.env : null,
      });
      diagnostics.push(...read.diagnostics);
      repository = read.servers;
      if (!trusted && repository.length) {
        repositoryTrusted = false;
        const why = trust.state === 'changed' ? 'changed since you trusted it' : 'is not trusted';
        untrustedNotice = `${KIRO_MCP_JSON}: not starting ${repository.map((s) => s.name).join(', ')}: this repository's configuration ${why}; to review and trust it: trellis trust ${shellWord(trust.repo)}`;
        diagnostics.push(untrustedNotice);
      }
    }
  }

  const userFile = path.join(options.userHome, KIRO_MCP_JSON);
  const user = options.ignoreUserConfig ? [] : await readUserKiro(userFile, options.env, diagnostics);

  const servers: McpServerDefinition[] = [];
  const byName = new Map<string, McpServerDefinition>();
  for (const server of [...codex, ...repository, ...user]) {
    const winner = byName.get(server.name);
    if (winner) {
      diagnostics.push(
        `MCP server "${server.name}" is defined in ${where(winner)} and ${where(server)}; the first is used`,
      );
      continue;
    }
    byName.set(server.name, server);
    servers.push(server);
  }
  return { servers, diagnostics, repositoryTrusted, untrustedNotice };
}

async function codexDefinitions(options: LoadMcpDefinitionsOptions): Promise<McpServerDefinition[]> {
  const file = path.join(options.home, 'config.toml');
  const keys: KeyLocation[] = await fs.readFile(file, 'utf8').then(
    (text) => scanTomlKeys(text),
    () => [],
  );
  const profile = options.config.profile;
  const lineOf = (name: string) =>
    (profile !== undefined ? exactLine(keys, ['profiles', profile, 'mcp_servers', name]) : undefined) ??
    exactLine(keys, ['mcp_servers', name]);
  return Object.entries(options.config.mcp_servers).map(([name, server]) =>
    codexServerDefinition(name, server, { format: 'codex-toml', scope: 'user', file, line: lineOf(name) }),
  );
}

/** The line of the table itself, not of a prefix: a server from `-c` has no line in the file. */
function exactLine(keys: KeyLocation[], keyPath: string[]): number | undefined {
  const line = findKeyLine(keys, keyPath);
  const at = keys.find((k) => k.line === line);
  return at && at.path.length >= keyPath.length ? line : undefined;
}

async function readUserKiro(
  file: string,
  env: NodeJS.ProcessEnv,
  diagnostics: string[],
): Promise<McpServerDefinition[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') diagnostics.push(`${file}: cannot read (${code ?? 'error'})`);
    return [];
  }
  const read = parseKiroMcpJson(text, { file, shown: file, scope: 'user', env });
  diagnostics.push(...read.diagnostics);
  return read.servers;
}

function where(server: McpServerDefinition): string {
  const { file, line } = server.source;
  return line ? `${file}:${line}` : file;
}
