/**
 * Turn checkpoints: the working tree (tracked files plus untracked, not ignored ones) saved as a
 * commit under a private ref, `refs/trellis/checkpoints/<session>/<n>`. Built in a private copy of
 * the index (add -A, write-tree, commit-tree), so the person's branches, index, stash and HEAD are
 * never touched; `git stash create` would miss untracked files. The refs keep the objects alive
 * until pruned.
 */
import type { FileChange } from './change-model';
import { diffAgainst } from './diff-against';
import { git, gitText, withPrivateIndex } from '../git/git';

export const CHECKPOINT_PREFIX = 'refs/trellis/checkpoints';

export interface Checkpoint {
  session: string;
  n: number;
  ref: string;
  /** The checkpoint commit; its tree is the working tree when it was taken. */
  commit: string;
  label: string;
  /** Unix seconds. */
  createdAt: number;
}

/** Session ids become ref path components: keep them to a safe alphabet. */
function checkSession(session: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(session) || session.includes('..') || session.endsWith('.lock')) {
    throw new Error(`invalid session id for a checkpoint ref: ${JSON.stringify(session)}`);
  }
}

/** The working tree as a tree object, built in a private index. */
export async function snapshotTree(repo: string): Promise<string> {
  return withPrivateIndex(repo, async (indexFile) => {
    await git(repo, ['add', '-A', '--', '.'], { indexFile });
    return gitText(repo, ['write-tree'], { indexFile });
  });
}

export async function createCheckpoint(repo: string, session: string, label = 'turn'): Promise<Checkpoint> {
  checkSession(session);
  const tree = await snapshotTree(repo);
  const head = await git(repo, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { okCodes: [1] });
  const parent = head.toString('utf8').trim();
  const existing = await listCheckpoints(repo, session);
  const n = existing.reduce((max, c) => Math.max(max, c.n), 0) + 1;
  const message = `${label}\n\nTrellis checkpoint ${session}/${n}\n`;
  const commit = await gitText(repo, ['commit-tree', tree, ...(parent ? ['-p', parent] : [])], { input: message });
  const ref = `${CHECKPOINT_PREFIX}/${session}/${n}`;
  // The expected old value (none) makes a concurrent checkpoint with the same number fail instead of overwriting it.
  await git(repo, ['update-ref', ref, commit, '0'.repeat(40)]);
  const createdAt = Number(await gitText(repo, ['show', '-s', '--format=%ct', commit]));
  return { session, n, ref, commit, label, createdAt };
}

/** A session's checkpoints (or every session's), oldest first. */
export async function listCheckpoints(repo: string, session?: string): Promise<Checkpoint[]> {
  if (session !== undefined) checkSession(session);
  const prefix = session === undefined ? `${CHECKPOINT_PREFIX}/` : `${CHECKPOINT_PREFIX}/${session}/`;
  const out = await gitText(repo, [
    'for-each-ref',
    '--format=%(refname)%00%(objectname)%00%(committerdate:unix)%00%(subject)',
    prefix,
  ]);
  const checkpoints: Checkpoint[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [ref, commit, date, label] = line.split('\0');
    const m = /^refs\/trellis\/checkpoints\/([^/]+)\/(\d+)$/.exec(ref);
    if (m) checkpoints.push({ session: m[1], n: Number(m[2]), ref, commit, label, createdAt: Number(date) });
  }
  return checkpoints.sort((a, b) => a.session.localeCompare(b.session) || a.n - b.n);
}

/** Delete a session's checkpoint refs (all, or all but the newest `keep`); returns how many went. */
export async function pruneCheckpoints(
  repo: string,
  session: string,
  options: { keep?: number } = {},
): Promise<number> {
  const all = await listCheckpoints(repo, session);
  const doomed = all.slice(0, Math.max(0, all.length - (options.keep ?? 0)));
  if (doomed.length === 0) return 0;
  await git(repo, ['update-ref', '--stdin'], { input: doomed.map((c) => `delete ${c.ref} ${c.commit}\n`).join('') });
  return doomed.length;
}

/** A turn's changes so far: the working tree against the checkpoint taken when it started. */
export async function changesSince(repo: string, checkpoint: Pick<Checkpoint, 'commit'>): Promise<FileChange[]> {
  return diffAgainst(repo, checkpoint.commit);
}
