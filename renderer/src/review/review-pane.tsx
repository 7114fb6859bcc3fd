import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReviewFile, ReviewHunk } from '../../../electron/contract';
import { EmptyState } from '../components/empty-state';
import type { ChangeSource, FlaggedFile, Result, ReviewFileEntry } from '../../../electron/contract';
import { api } from '../state/api-instance';
import { useCrew } from '../state/crew-store';
import { commentLines, decisionsFor, isWholeFile, useReview, WHOLE_FILE, type HunkVerdict } from '../state/review-store';
import { useSession } from '../state/session-store';

const loadDiffView = () => import('./diff-view');
const DiffView = lazy(loadDiffView);

const KIND_LETTER: Record<ReviewFile['kind'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };
const ROW_HEIGHT = 26;

/** The review pane: a proposed patch file by file and hunk by hunk, to accept, reject and comment before anything is written. */
export function ReviewPane() {
  // Monaco's diff chunk loads while the app is idle, not when the person opens the first diff.
  useEffect(() => {
    const idle = requestIdleCallback(() => void loadDiffView());
    return () => cancelIdleCallback(idle);
  }, []);
  const review = useReview((s) => s.review);
  const selectedPath = useReview((s) => s.selectedPath);
  const verdicts = useReview((s) => s.verdicts);
  const layout = useReview((s) => s.layout);
  const submitting = useReview((s) => s.submitting);
  const error = useReview((s) => s.error);
  const comments = useReview((s) => s.comments);

  if (!review) return <ChangesReview />;
  const decided = !!review.outcome;
  const selected = review.files.find((f) => f.path === selectedPath) ?? review.files[0];
  const decisions = decisionsFor(review.files, verdicts);
  const totalHunks = review.files.reduce((n, f) => n + (isWholeFile(f) ? 1 : f.hunks.length), 0);
  const acceptedHunks = review.files.reduce((n, f) => {
    const d = decisions[f.path];
    return n + (d === 'accept' ? (isWholeFile(f) ? 1 : f.hunks.length) : Array.isArray(d) ? d.length : 0);
  }, 0);
  const store = useReview.getState();

  return (
    // The pane around this is the "Review changes" region; keys work anywhere inside it.
    <div className="review-pane" onKeyDown={onKeys}>
      <div className="review-toolbar" role="toolbar" aria-label="Review actions">
        <button type="button" disabled={decided} onClick={() => store.decideAll('accept')}>
          Accept all
        </button>
        <button type="button" disabled={decided} onClick={() => store.decideAll('reject')}>
          Reject all
        </button>
        <span className="toolbar-spacer" />
        <label className="layout-toggle">
          <input type="checkbox" checked={layout === 'inline'} onChange={(e) => store.setLayout(e.target.checked ? 'inline' : 'side-by-side')} /> Inline
        </label>
        <button type="button" className="primary" disabled={decided || submitting} onClick={() => void store.submit()}>
          Apply
        </button>
      </div>
      <p className="review-status" aria-live="polite">
        {decided
          ? review.error
            ? `Not written: ${review.error}`
            : `Applied: ${review.outcome!.filter((f) => f.status !== 'rejected').length} of ${review.outcome!.length} file(s) written.`
          : `${acceptedHunks} of ${totalHunks} hunk(s) accepted${comments.length ? `, ${comments.length} comment(s)` : ''}. Apply writes exactly the accepted hunks.`}
      </p>
      {error && <p className="pane-message tone-error">{error}</p>}
      <FileList files={review.files} selected={selected?.path ?? null} />
      {selected && (
        <FileReview
          key={`${review.callId}:${selected.path}`}
          file={selected}
          layout={layout}
          mode={decided ? 'decided' : 'proposal'}
          source={review.callId}
          sides={() => api().request('session.reviewFile', { sessionId: review.sessionId, callId: review.callId, path: selected.path })}
        />
      )}
    </div>
  );
}

