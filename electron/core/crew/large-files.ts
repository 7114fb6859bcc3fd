/**
 * Large or binary files in a task's change. A subagent can commit a 300 MB dump or a compiled binary as
 * easily as a source file, and once merged it stays in the history for good; so such files are flagged
 * for review (and headless, not merged without consent, see run-spec.ts).
 *
 * The limit, `[crew] max_added_file_kb`, defaults to 5 MB (DEFAULT_MAX_ADDED_FILE_KB in config/load-config.ts): far above hand-written source and large
 * lockfiles (package-lock.json of a big app is 1-3 MB), well below where forges complain (GitHub warns
 * at 50 MB), and where a data set, an archive or a build output usually shows itself.
 */
import { git } from '../git/git';

export interface FlaggedFile {
  path: string;
  /** Size of the file as the task leaves it. */
  bytes: number;
  /** Over the limit. */
  large: boolean;
  /** A new file git sees as binary (a NUL byte near its start, or a `binary` attribute). */
  binary: boolean;
}

/** Files the change `base..head` adds or grows past `maxBytes`, and binary files it adds. */
export async function flagLargeOrBinary(
  repo: string,
  base: string,
  head: string,
  maxBytes: number,
): Promise<FlaggedFile[]> {
  // Files past the limit count as binary without being read whole: git never loads a 300 MB blob to diff it.
  const config = [`core.bigFileThreshold=${Math.max(maxBytes, 1)}`];
  const raw = (await git(repo, ['diff', '--raw', '-z', '--no-abbrev', '-M', base, head], { config }))
    .toString('utf8')
    .split('\0');
  const entries: { path: string; sha: string; added: boolean }[] = [];
  for (let i = 0; i < raw.length - 1;) {
    const meta = raw[i++];
    if (!meta.startsWith(':')) continue;
    const [, newMode, , sha, status] = meta.slice(1).split(' ');
    const letter = status[0];
    if (letter === 'R' || letter === 'C') i++; // the old path
    const file = raw[i++];
    if (letter === 'D' || newMode === '160000') continue; // deletions and submodule gitlinks hold no file
    entries.push({ path: file, sha, added: letter === 'A' || letter === 'C' || letter === 'T' });
  }
  if (!entries.length) return [];
  const sizes = (
    await git(repo, ['cat-file', '--batch-check=%(objectsize)'], { input: entries.map((e) => e.sha).join('\n') + '\n' })
  )
    .toString('utf8')
    .trim()
    .split('\n');
  const binary = new Set<string>();
  const numstat = (await git(repo, ['diff', '--numstat', '-z', '-M', base, head], { config }))
    .toString('utf8')
    .split('\0');
  for (let i = 0; i < numstat.length; i++) {
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(numstat[i]);
    if (!m) continue;
    const file = m[3] === '' ? numstat[(i += 2)] : m[3]; // a rename: "a\td\t" then old and new path
    if (m[1] === '-') binary.add(file);
  }
  const flagged: FlaggedFile[] = [];
  entries.forEach((e, n) => {
    const bytes = Number(sizes[n]) || 0;
    const large = bytes > maxBytes;
    const isBinary = e.added && !large && binary.has(e.path); // past the limit git did not read it to tell
    if (large || isBinary) flagged.push({ path: e.path, bytes, large, binary: isBinary });
  });
  return flagged;
}

/** One line a person reads: "data.bin: 300.0 MB, over the 5 MB limit; binary". */
export function describeFlagged(file: FlaggedFile, maxBytes: number): string {
  const why = [
    file.large ? `${formatSize(file.bytes)}, over the ${formatSize(maxBytes)} limit ([crew] max_added_file_kb)` : '',
    file.binary ? `a new binary file${file.large ? '' : ` (${formatSize(file.bytes)})`}` : '',
  ];
  return `${file.path}: ${why.filter(Boolean).join('; ')}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes % 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MB`;
}
