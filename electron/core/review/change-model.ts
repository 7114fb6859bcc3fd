/**
 * The change model shared by every producer (a proposed patch, the working tree against a commit,
 * a turn against its checkpoint) and every consumer (partial application, revert, the review UI).
 * Lines keep their exact bytes: a CRLF, a missing final newline or a latin-1 byte outside what a
 * person accepts must come back exactly as it was.
 */

export type ChangeKind = 'added' | 'modified' | 'deleted' | 'renamed';

/** A line's terminator: git's view, where `\r` belongs to the line unless a `\n` follows it. */
export type LineEnd = 'lf' | 'crlf' | 'none';

export interface HunkLine {
  marker: ' ' | '+' | '-';
  /** The line without its terminator, decoded as UTF-8 for display (lossy when `raw` is set). */
  text: string;
  eol: LineEnd;
  /** The exact bytes (without terminator) when they are not valid UTF-8; absent otherwise. */
  raw?: Buffer;
}

export interface Hunk {
  /** Position in the file's hunk list: what decisions and reverts refer to. */
  index: number;
  /** 1-based, as in `@@ -oldStart,oldLines +newStart,newLines @@`; for an empty side, the line before. */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The text after the second `@@` (git's function context); '' when none. */
  header: string;
  lines: HunkLine[];
}

export interface FileChange {
  /** Repository-relative, `/`-separated; the new path for a rename. */
  path: string;
  /** The old path of a rename. */
  oldPath?: string;
  kind: ChangeKind;
  /** No hunks: the file is accepted, rejected or reverted as a whole. */
  binary: boolean;
  /** Text, but too big to diff line by line here: whole-file decisions only, like a binary. */
  tooLarge?: boolean;
  additions: number;
  deletions: number;
  hunks: Hunk[];
  /** File modes when git knows them (e.g. '100644', '100755'). */
  oldMode?: string;
  newMode?: string;
}

/** A file in a list before its hunks are loaded (see listChanges / fileDiff). */
export type FileChangeSummary = Omit<FileChange, 'hunks'>;

/**
 * An entry of the fast file list: counts and binary-ness need git to diff every file's content,
 * which costs several times more than finding which files changed, so they may come later.
 */
export type FileListEntry = Omit<FileChangeSummary, 'additions' | 'deletions' | 'binary'> &
  Partial<Pick<FileChangeSummary, 'additions' | 'deletions' | 'binary'>>;

const EOL_BYTES: Record<LineEnd, string> = { lf: '\n', crlf: '\r\n', none: '' };

/** The exact bytes of a line, terminator included. */
export function lineBytes(line: Pick<HunkLine, 'text' | 'eol' | 'raw'>): Buffer {
  if (!line.raw) return Buffer.from(line.text + EOL_BYTES[line.eol], 'utf8');
  return Buffer.concat([line.raw, Buffer.from(EOL_BYTES[line.eol], 'latin1')]);
}

/** 0-based index of the first old line a hunk covers (an empty old side names the line before it). */
export function oldIndex(hunk: Pick<Hunk, 'oldStart' | 'oldLines'>): number {
  return hunk.oldLines > 0 ? hunk.oldStart - 1 : hunk.oldStart;
}

export function newIndex(hunk: Pick<Hunk, 'newStart' | 'newLines'>): number {
  return hunk.newLines > 0 ? hunk.newStart - 1 : hunk.newStart;
}

/** The same change seen backwards (new -> old): what a revert applies to the current file. */
export function reverseChange(change: FileChange): FileChange {
  const kind: ChangeKind = change.kind === 'added' ? 'deleted' : change.kind === 'deleted' ? 'added' : change.kind;
  return {
    ...change,
    path: change.oldPath ?? change.path,
    oldPath: change.oldPath ? change.path : undefined,
    kind,
    additions: change.deletions,
    deletions: change.additions,
    oldMode: change.newMode,
    newMode: change.oldMode,
    hunks: change.hunks.map((h) => ({
      index: h.index,
      oldStart: h.newStart,
      oldLines: h.newLines,
      newStart: h.oldStart,
      newLines: h.oldLines,
      header: h.header,
      lines: h.lines.map((l) => ({ ...l, marker: l.marker === '+' ? '-' : l.marker === '-' ? '+' : ' ' })),
    })),
  };
}