/** j / n: next hunk, k / p: previous, a: accept, r: reject; not while typing a comment. */
function onKeys(event: KeyboardEvent) {
  const target = event.target as HTMLElement;
  if (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || event.metaKey || event.ctrlKey || event.altKey) return;
  const store = useReview.getState();
  const file = store.review?.files.find((f) => f.path === store.selectedPath);
  if (event.key === 'j' || event.key === 'n') store.moveHunk(1);
  else if (event.key === 'k' || event.key === 'p') store.moveHunk(-1);
  else if ((event.key === 'a' || event.key === 'r') && file && !store.review?.outcome) {
    const verdict: HunkVerdict = event.key === 'a' ? 'accept' : 'reject';
    if (isWholeFile(file)) store.decideFile(file.path, verdict);
    else store.decideHunk(file.path, store.focusedHunk, verdict);
  } else return;
  event.preventDefault();
}

function FileList({ files, selected, showState = true, flagged }: { files: Array<ReviewFile | ReviewFileEntry>; selected: string | null; showState?: boolean; flagged?: FlaggedFile[] }) {
  const verdicts = useReview((s) => s.verdicts);
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: files.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div className="review-files" ref={parent} role="listbox" aria-label="Changed files">
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => {
          const file = files[row.index];
          const state = showState && 'hunks' in file ? fileState(file, verdicts[file.path] ?? {}) : 'undecided';
          const flag = flagged?.find((f) => f.path === file.path);
          return (
            <div
              key={file.path}
              role="option"
              aria-selected={file.path === selected}
              aria-label={`${file.oldPath ? `${file.oldPath} renamed to ${file.path}` : file.path}, ${file.kind}${flag ? `, ${flagText(flag)}` : ''}${showState ? `, ${state}` : ''}${countsText(file)}`}
              className={`review-file${file.path === selected ? ' selected' : ''}`}
              style={{ position: 'absolute', top: row.start, height: ROW_HEIGHT, left: 0, right: 0 }}
              onClick={() => useReview.getState().select(file.path)}
            >
              <span className={`patch-kind kind-${file.kind}`} aria-hidden="true">
                {KIND_LETTER[file.kind]}
              </span>
              <span className="review-file-path" title={file.path}>
                {file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
              </span>
              {flag && (
                <span className="flagged-note" title={flagText(flag)} aria-hidden>
                  ⚠ {flag.large ? formatBytes(flag.bytes) : 'binary'}
                </span>
              )}
              <span className="review-counts">
                {file.binary ? 'binary' : file.tooLarge ? 'large' : file.additions === undefined ? '' : <><span className="added">+{file.additions}</span> <span className="deleted">−{file.deletions}</span></>}
              </span>
              {showState && (
                <span className={`review-verdict verdict-${state.replace(' ', '-')}`} aria-hidden>
                  {STATE_MARK[state]}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Why a file is flagged, as a person reads it. */
function flagText(file: FlaggedFile): string {
  return file.large ? `large file added (${formatBytes(file.bytes)}), over [crew] max_added_file_kb` : 'new binary file';
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
}

/** Both sides of a file, or how to fetch them. */
type DiffSides = { before: string | null; after: string | null } | (() => Promise<Result<{ before: string | null; after: string | null }>>);

/** After the fact: what a turn or a crew task changed, to revert by hunk, file or whole, comment on, and (a task) approve or reject. */
function ChangesReview() {
  const turns = useReview((s) => s.checkpointTurns);
  const changes = useReview((s) => s.changes);
  const selectedPath = useReview((s) => s.selectedPath);
  const layout = useReview((s) => s.layout);
  const generation = useReview((s) => s.generation);
  const comments = useReview((s) => s.comments);
  const error = useReview((s) => s.error);
  const running = useSession((s) => s.running);
  const taskRef = changes?.source.kind === 'task' ? changes.source : null;
  const flagged = useCrew((s) => (taskRef && s.spec === taskRef.spec ? s.rows.find((r) => r.taskId === taskRef.taskId)?.flagged : undefined));
  const store = useReview.getState();

  if (!changes) {
    return (
      <EmptyState title="Nothing to review">
        Changes an agent proposes appear here before they are written, file by file and hunk by hunk, to accept or reject.
        {turns.length > 0 && (
          <>
            {' '}
            <button type="button" className="link-button" disabled={running} onClick={() => void store.loadTurn()}>
              Review the last turn&apos;s changes
            </button>
          </>
        )}
        {error && <span className="tone-error"> {error}</span>}
      </EmptyState>
    );
  }
  const source = changes.source;
  const selected = changes.files.find((f) => f.path === selectedPath) ?? changes.files[0];
  const key = `${source.kind === 'turn' ? `turn-${source.turn}` : `task-${source.spec}-${source.taskId}`}-${generation}`;
  // A turn's files are rewritten only while its agent is idle; a task's only while it waits for review.
  const busy = source.kind === 'turn' ? running : false;
  const what = source.kind === 'turn' ? `turn ${source.turn + 1}` : `task ${source.taskId}`;
  return (
    <div className="review-pane" onKeyDown={onKeys}>
      {source.kind === 'turn' ? <TurnActions undone={changes.undone} busy={busy} empty={!changes.files.length} /> : <TaskActions source={source} />}
      <p className="review-status" aria-live="polite">
        {changes.files.length
          ? `${changes.files.length} file(s) changed since ${what} began${changes.undone ? ' (undone)' : ''}${comments.length ? `, ${comments.length} comment(s)` : ''}.`
          : `Nothing differs from how ${what} found the folder${changes.undone ? ' (undone)' : ''}.`}
      </p>
      {error && <p className="pane-message tone-error">{error}</p>}
      {flagged?.length ? (
        <p className="review-flagged" role="alert">
          ⚠ This task adds large or binary files ({flagged.map((f) => f.path).join(', ')}): once merged they stay in your history. Check them before you approve.
        </p>
      ) : null}
      <FileList files={changes.files} selected={selected?.path ?? null} showState={false} flagged={flagged} />
      {selected && <ChangedFile key={`${key}:${selected.path}`} source={source} entry={selected} layout={layout} cacheKey={key} />}
    </div>
  );
}

function LayoutToggle() {
  const layout = useReview((s) => s.layout);
  return (
    <label className="layout-toggle">
      <input type="checkbox" checked={layout === 'inline'} onChange={(e) => useReview.getState().setLayout(e.target.checked ? 'inline' : 'side-by-side')} /> Inline
    </label>
  );
}

function CloseReview() {
  return (
    <button type="button" className="icon-button" aria-label="Close review" title="Close review" onClick={() => useReview.setState({ changes: null })}>
      ×
    </button>
  );
}

function TurnActions({ undone, busy, empty }: { undone: boolean; busy: boolean; empty: boolean }) {
  const changes = useReview((s) => s.changes);
  const comments = useReview((s) => s.comments);
  const store = useReview.getState();
  if (changes?.source.kind !== 'turn') return null;
  return (
    <div className="review-toolbar" role="toolbar" aria-label="Turn actions">
      <span className="review-turn-label">Turn {changes.source.turn + 1}</span>
      <button type="button" disabled={busy || empty} onClick={() => void store.revert({})}>
        Revert turn
      </button>
      {undone ? (
        <button type="button" disabled={busy} onClick={() => void store.redoTurn()}>
          Redo turn
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => void store.undoTurn()}>
          Undo turn
        </button>
      )}
      <span className="toolbar-spacer" />
      <LayoutToggle />
      <CloseReview />
      <button
        type="button"
        className="primary"
        disabled={busy || !comments.length}
        onClick={() => {
          const prompt = store.requestChangesPrompt();
          if (prompt) void useSession.getState().send(prompt).then((sent) => sent && useReview.setState({ comments: [] }));
        }}
      >
        Request changes
      </button>
    </div>
  );
}

/** A crew task's change: approve merges it into the workspace's branch; reject sends it back to todo with the comments. */
function TaskActions({ source }: { source: Extract<ChangeSource, { kind: 'task' }> }) {
  const row = useCrew((s) => s.rows.find((r) => r.taskId === source.taskId && s.spec === source.spec));
  const comments = useReview((s) => s.comments);
  const [note, setNote] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const store = useReview.getState();
  const deciding = row?.state === 'reviewing' || row?.state === 'conflict';
  const reject = () => {
    const text = [note.trim(), commentLines(comments)].filter(Boolean).join('\n');
    void useCrew
      .getState()
      .reject(source.taskId, text)
      .then((ok) => ok && useReview.setState({ comments: [], changes: null }));
  };
  return (
    <>
      <div className="review-toolbar" role="toolbar" aria-label="Task actions">
        <span className="review-turn-label" title={row?.title}>
          Task {source.taskId}
          {row ? `: ${row.title}` : ''}
        </span>
        <button type="button" disabled={!deciding} onClick={() => void store.revert({})}>
          Revert all
        </button>
        <span className="toolbar-spacer" />
        <LayoutToggle />
        <CloseReview />
        <button type="button" disabled={!deciding} onClick={() => setRejecting((v) => !v)}>
          Reject task
        </button>
        <button type="button" className="primary" disabled={!deciding} onClick={() => void useCrew.getState().approve(source.taskId)}>
          Approve and merge
        </button>
      </div>
      {row?.state === 'conflict' && (
        <div className="review-conflict" role="alert">
          <p className="tone-error">{row.error ?? `Merging ${row.branch} conflicts with your branch in ${row.conflicts?.join(', ')}.`}</p>
          <p>
            <button type="button" onClick={() => void useCrew.getState().resolve(source.taskId, 'agent')}>
              Hand to an agent
            </button>{' '}
            <button type="button" onClick={() => void useCrew.getState().resolve(source.taskId, 'person').then(() => store.loadChanges(source))}>
              Resolve myself
            </button>
          </p>
          <p className="pane-note">
            Either way your branch is merged into the task&apos;s worktree ({row.worktree}) and the conflict is resolved there; the result comes back here for
            review. Or reject the task and retry it on top of your branch.
          </p>
        </div>
      )}
      {!deciding && row && <p className="pane-message">This task is {row.state}; only a task waiting for review can be approved or rejected.</p>}
      {rejecting && (
        <div className="hunk-comment-form">
          <textarea aria-label="Why reject" placeholder="What should the next attempt do differently?" value={note} rows={2} onChange={(e) => setNote(e.target.value)} autoFocus />
          <button type="button" onClick={reject}>
            Reject and send back
          </button>
        </div>
      )}
    </>
  );
}

/** One changed file: its hunks and both sides load when it is opened. */
function ChangedFile({ source, entry, layout, cacheKey }: { source: ChangeSource; entry: ReviewFileEntry; layout: 'side-by-side' | 'inline'; cacheKey: string }) {
  const [detail, setDetail] = useState<{ file: ReviewFile | null; before: string | null; after: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A layout effect: the request leaves in the frame of the click, not after the next paint.
  useLayoutEffect(() => {
    let current = true;
    void api()
      .request('changes.file', { source, path: entry.path, oldPath: entry.oldPath, kind: entry.kind })
      .then((result) => {
        if (!current) return;
        if (result.ok) {
          setDetail(result.value);
          useReview.setState({ openedHunks: result.value.file?.hunks.length ?? 0 });
        } else setError(result.error.message);
      });
    return () => {
      current = false;
    };
    // The source object is rebuilt on every load; cacheKey names it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cacheKey, entry.path, entry.oldPath, entry.kind]);
  if (error) return <p className="pane-message tone-error">{error}</p>;
  if (!detail) return <p className="pane-message">Loading {entry.path}…</p>;
  if (!detail.file) return <p className="pane-message">{entry.path} no longer differs from where it started.</p>;
  return <FileReview file={detail.file} layout={layout} mode="turn" source={cacheKey} sides={detail} />;
}

type FileState = 'accepted' | 'rejected' | 'undecided' | 'partly decided';
const STATE_MARK: Record<FileState, string> = { accepted: '✓', rejected: '✗', undecided: '○', 'partly decided': '◐' };

function fileState(file: ReviewFile, verdicts: Record<number, HunkVerdict>): FileState {
  const indexes = isWholeFile(file) ? [WHOLE_FILE] : file.hunks.map((h) => h.index);
  const given = indexes.map((i) => verdicts[i]);
  if (given.every((v) => v === 'accept')) return 'accepted';
  if (given.every((v) => v === 'reject')) return 'rejected';
  return given.every((v) => v === undefined) ? 'undecided' : 'partly decided';
}

type Mode = 'proposal' | 'decided' | 'turn';

function FileReview({ file, layout, mode, source, sides }: { file: ReviewFile; layout: 'side-by-side' | 'inline'; mode: Mode; source: string; sides: DiffSides }) {
  const decided = mode === 'decided';
  const verdicts = useReview((s) => s.verdicts[file.path]) ?? {};
  const focused = useReview((s) => s.focusedHunk);
  const store = useReview.getState();
  const whole = isWholeFile(file);
  const focusedHunk = file.hunks[focused];

  return (
    <div className="review-file-detail">
      {whole ? (
        <div className="review-whole-file" aria-label={`${file.path}, whole file`}>
          <p className="pane-message">
            {file.binary ? 'Binary file' : file.tooLarge ? 'Very large file' : file.kind === 'renamed' ? 'Renamed without changes' : 'No line changes'}:{' '}
            {mode === 'turn' ? 'it can be reverted as a whole.' : 'accept or reject it as a whole.'}
            {file.binary || file.tooLarge ? (mode === 'turn' ? ' Show it in its folder to open it with another program.' : ' It is not written yet; accept it to see it on disk.') : ''}
          </p>
          {mode === 'turn' ? (
            <span className="verdict-buttons">
              <button type="button" className="review-action" onClick={() => void store.revert({ path: file.path })}>
                Revert file
              </button>
              {(file.binary || file.tooLarge) && file.kind !== 'deleted' && (
                <button type="button" className="review-action" onClick={() => void store.reveal(file.path)}>
                  Show in folder
                </button>
              )}
            </span>
          ) : (
            <Verdict verdict={verdicts[WHOLE_FILE]} decided={decided} onAccept={() => store.decideFile(file.path, 'accept')} onReject={() => store.decideFile(file.path, 'reject')} what="file" />
          )}
        </div>
      ) : (
        <>
          <Suspense fallback={<p className="pane-message">Loading the diff…</p>}>
            <DiffView source={source} path={file.path} sides={sides} hunks={file.hunks} layout={layout} revealLine={focusedHunk ? Math.max(focusedHunk.newStart, 1) : 1} live={!decided} />
          </Suspense>
          <HunkList file={file} verdicts={verdicts} focused={focused} mode={mode} />
        </>
      )}
    </div>
  );
}

/** The hunks of one file, virtualized: a 10,000-line file's thousand hunks render as the few on screen. */
function HunkList({ file, verdicts, focused, mode }: { file: ReviewFile; verdicts: Record<number, HunkVerdict>; focused: number; mode: Mode }) {
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: file.hunks.length, getScrollElement: () => parent.current, estimateSize: () => 150, overscan: 4 });
  const scrolled = useRef(false);
  useEffect(() => {
    // A newly opened file starts at its first hunk, already in view: scrolling there would only force a layout.
    if (!scrolled.current && focused === 0) return;
    scrolled.current = true;
    if (focused < file.hunks.length) virtual.scrollToIndex(focused, { align: 'auto' });
  }, [focused, file.hunks.length, virtual]);
  return (
    <div className="review-hunks" ref={parent} role="list" aria-label={`Hunks of ${file.path}`}>
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => {
          const hunk = file.hunks[item.index];
          return (
            <div key={hunk.index} data-index={item.index} ref={virtual.measureElement} className="review-hunk-slot" style={{ transform: `translateY(${item.start}px)` }}>
              <HunkCard file={file} hunk={hunk} verdict={verdicts[hunk.index]} focused={hunk.index === focused} mode={mode} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function HunkCard({ file, hunk, verdict, focused, mode }: { file: ReviewFile; hunk: ReviewHunk; verdict?: HunkVerdict; focused: boolean; mode: Mode }) {
  const decided = mode === 'decided';
  const store = useReview.getState();
  const ref = useRef<HTMLDivElement>(null);
  const comments = useReview((s) => s.comments);
  const [draft, setDraft] = useState('');
  const [commenting, setCommenting] = useState(false);
  useEffect(() => {
    if (!focused || !ref.current) return;
    // Keyboard review moves the focus along with the current hunk, unless a comment is being typed.
    const active = document.activeElement;
    if (active?.closest('.review-pane') && active.tagName !== 'TEXTAREA') ref.current.focus();
  }, [focused]);
  const addComment = useCallback(() => {
    const text = draft.trim();
    if (!text) return;
    // The first added line is what a comment on a hunk is usually about; else where the hunk starts.
    const firstAdded = hunk.lines.findIndex((l) => l.marker === '+');
    const line = hunk.newStart + Math.max(0, hunk.lines.slice(0, firstAdded < 0 ? 0 : firstAdded).filter((l) => l.marker !== '-').length);
    store.addComment({ path: file.path, hunk: hunk.index, line: Math.max(line, 1), text });
    setDraft('');
    setCommenting(false);
  }, [draft, file.path, hunk, store]);
  const mine = comments.map((c, i) => ({ c, i })).filter(({ c }) => c.path === file.path && c.hunk === hunk.index);

  return (
    <div
      ref={ref}
      role="listitem"
      className={`review-hunk${focused ? ' focused' : ''} verdict-${verdict ?? 'none'}`}
      aria-label={`Hunk ${hunk.index + 1} of ${file.hunks.length}`}
      aria-current={focused ? 'true' : undefined}
      tabIndex={focused ? 0 : -1}
      onClick={() => store.focusHunk(hunk.index)}
      onFocus={(e) => e.target === e.currentTarget && store.focusHunk(hunk.index)}
    >
      <div className="hunk-head">
        <code className="hunk-range">
          @@ -{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@{hunk.header ? ` ${hunk.header}` : ''}
        </code>
        {mode === 'turn' ? (
          <button type="button" className="review-action" onClick={() => void store.revert({ path: file.path, hunks: [hunk.index] })}>
            Revert hunk
          </button>
        ) : (
          <Verdict verdict={verdict} decided={decided} onAccept={() => store.decideHunk(file.path, hunk.index, 'accept')} onReject={() => store.decideHunk(file.path, hunk.index, 'reject')} what="hunk" />
        )}
        {!decided && (
          <button type="button" className="link-button" onClick={() => setCommenting((v) => !v)}>
            Comment
          </button>
        )}
      </div>
      <pre className="hunk-lines">
        {hunk.lines.slice(0, 12).map((l, i) => (
          <span key={i} className={`hunk-line line-${l.marker === '+' ? 'add' : l.marker === '-' ? 'del' : 'ctx'}`}>
            {l.marker}
            {l.text}
            {'\n'}
          </span>
        ))}
        {hunk.lines.length > 12 && <span className="hunk-more">… {hunk.lines.length - 12} more line(s) in the diff above</span>}
      </pre>
      {mine.map(({ c, i }) => (
        <p key={i} className="hunk-comment">
          <span>
            Line {c.line}: {c.text}
          </span>
          {!decided && (
            <button type="button" className="icon-button" aria-label="Remove comment" onClick={() => store.removeComment(i)}>
              ×
            </button>
          )}
        </p>
      ))}
      {commenting && (
        <div className="hunk-comment-form">
          <textarea aria-label={`Comment on hunk ${hunk.index + 1}`} value={draft} rows={2} onChange={(e) => setDraft(e.target.value)} autoFocus />
          <button type="button" onClick={addComment} disabled={!draft.trim()}>
            Add comment
          </button>
        </div>
      )}
    </div>
  );
}

function Verdict({ verdict, decided, onAccept, onReject, what }: { verdict?: HunkVerdict; decided: boolean; onAccept(): void; onReject(): void; what: 'hunk' | 'file' }) {
  return (
    <span className="verdict-buttons">
      <button type="button" aria-pressed={verdict === 'accept'} className={verdict === 'accept' ? 'accepted' : ''} disabled={decided} onClick={onAccept}>
        {what === 'hunk' ? 'Accept hunk' : 'Accept file'}
      </button>
      <button type="button" aria-pressed={verdict === 'reject'} className={verdict === 'reject' ? 'rejected' : ''} disabled={decided} onClick={onReject}>
        {what === 'hunk' ? 'Reject hunk' : 'Reject file'}
      </button>
    </span>
  );
}

/** The counts a file's row shows, in words for its accessible name (which must contain what the row shows). */
function countsText(file: ReviewFile | ReviewFileEntry): string {
  if (file.binary) return ', binary';
  if (file.tooLarge) return ', large';
  return file.additions === undefined ? '' : `, ${file.additions} lines added, ${file.deletions} removed`;
}
