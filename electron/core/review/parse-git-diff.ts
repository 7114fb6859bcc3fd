/**
 * Parse `git diff --raw --numstat -z [-p]`: raw records (status, modes, NUL-separated paths, so no
 * quoting to undo), then numstat records in the same order, then (with -p) the patch, whose file
 * sections come in that order too. Paths are taken from the -z records, never from patch headers,
 * which git quotes and which are ambiguous when names contain spaces.
 */
import { toHunkLine } from './byte-lines';
import type { ChangeKind, FileChange, FileListEntry, Hunk } from './change-model';

/** More changed lines than this in one file: reviewed as a whole, the hunks are not kept. */
export const MAX_REVIEW_LINES = 250_000;

interface RawRecord {
  status: string;
  oldMode: string;
  newMode: string;
  path: string;
  oldPath?: string;
}

export interface ParsedDiff {
  /** Counts and `binary` are set when the output had --numstat. */
  files: FileListEntry[];
  /** The patch text of each file (empty when -p was not given), aligned with `files`. */
  sections: Buffer[][];
}

export function parseGitDiff(out: Buffer): ParsedDiff {
  let pos = 0;
  const field = (): string => {
    const end = out.indexOf(0, pos);
    const stop = end === -1 ? out.length : end;
    const text = out.toString('utf8', pos, stop);
    pos = stop + 1;
    return text;
  };
  const raws: RawRecord[] = [];
  while (pos < out.length && out[pos] === 0x3a /* ':' */) {
    const [oldMode, newMode, , , status] = field().slice(1).split(' ');
    const first = field();
    if (status[0] === 'R' || status[0] === 'C')
      raws.push({ status: status[0], oldMode, newMode, oldPath: first, path: field() });
    else raws.push({ status: status[0], oldMode, newMode, path: first });
  }
  const files: FileListEntry[] = [];
  // Numstat records start with a digit, or '-' for a binary file; without --numstat there are none.
  const hasNumstat = pos < out.length && (out[pos] === 0x2d || (out[pos] >= 0x30 && out[pos] <= 0x39));
  for (const raw of raws) {
    const kind: ChangeKind =
      raw.status === 'A' || raw.status === 'C'
        ? 'added'
        : raw.status === 'D'
          ? 'deleted'
          : raw.status === 'R'
            ? 'renamed'
            : 'modified';
    const file: FileListEntry = { path: raw.path, kind };
    if (raw.oldPath !== undefined && raw.status === 'R') file.oldPath = raw.oldPath;
    if (raw.oldMode !== '000000') file.oldMode = raw.oldMode;
    if (raw.newMode !== '000000') file.newMode = raw.newMode;
    if (hasNumstat) {
      const [added, deleted, name] = field().split('\t');
      if (name === '') {
        // a rename's numstat names both paths in fields of their own
        field();
        field();
      }
      const binary = added === '-';
      file.binary = binary || raw.status === 'T'; // a file <-> symlink change has no hunks to pick from
      file.additions = binary ? 0 : Number(added);
      file.deletions = binary ? 0 : Number(deleted);
      if (!file.binary && file.additions + file.deletions > MAX_REVIEW_LINES) file.tooLarge = true;
    }
    files.push(file);
  }
  if (pos < out.length && out[pos] === 0) pos++;
  const sections = splitSections(out.subarray(pos), raws);
  return { files, sections };
}

/** Cut the patch at each `diff --git` line; a typechange ('T') is written as two sections. */
function splitSections(patch: Buffer, raws: RawRecord[]): Buffer[][] {
  const starts: number[] = [];
  const marker = Buffer.from('diff --git ');
  for (let at = 0; at < patch.length;) {
    if (patch.subarray(at, at + marker.length).equals(marker)) starts.push(at);
    const nl = patch.indexOf(10, at);
    if (nl === -1) break;
    at = nl + 1;
  }
  starts.push(patch.length);
  const sections: Buffer[][] = [];
  let s = 0;
  for (const raw of raws) {
    const count = raw.status === 'T' ? 2 : 1;
    const parts: Buffer[] = [];
    for (let k = 0; k < count && s + 1 < starts.length; k++, s++) parts.push(patch.subarray(starts[s], starts[s + 1]));
    sections.push(parts);
  }
  return sections;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/s;

/** The hunks of one file's patch section, lines byte-exact. */
export function parseHunks(section: Buffer): Hunk[] {
  const hunks: Hunk[] = [];
  let at = 0;
  const nextLine = (): Buffer | null => {
    if (at >= section.length) return null;
    const nl = section.indexOf(10, at);
    const end = nl === -1 ? section.length : nl + 1;
    const line = section.subarray(at, end);
    at = end;
    return line;
  };
  for (let line = nextLine(); line !== null; line = nextLine()) {
    if (line[0] !== 0x40 /* @ */) continue;
    // The function context after the second @@ is file text: it may hold a \r, so only the \n goes.
    const headerLine = line.toString('utf8').replace(/\n$/, '');
    const m = HUNK_HEADER.exec(headerLine);
    if (!m) throw new Error(`unexpected hunk header in git diff output: ${JSON.stringify(headerLine)}`);
    const hunk: Hunk = {
      index: hunks.length,
      oldStart: Number(m[1]),
      oldLines: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newLines: m[4] === undefined ? 1 : Number(m[4]),
      header: m[5],
      lines: [],
    };
    let oldLeft = hunk.oldLines;
    let newLeft = hunk.newLines;
    while (oldLeft > 0 || newLeft > 0) {
      const body = nextLine();
      if (body === null) throw new Error(`truncated hunk ${hunk.index} in git diff output`);
      const marker = String.fromCharCode(body[0]);
      if (marker === '\\') continue;
      if (marker !== ' ' && marker !== '-' && marker !== '+')
        throw new Error(`unexpected line in git diff output: ${JSON.stringify(body.toString('utf8'))}`);
      // "\ No newline at end of file" right after: the line has no terminator (and any \r is its own).
      const noEol = section[at] === 0x5c; /* \ */
      hunk.lines.push(toHunkLine(marker, noEol ? body.subarray(1, body.length - 1) : body.subarray(1)));
      if (marker !== '+') oldLeft--;
      if (marker !== '-') newLeft--;
    }
    if (section[at] === 0x5c) nextLine(); // a final "\ No newline" belongs to the last line, already taken
    hunks.push(hunk);
  }
  return hunks;
}

/** A parsed entry with its hunks; git's -p output always comes with --numstat here, so the counts are there. */
export function withHunks(file: FileListEntry, sections: Buffer[]): FileChange {
  const full = {
    ...file,
    binary: file.binary ?? false,
    additions: file.additions ?? 0,
    deletions: file.deletions ?? 0,
  };
  if (full.binary || full.tooLarge) return { ...full, hunks: [] };
  return { ...full, hunks: sections.length === 1 ? parseHunks(sections[0]) : [] };
}
