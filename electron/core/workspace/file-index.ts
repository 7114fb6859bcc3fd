import fs from 'node:fs/promises';
import path from 'node:path';
import { git } from '../git/git';

/** Enough for a large repository's sources; past it the `@` list says it is cut. */
export const MAX_INDEXED_FILES = 50_000;

/** Folders a walk without git never enters: git's database and installed dependencies. */
const SKIPPED = new Set(['.git', 'node_modules']);

/**
 * The workspace's files as paths relative to its root, for `@` mentions: in a git repository what git lists
 * (tracked and untracked, ignored files left out), otherwise a walk that follows no link. Sorted, capped.
 */
export async function listWorkspaceFiles(
  root: string,
  inGit: boolean,
  cap = MAX_INDEXED_FILES,
): Promise<{ files: string[]; truncated: boolean }> {
  const all = inGit ? await gitFiles(root) : await walk(root, cap + 1);
  const files = [...new Set(all)].sort();
  return { files: files.slice(0, cap), truncated: files.length > cap };
}

async function gitFiles(root: string): Promise<string[]> {
  const out = await git(root, ['ls-files', '--cached', '--others', '--exclude-standard', '-z']);
  return out.toString('utf8').split('\0').filter(Boolean);
}

async function walk(root: string, limit: number): Promise<string[]> {
  const files: string[] = [];
  const queue = [''];
  while (queue.length && files.length < limit) {
    const dir = queue.shift()!;
    const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) queue.push(relative);
      } else if (entry.isFile()) files.push(relative);
    }
  }
  return files;
}
