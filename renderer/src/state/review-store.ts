import { create } from 'zustand';
import type {
  ChangeSource,
  FileDecisionInfo,
  ReviewComment,
  ReviewFile,
  ReviewFileEntry,
  ReviewOutcomeFile,
  SessionEvent,
} from '../../../electron/contract';
import { api } from './api-instance';

export type HunkVerdict = 'accept' | 'reject';

/** A patch the agent proposed, waiting for (or past) the person's decision. */
export interface ReviewItem {
  sessionId: string;
  callId: string;
  turn: number;
  files: ReviewFile[];
  /** Set once decided: what was written. */
  outcome?: ReviewOutcomeFile[];
  error?: string;
}

/**
 * A change after the fact, for review and revert: what a turn changed since it began (its checkpoint; undo
 * and redo too), or what a crew task changed in its worktree (approve to merge, or reject).
 */
export interface ShownChanges {
  source: ChangeSource;
  /** The list comes first without counts (fast on a big change); counts follow. Hunks load per file. */
  files: ReviewFileEntry[];
  undone: boolean;
}

interface ReviewState {
  /** The session the transcript shows: its turns are what "Review the last turn's changes" looks at. */
  shownSession: string | null;
  review: ReviewItem | null;
  /** Turns of the shown session that have a checkpoint, oldest first. */
  checkpointTurns: number[];
  changes: ShownChanges | null;
  /** Bumped after a revert, undo or redo: diffs on screen reload. */
  generation: number;
  selectedPath: string | null;
  /** Per file: per hunk index; whole files (binary, too large) under index -1. */
  verdicts: Record<string, Record<number, HunkVerdict>>;
  comments: ReviewComment[];
  focusedHunk: number;
  /** Hunks of the open file of a turn's or task's change (its hunks load when it is opened). */
  openedHunks: number | null;
  layout: 'side-by-side' | 'inline';
  submitting: boolean;
  error: string | null;
  ingest(sessionId: string, events: SessionEvent[]): void;
  /** Start over for the session the transcript now shows (null: none). */
  reset(shownSession?: string | null): void;
  select(path: string): void;
  focusHunk(index: number): void;
  moveHunk(step: 1 | -1): void;
  decideHunk(path: string, index: number, verdict: HunkVerdict): void;
  decideFile(path: string, verdict: HunkVerdict): void;
  decideAll(verdict: HunkVerdict): void;
  addComment(comment: ReviewComment): void;
  removeComment(index: number): void;
  setLayout(layout: 'side-by-side' | 'inline'): void;
  submit(): Promise<void>;
  loadTurn(turn?: number): Promise<void>;
  /** Show a crew task's change (its worktree against the commit it started from). */
  loadTask(workspaceId: string, spec: string, taskId: string): Promise<void>;
  loadChanges(source: ChangeSource): Promise<void>;
  revert(target: { path?: string; hunks?: number[] }): Promise<void>;
  /** Show a changed file in the system's file manager (binary and very large files are not displayed here). */
  reveal(path: string): Promise<void>;
  undoTurn(): Promise<void>;
  redoTurn(): Promise<void>;
  /** The comments as the next instruction to the agent. */
  requestChangesPrompt(): string | null;
}

export const WHOLE_FILE = -1;

export const isWholeFile = (file: ReviewFile) => file.binary || !!file.tooLarge || file.hunks.length === 0;

/** What the person decided, in the contract's terms: undecided hunks are not written. */
export function decisionsFor(files: ReviewFile[], verdicts: ReviewState['verdicts']): Record<string, FileDecisionInfo> {
  const out: Record<string, FileDecisionInfo> = {};
  for (const file of files) {
    const mine = verdicts[file.path] ?? {};
    if (isWholeFile(file)) {
      out[file.path] = mine[WHOLE_FILE] === 'accept' ? 'accept' : 'reject';
      continue;
    }
    const accepted = file.hunks.filter((h) => mine[h.index] === 'accept').map((h) => h.index);
    out[file.path] = accepted.length === file.hunks.length ? 'accept' : accepted.length === 0 ? 'reject' : accepted;
  }
  return out;
}

