import { useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import { showHunksFor } from '../components/hunk-diff-provider';
import { monaco, TRELLIS_THEME } from '../components/monaco-setup';
import type { Result, ReviewHunk } from '../../../electron/contract';

/** Diffs bigger than this are computed no further than Monaco's time limit; the hunk list stays exact. */
const MAX_COMPUTATION_MS = 2000;

/**
 * Monaco's diff editor for one file of a pending review: both sides fetched
 * from Node, models disposed when the file changes or the pane closes (so
 * memory stays flat however many diffs are opened).
 */
type Sides = { before: string | null; after: string | null };

export default function DiffView(props: {
  /** Identifies what is shown (a review's call id, or a turn), so models of different changes never share a URI. */
  source: string;
  path: string;
  /** Both sides, or how to fetch them (a pending proposal's files are fetched when opened). Keep its identity stable. */
  sides: Sides | (() => Promise<Result<Sides>>);
  /** The file's hunks as the hunk list shows them: the editor highlights these at once (see hunk-diff-provider.ts). */
  hunks: ReviewHunk[];
  layout: 'side-by-side' | 'inline';
  revealLine: number;
  live: boolean;
}) {
  const { source, path, sides, hunks, layout, revealLine, live } = props;
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const [loaded, setLoaded] = useState<Sides | null>(null);
  const [error, setError] = useState<string | null>(null);
  const texts = typeof sides === 'function' ? loaded : sides;

  // A loader changes identity every render; what it loads is named by source and path. Another file (or the
  // review coming live again) starts from nothing, in the same render.
  const loadKey = live && typeof sides === 'function' ? `${source}\n${path}` : null;
  const [loadingFor, setLoadingFor] = useState(loadKey);
  if (loadingFor !== loadKey) {
    setLoadingFor(loadKey);
    if (loadKey !== null) {
      setLoaded(null);
      setError(null);
    }
  }
  const load = useEffectEvent(() => (typeof sides === 'function' ? sides() : null));
  useEffect(() => {
    if (loadKey === null) return;
    let current = true;
    void load()?.then((result) => {
      if (!current) return;
      if (result.ok) setLoaded(result.value);
      else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [loadKey]);

  // The hunks come with the texts: read when the texts are shown, never a reason to show them again.
  const showHunks = useEffectEvent((model: monaco.editor.ITextModel, onRefined: () => void) =>
    showHunksFor(model, hunks, onRefined),
  );

  // Before paint: the diff appears in the same frame as the hunk list instead of one render later.
  useLayoutEffect(() => {
    if (!host.current || !texts || !live) return;
    const uri = (side: string) => monaco.Uri.from({ scheme: 'trellis-review', path: `/${source}/${side}/${path}` });
    const original = monaco.editor.createModel(texts.before ?? '', undefined, uri('before'));
    const modified = monaco.editor.createModel(texts.after ?? '', undefined, uri('after'));
    const view = host.current;
    const shell = borrowDiffEditor();
    view.dataset.diff = 'hunks';
    let refined = false;
    showHunks(modified, () => (refined = true));
    // Said once the editor has taken the refined diff in, not when the worker answered.
    const updates = shell.editor.onDidUpdateDiff(() => {
      if (refined) requestAnimationFrame(() => (view.dataset.diff = 'refined'));
    });
    host.current.appendChild(shell.container);
    shell.editor.setModel({ original, modified });
    // The shell is shared between files: each names its two sides for screen readers anew.
    nameSides(shell.editor, path);
    shell.editor.layout();
    editor.current = shell.editor;
    return () => {
      updates.dispose();
      editor.current = null;
      shell.editor.setModel(null);
      original.dispose();
      modified.dispose();
      returnDiffEditor(shell);
    };
  }, [texts, source, path, live]);

  useEffect(() => {
    if (!editor.current) return;
    editor.current.updateOptions({ renderSideBySide: layout === 'side-by-side' });
    // Monaco blanks both sides' names on any update of the diff editor's options: name them again.
    nameSides(editor.current, path);
  }, [layout, texts, path]);

  useEffect(() => {
    editor.current?.getModifiedEditor().revealLineInCenter(revealLine);
  }, [revealLine, texts]);

  if (!live) return <p className="pane-message">This review is decided; the hunks below show what was proposed.</p>;
  return (
    <div className="review-diff">
      {error && <p className="pane-message">{error}</p>}
      {/* data-diff: "hunks" while the editor shows our line-level hunks, "refined" once Monaco's character detail is in. */}
      <div
        className="review-diff-editor"
        ref={host}
        data-testid="review-diff-editor"
        data-layout={layout}
        data-path={path}
      />
    </div>
  );
}

/** The names screen readers give the diff editor's two sides (each an input field, which needs one). */
function nameSides(editor: monaco.editor.IStandaloneDiffEditor, path: string): void {
  editor.getOriginalEditor().updateOptions({ ariaLabel: `${path}, before the change (read-only)` });
  editor.getModifiedEditor().updateOptions({ ariaLabel: `${path}, after the change (read-only)` });
}

interface DiffEditorShell {
  container: HTMLDivElement;
  editor: monaco.editor.IStandaloneDiffEditor;
}

/**
 * One diff editor, kept between files: a new Monaco diff widget per file (two editors and their
 * contributions) costs time and leaves memory behind (the review bench measured +15 MB of heap over
 * 100 diffs that way, +0.3 MB with one kept); swapping its models costs almost nothing. A file view
 * borrows it, moves its container into place, and gives it back (models detached and disposed). A pooled
 * widget, holding nothing of a workspace or session while parked.
 */
let parked: DiffEditorShell | null = null;

function borrowDiffEditor(): DiffEditorShell {
  if (parked) {
    const shell = parked;
    parked = null;
    return shell;
  }
  const container = document.createElement('div');
  container.className = 'review-diff-editor-shell';
  const editor = monaco.editor.createDiffEditor(container, {
    readOnly: true,
    originalEditable: false,
    theme: TRELLIS_THEME,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 12,
    scrollBeyondLastLine: false,
    renderSideBySide: true,
    // The person chose the layout; Monaco would otherwise fall back to inline in a narrow pane.
    useInlineViewWhenSpaceIsLimited: false,
    maxComputationTime: MAX_COMPUTATION_MS,
    maxFileSize: 50,
  });
  return { container, editor };
}

function returnDiffEditor(shell: DiffEditorShell): void {
  shell.container.remove();
  if (parked)
    shell.editor.dispose(); // two views at once (never in this pane): keep one
  else parked = shell;
}
