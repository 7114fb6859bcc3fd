import fs from 'node:fs/promises';
import path from 'node:path';
import { readFileInside } from '../security/read-inside';

export interface AgentsDocsOptions {
  /** Trellis's home: its AGENTS.override.md / AGENTS.md are the global instructions. */
  home: string;
  cwd: string;
  /** project_doc_max_bytes: the whole text is cut there; 0 turns AGENTS.md loading off. */
  maxBytes: number;
  /** project_doc_fallback_filenames: tried in a folder that has no AGENTS.md. */
  fallbackFilenames?: string[];
  /** project_root_markers (default [".git"]); an empty list means "only cwd". */
  rootMarkers?: string[];
}

export interface AgentsDocs {
  /** Global first, then project root down to cwd, joined by blank lines; '' when there is none. */
  text: string;
  /** Absolute paths of the files that contributed, in order. */
  files: string[];
}

const OVERRIDE = 'AGENTS.override.md';
const AGENTS = 'AGENTS.md';

/** Codex's AGENTS.md discovery (codex-compat §3). */
export async function loadAgentsDocs(options: AgentsDocsOptions): Promise<AgentsDocs> {
  if (options.maxBytes <= 0) return { text: '', files: [] };
  const cwd = path.resolve(options.cwd);
  const candidates = [...new Set([OVERRIDE, AGENTS, ...(options.fallbackFilenames ?? [])])];

  const sources: { file: string; data: Buffer }[] = [];
  // Global: the first non-empty one of the two.
  for (const name of [OVERRIDE, AGENTS]) {
    const file = path.join(options.home, name);
    const data = await readIfFile(file);
    if (data && !isBlank(data)) {
      sources.push({ file, data });
      break;
    }
  }
  // Project: one file per folder, the first candidate that exists (an empty one still claims its folder).
  const dirs = await projectDirs(cwd, options.rootMarkers ?? ['.git']);
  for (const dir of dirs) {
    for (const name of candidates) {
      const file = path.join(dir, name);
      // The project's files must really be in the project: a symlink out (to a hidden credential) is not read.
      const read = await readFileInside(dirs[0], file);
      const data = read.ok ? read.data : undefined;
      if (!data) continue;
      if (!isBlank(data)) sources.push({ file, data });
      break;
    }
  }

  const parts: string[] = [];
  const files: string[] = [];
  let remaining = options.maxBytes;
  let left = 0;
  for (const { file, data } of sources) {
    const take = data.length > remaining ? utf8Boundary(data, remaining) : data.length;
    remaining -= Math.min(remaining, data.length);
    left += data.length - take;
    const text = data.subarray(0, take).toString('utf8').trimEnd();
    if (!text.trim()) continue;
    parts.push(text);
    files.push(file);
  }
  let text = parts.join('\n\n');
  if (left > 0)
    text += `\n\n[AGENTS.md instructions cut at ${options.maxBytes} bytes (project_doc_max_bytes); ${left} more bytes left out]`;
  return { text, files };
}

/** Root (first ancestor holding a marker) down to cwd; just cwd when no root is found or markers are off. */
async function projectDirs(cwd: string, markers: string[]): Promise<string[]> {
  if (markers.length === 0) return [cwd];
  for (let dir = cwd; ;) {
    if (await hasAnyEntry(dir, markers)) {
      const rel = path.relative(dir, cwd);
      const dirs = [dir];
      for (const part of rel ? rel.split(path.sep) : []) dirs.push(path.join(dirs.at(-1)!, part));
      return dirs;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return [cwd];
    dir = parent;
  }
}

async function hasAnyEntry(dir: string, names: string[]): Promise<boolean> {
  for (const name of names) {
    // lstat: a `.git` file (worktree pointer) or a symlink counts as a marker too.
    if (
      await fs.lstat(path.join(dir, name)).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await fs.stat(file)).isFile()) return undefined;
    return await fs.readFile(file);
  } catch {
    return undefined;
  }
}

function isBlank(data: Buffer): boolean {
  return data.toString('utf8').trim() === '';
}

/** The largest length ≤ max that does not split a UTF-8 character. */
function utf8Boundary(data: Buffer, max: number): number {
  let end = max;
  while (end > 0 && (data[end]! & 0xc0) === 0x80) end--;
  return end;
}
