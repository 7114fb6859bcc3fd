import type { ReviewFile, ReviewFileEntry } from '../../contract';
import { ExpectedFailure, failingAs } from '../errors/expected-failure';
import { repoRoot } from '../git/git';
import { changeFile, changeList, revertChange, type ChangeDetail } from '../review/change-review';
import { redoTurn, undoTurn, type UndoResult } from '../review/revert';
import { readSessionLog } from '../session/read-session-log';

/**
 * One window session's turns as changes to review, revert, undo and redo: each turn's checkpoint (a private git
 * ref made as the turn began) against the working tree. What is undone in this window is remembered for redo.
 */
export class SessionTurnChanges {
  /** Each turn's checkpoint commit, as the session announces them (earlier ones come from its log once asked for). */
  private readonly checkpoints = new Map<number, string>();
  /** Turns undone, by turn: what redo puts back. */
  private readonly undone = new Map<number, UndoResult>();
  /** The repository's top folder, once known. */
  private repo?: string;

  constructor(
    private readonly session: { id: string; log: { file?: string | null } },
    /** The workspace folder the session works in. */
    private readonly root: string,
  ) {}

  noteCheckpoint(turn: number, commit: string): void {
    this.checkpoints.set(turn, commit);
  }

  /** The files changed since the turn began (its checkpoint): paths and kinds at once, counts when asked. */
  async list(turn: number, counts: boolean): Promise<ReviewFileEntry[]> {
    const { repo, commit } = await this.checkpoint(turn);
    return changeList(repo, commit, counts);
  }

  /** One file of the turn's changes: its hunks and both sides, loaded when the person opens it. */
  async file(turn: number, file: { path: string; oldPath?: string; kind: ReviewFile['kind'] }): Promise<ChangeDetail> {
    const { repo, commit } = await this.checkpoint(turn);
    return changeFile(repo, commit, file);
  }

  /** The folder a turn's change paths are relative to (the repository's top). */
  async folder(turn: number): Promise<string> {
    return (await this.checkpoint(turn)).repo;
  }

  /** Put back the turn's start: for everything, one file, or some of a file's hunks. The session must be idle. */
  async revert(turn: number, target: { path?: string; hunks?: number[] }): Promise<void> {
    const { repo, commit } = await this.checkpoint(turn);
    await failingAs('revert-failed', () => revertChange(repo, commit, target));
    this.undone.delete(turn);
  }

  async undo(turn: number): Promise<void> {
    const { repo, commit } = await this.checkpoint(turn);
    this.undone.set(turn, await failingAs('revert-failed', () => undoTurn(repo, this.session.id, { commit })));
  }

  async redo(turn: number): Promise<void> {
    const undone = this.undone.get(turn);
    if (!undone) throw new ExpectedFailure('not-undone', 'That turn has not been undone in this window.');
    const { repo } = await this.checkpoint(turn);
    await failingAs('revert-failed', () => redoTurn(repo, undone));
    this.undone.delete(turn);
  }

  private async checkpoint(turn: number): Promise<{ repo: string; commit: string }> {
    const file = this.session.log.file;
    if (!file) throw new ExpectedFailure('no-checkpoint', 'This session keeps no log, so no checkpoints.');
    // Every file the person opens asks for this: the log (which can hold 100,000 events) is read once, not per file.
    if (!this.checkpoints.has(turn)) {
      const { events } = await readSessionLog(file);
      for (const e of events) if (e.type === 'checkpoint.created') this.checkpoints.set(e.turn, e.commit);
    }
    const commit = this.checkpoints.get(turn);
    if (!commit)
      throw new ExpectedFailure(
        'no-checkpoint',
        `Turn ${turn + 1} has no checkpoint (the folder is not in a git repository).`,
      );
    this.repo ??= await repoRoot(this.root);
    return { repo: this.repo, commit };
  }
}
