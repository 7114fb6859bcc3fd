import type { ChangeKind, GitChange, GitStatus } from '../../contract';
import path from 'node:path';
import { runGit } from './git';

/** More changes than this are counted but not sent: the list is for people, not for machines. */
export const MAX_STATUS_CHANGES = 20_000;

export interface StatusOptions {
  signal?: AbortSignal;
  /**
   * `cwd` relative to the repository's top level ('/'-separated): changes are then only those inside it, with
   * paths relative to it, as a workspace opened on a subfolder names its files. Omitted: the whole repository.
   */
  folder?: string;
}

/** `git status` of the repository containing `cwd`, parsed from porcelain v2. */
export async function readGitStatus(cwd: string, options: StatusOptions = {}): Promise<GitStatus> {
  const folder = options.folder ?? '';
  // dirty: a submodule moved to another commit is listed; its work tree is never examined (that would run git
  // inside it, with whatever config the folder holds).
  const scope = folder ? ['--', '.'] : []; // run in `cwd`, so '.' is the folder
  const result = await runGit(
    cwd,
    ['status', '--porcelain=v2', '-z', '--branch', '--ignore-submodules=dirty', ...scope],
    { signal: options.signal },
  );
  if (result.code !== 0) throw new Error(`git status failed: ${result.stderr || `exit ${result.code}`}`);
  const status = parsePorcelainV2(result.stdout.toString('utf8'));
  return folder ? relativeTo(folder, status) : status;
}

/** Porcelain paths are relative to the top level whatever the cwd; make them relative to `folder`. */
export function relativeTo(folder: string, status: GitStatus): GitStatus {
  const rel = (p: string) => path.posix.relative(folder, p);
  return {
    ...status,
    changes: status.changes.map((c) => ({
      ...c,
      path: rel(c.path),
      ...(c.origPath !== undefined ? { origPath: rel(c.origPath) } : {}),
    })),
  };
}

/**
 * Parse `git status --porcelain=v2 -z --branch`. Records are NUL-separated; a
 * rename or copy ("2" record) is followed by one more field, the original path.
 */
export function parsePorcelainV2(text: string, cap = MAX_STATUS_CHANGES): GitStatus {
  const status: GitStatus = { branch: null, head: null, upstream: null, ahead: 0, behind: 0, changes: [], total: 0 };
  const fields = text.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const record = fields[i];
    if (!record) continue;
    const type = record[0];
    if (type === '#') {
      parseHeader(record, status);
      continue;
    }
    let change: GitChange | null = null;
    if (type === '1') {
      change = ordinary(record.slice(2, 4), nthField(record, 8));
    } else if (type === '2') {
      const xy = record.slice(2, 4);
      change = {
        ...ordinary(xy, nthField(record, 9)),
        kind: xy.includes('C') ? 'copied' : 'renamed',
        origPath: fields[++i],
      };
    } else if (type === 'u') {
      change = { path: nthField(record, 10), kind: 'conflicted', staged: false, unstaged: true };
    } else if (type === '?') {
      change = { path: record.slice(2), kind: 'untracked', staged: false, unstaged: true };
    }
    if (!change) continue; // '!' (ignored) and anything newer git may add
    status.total++;
    if (status.changes.length < cap) status.changes.push(change);
  }
  return status;
}

function parseHeader(record: string, status: GitStatus): void {
  const [, key, ...rest] = record.split(' ');
  const value = rest.join(' ');
  if (key === 'branch.oid') status.head = value === '(initial)' ? null : value.slice(0, 12);
  else if (key === 'branch.head') status.branch = value === '(detached)' ? null : value;
  else if (key === 'branch.upstream') status.upstream = value;
  else if (key === 'branch.ab') {
    const m = /^\+(\d+) -(\d+)$/.exec(value);
    if (m) {
      status.ahead = Number(m[1]);
      status.behind = Number(m[2]);
    }
  }
}

/** The path is the rest of the record after `n` space-separated fields (paths may contain spaces). */
function nthField(record: string, n: number): string {
  let at = 0;
  for (let k = 0; k < n; k++) at = record.indexOf(' ', at) + 1;
  return record.slice(at);
}

function ordinary(xy: string, path: string): GitChange {
  const [x, y] = [xy[0], xy[1]];
  return { path, kind: kindOf(x !== '.' ? x : y), staged: x !== '.', unstaged: y !== '.' };
}

function kindOf(code: string): ChangeKind {
  switch (code) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'R':
      return 'renamed';
    case 'C':
      return 'copied';
    case 'T':
      return 'typechange';
    default:
      return 'modified';
  }
}
