import { useId, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { FlaggedFile, ReviewFile, ReviewFileEntry } from '../../../electron/contract';
import { isWholeFile, useReview, WHOLE_FILE, type HunkVerdict } from '../state/review-store';

const KIND_LETTER: Record<ReviewFile['kind'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };
const ROW_HEIGHT = 26;

type FileState = 'accepted' | 'rejected' | 'undecided' | 'partly decided';
const STATE_MARK: Record<FileState, string> = { accepted: '✓', rejected: '✗', undecided: '○', 'partly decided': '◐' };

/**
 * The changed files, virtualized: kind, path, line counts, and (a proposal) the verdicts given; choosing one
 * opens it below. `flagged` marks a crew task's large or binary additions. One tab stop: arrows, Home and
 * End choose a file (the listbox pattern), so the keyboard reaches every file of a long list.
 */
export function ReviewFileList({
  files,
  selected,
  showState = true,
  flagged,
}: {
  files: Array<ReviewFile | ReviewFileEntry>;
  selected: string | null;
  showState?: boolean;
  flagged?: FlaggedFile[];
}) {
  const verdicts = useReview((s) => s.verdicts);
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: files.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const idPrefix = useId();
  const selectedIndex = files.findIndex((f) => f.path === selected);
  const shown = virtual.getVirtualItems().some((row) => row.index === selectedIndex);
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: selectedIndex - 1,
      Home: 0,
      End: files.length - 1,
    };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const index = Math.max(0, Math.min(files.length - 1, to));
    if (!files[index]) return;
    useReview.getState().select(files[index].path);
    virtual.scrollToIndex(index);
  };
  return (
    <div
      className="review-files"
      ref={parent}
      role="listbox"
      aria-label="Changed files"
      tabIndex={0}
      aria-activedescendant={shown ? `${idPrefix}-${selectedIndex}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => {
          const file = files[row.index];
          const state = showState && 'hunks' in file ? fileState(file, verdicts[file.path] ?? {}) : 'undecided';
          const flag = flagged?.find((f) => f.path === file.path);
          return (
            <div
              key={file.path}
              id={`${idPrefix}-${row.index}`}
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
                {file.binary ? (
                  'binary'
                ) : file.tooLarge ? (
                  'large'
                ) : file.additions === undefined ? (
                  ''
                ) : (
                  <>
                    <span className="added">+{file.additions}</span> <span className="deleted">−{file.deletions}</span>
                  </>
                )}
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

function fileState(file: ReviewFile, verdicts: Record<number, HunkVerdict>): FileState {
  const indexes = isWholeFile(file) ? [WHOLE_FILE] : file.hunks.map((h) => h.index);
  const given = indexes.map((i) => verdicts[i]);
  if (given.every((v) => v === 'accept')) return 'accepted';
  if (given.every((v) => v === 'reject')) return 'rejected';
  return given.every((v) => v === undefined) ? 'undecided' : 'partly decided';
}

/** Why a file is flagged, as a person reads it. */
function flagText(file: FlaggedFile): string {
  return file.large
    ? `large file added (${formatBytes(file.bytes)}), over [crew] max_added_file_kb`
    : 'new binary file';
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${bytes} B`;
}

/** The counts a file's row shows, in words for its accessible name (which must contain what the row shows). */
function countsText(file: ReviewFile | ReviewFileEntry): string {
  if (file.binary) return ', binary';
  if (file.tooLarge) return ', large';
  return file.additions === undefined ? '' : `, ${file.additions} lines added, ${file.deletions} removed`;
}
