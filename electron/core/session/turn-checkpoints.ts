import type { SessionEventBody } from '../../contract';
import { createCheckpoint } from '../review/checkpoints';
import { repoRoot } from '../git/git';
import { pinRepository } from '../git/git-dir';

/**
 * The working tree as each turn found it (a private git ref), for review and undo of the turn; outside a git
 * repository there is nothing to keep it in, and no checkpoint.
 */
export class TurnCheckpoints {
  /** The repository of the working folder, found once, at the first checkpoint (before the agent acted). */
  private repo?: Promise<string | null>;

  constructor(
    private readonly cwd: string,
    private readonly sessionId: string,
    private readonly emit: (body: SessionEventBody) => Promise<unknown>,
  ) {}

  async take(turn: number): Promise<void> {
    // The repository as the session's first turn found it: a `git init` the agent runs in its working folder
    // later must not turn checkpoints (git add -A, outside the sandbox) into its nested repository's.
    this.repo ??= pinRepository(this.cwd)
      .then((found) => (found ? repoRoot(this.cwd) : null))
      .catch(() => null);
    const root = await this.repo;
    if (!root) return;
    try {
      const checkpoint = await createCheckpoint(root, this.sessionId, `turn ${turn}`);
      await this.emit({ type: 'checkpoint.created', turn, commit: checkpoint.commit, ref: checkpoint.ref });
    } catch (err) {
      await this.emit({
        type: 'error',
        message: `No checkpoint for this turn (undo and turn review are off for it): ${(err as Error).message}`,
        willRetry: false,
      });
    }
  }
}
