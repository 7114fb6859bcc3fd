import type { McpTransportConfig } from './mcp-types';

/**
 * What a server would run or reach, as the person reads it before trusting a repository and in `trellis mcp`:
 * the exact command line (each word quoted for a POSIX shell where needed) or the URL. Environment and header
 * values are never part of it: they may hold secrets, and only their names are shown.
 */
export function transportLine(transport: McpTransportConfig): string {
  if (transport.kind === 'http') return transport.url;
  return [transport.command, ...transport.args].map(shellWord).join(' ');
}

export function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  // Control characters shown escaped, so a planted newline or escape sequence cannot hide part of the line.
  const visible = word.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `'${visible.replace(/'/g, `'\\''`)}'`;
}