/** The review pane's state: the latest patch held for review in the shown session, and the person's verdicts on it. */
export const useReview = create<ReviewState>()((set, get) => ({
  shownSession: null,
  review: null,
  checkpointTurns: [],
  changes: null,
  generation: 0,
  selectedPath: null,
  verdicts: {},
  comments: [],
  focusedHunk: 0,
  openedHunks: null,
  layout: 'side-by-side',
  submitting: false,
  error: null,

  ingest(sessionId, events) {
    for (const event of events) {
      if (event.type === 'review.requested') {
        set({
          review: { sessionId, callId: event.callId, turn: event.turn, files: event.files },
          selectedPath: event.files[0]?.path ?? null,
          verdicts: {},
          comments: [],
          focusedHunk: 0,
          error: null,
          submitting: false,
        });
      } else if (event.type === 'checkpoint.created') {
        set({ checkpointTurns: [...get().checkpointTurns, event.turn] });
      } else if (event.type === 'turn.started' && get().changes?.source.kind === 'turn') {
        set({ changes: null });
      } else if (event.type === 'review.decided') {
        const review = get().review;
        if (review?.callId === event.callId)
          set({ review: { ...review, outcome: event.outcome ?? [], error: event.error }, submitting: false });
      }
    }
  },

  reset(shownSession = null) {
    set({
      shownSession,
      checkpointTurns: [],
      changes: get().changes?.source.kind === 'task' ? get().changes : null,
      review: null,
      selectedPath: null,
      verdicts: {},
      comments: [],
      focusedHunk: 0,
      error: null,
      submitting: false,
    });
  },

  select(path) {
    set({ selectedPath: path, focusedHunk: 0, openedHunks: null });
  },

  focusHunk(index) {
    set({ focusedHunk: index });
  },

  moveHunk(step) {
    const { review, changes, selectedPath, focusedHunk, openedHunks } = get();
    // A proposal carries every file's hunks; a turn's or task's change loads them per file, so only the open
    // file's count is known: past its ends the move goes to the next file's first hunk (or the previous one's).
    const files: Array<{ path: string; hunks?: number }> = review
      ? review.files.map((f) => ({ path: f.path, hunks: f.hunks.length }))
      : (changes?.files ?? []).map((f) => ({ path: f.path }));
    const count = (i: number) =>
      Math.max((files[i].path === selectedPath ? (files[i].hunks ?? openedHunks) : files[i].hunks) ?? 1, 1);
    let fileIndex = files.findIndex((f) => f.path === selectedPath);
    let hunk = focusedHunk + step;
    while (fileIndex >= 0) {
      if (hunk >= 0 && hunk < count(fileIndex)) break;
      fileIndex += step;
      if (fileIndex < 0 || fileIndex >= files.length) return;
      hunk = step === 1 ? 0 : files[fileIndex].hunks === undefined ? 0 : count(fileIndex) - 1;
    }
    if (fileIndex < 0) return;
    set({ selectedPath: files[fileIndex].path, focusedHunk: hunk });
  },

  decideHunk(path, index, verdict) {
    const verdicts = get().verdicts;
    set({ verdicts: { ...verdicts, [path]: { ...verdicts[path], [index]: verdict } } });
  },

  decideFile(path, verdict) {
    const file = get().review?.files.find((f) => f.path === path);
    if (!file) return;
    const entries = isWholeFile(file) ? [[WHOLE_FILE, verdict]] : file.hunks.map((h) => [h.index, verdict]);
    set({ verdicts: { ...get().verdicts, [path]: Object.fromEntries(entries) } });
  },

  decideAll(verdict) {
    for (const file of get().review?.files ?? []) get().decideFile(file.path, verdict);
  },

  addComment(comment) {
    set({ comments: [...get().comments, comment] });
  },

  removeComment(index) {
    set({ comments: get().comments.filter((_, i) => i !== index) });
  },

  setLayout(layout) {
    set({ layout });
  },

  async submit() {
    const { review, verdicts, comments } = get();
    if (!review || review.outcome) return;
    set({ submitting: true, error: null });
    const result = await api().request('session.review', {
      sessionId: review.sessionId,
      callId: review.callId,
      answer: { decisions: decisionsFor(review.files, verdicts), comments },
    });
    if (!result.ok) set({ submitting: false, error: result.error.message });
  },

  async loadTurn(turn) {
    const shown = get().changes?.source;
    const sessionId =
      get().review?.sessionId ?? (shown?.kind === 'turn' ? shown.sessionId : null) ?? get().shownSession;
    const which = turn ?? get().checkpointTurns.at(-1);
    if (!sessionId || which === undefined) return;
    await get().loadChanges({ kind: 'turn', sessionId, turn: which });
  },

  async loadTask(workspaceId, spec, taskId) {
    await get().loadChanges({ kind: 'task', workspaceId, spec, taskId });
  },

  async loadChanges(source) {
    const result = await api().request('changes.list', { source, counts: false });
    if (!result.ok) return set({ error: result.error.message });
    const same = sameSource(get().changes?.source, source);
    const undone = same ? get().changes!.undone : false;
    const generation = get().generation + 1;
    // Counts take git several times longer on a big change: they fill in when they come.
    void api()
      .request('changes.list', { source, counts: true })
      .then((counted) => {
        const now = get().changes;
        if (counted.ok && now && sameSource(now.source, source) && get().generation === generation)
          set({ changes: { ...now, files: counted.value } });
      });
    set({
      review: null,
      changes: { source, files: result.value, undone },
      selectedPath: result.value.some((f) => f.path === get().selectedPath)
        ? get().selectedPath
        : (result.value[0]?.path ?? null),
      focusedHunk: 0,
      verdicts: {},
      comments: same ? get().comments : [],
      error: null,
      generation,
    });
  },

  async revert(target) {
    const changes = get().changes;
    if (!changes) return;
    const result = await api().request('changes.revert', { source: changes.source, ...target });
    if (!result.ok) return set({ error: result.error.message });
    await get().loadChanges(changes.source);
  },

  async reveal(path) {
    const changes = get().changes;
    if (!changes) return;
    const result = await api().request('changes.reveal', { source: changes.source, path });
    set({ error: result.ok ? null : result.error.message });
  },

  async undoTurn() {
    const changes = get().changes;
    if (changes?.source.kind !== 'turn') return;
    const result = await api().request('session.undoTurn', {
      sessionId: changes.source.sessionId,
      turn: changes.source.turn,
    });
    if (!result.ok) return set({ error: result.error.message });
    set({ changes: { ...changes, undone: true } });
    await get().loadChanges(changes.source);
  },

  async redoTurn() {
    const changes = get().changes;
    if (changes?.source.kind !== 'turn') return;
    const result = await api().request('session.redoTurn', {
      sessionId: changes.source.sessionId,
      turn: changes.source.turn,
    });
    if (!result.ok) return set({ error: result.error.message });
    set({ changes: { ...changes, undone: false } });
    await get().loadChanges(changes.source);
  },

  requestChangesPrompt() {
    const lines = commentLines(get().comments);
    return lines ? `Please change the following (review comments on your last changes):\n${lines}` : null;
  },
}));

/** Review comments as lines naming file and line, for the agent. */
export function commentLines(comments: ReviewComment[]): string {
  return comments.map((c) => `- ${c.path}${c.line ? `:${c.line}` : ''}: ${c.text}`).join('\n');
}

function sameSource(a: ChangeSource | undefined, b: ChangeSource): boolean {
  if (!a || a.kind !== b.kind) return false;
  return a.kind === 'turn'
    ? b.kind === 'turn' && a.sessionId === b.sessionId && a.turn === b.turn
    : b.kind === 'task' && a.workspaceId === b.workspaceId && a.spec === b.spec && a.taskId === b.taskId;
}
