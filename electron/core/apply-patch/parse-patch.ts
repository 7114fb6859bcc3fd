/**
 * Codex's apply_patch grammar, parsed with Codex's leniency and error wording (codex-compat.md §1.1, §1.3).
 * Parsing never touches the file system; see compute-changes.ts for that.
 */
import { PatchError } from './patch-error';
import { rustLines, trimRust } from './rust-text';

export interface UpdateChunk {
  /** The `@@ <line>` that narrows the search; null for a bare `@@` (or none). */
  changeContext: string | null;
  /** Context and `-` lines in order: what must be found in the file. */
  oldLines: string[];
  /** Context and `+` lines in order: what replaces it. */
  newLines: string[];
  /** For each new line, the index in oldLines of the context line it keeps, or -1 for an inserted line. */
  newLineSources: number[];
  /** Closed by `*** End of File`: the old lines must sit at the very end of the file. */
  isEndOfFile: boolean;
}

export type PatchHunk =
  | { type: 'add'; path: string; contents: string }
  | { type: 'delete'; path: string }
  | { type: 'update'; path: string; movePath: string | null; chunks: UpdateChunk[] };

export interface ParsedPatch {
  hunks: PatchHunk[];
  /** The envelope (`*** Begin Patch` … `*** End Patch`) without a heredoc wrapper. */
  patch: string;
}

const BEGIN_PATCH = '*** Begin Patch';
const END_PATCH = '*** End Patch';
const ADD_FILE = '*** Add File: ';
const DELETE_FILE = '*** Delete File: ';
const UPDATE_FILE = '*** Update File: ';
const MOVE_TO = '*** Move to: ';
const END_OF_FILE = '*** End of File';
const CONTEXT_PREFIX = '@@ ';
const EMPTY_CONTEXT = '@@';
const HEREDOC_OPENERS = new Set(['<<EOF', "<<'EOF'", '<<"EOF"']);

const invalidPatch = (message: string) => new PatchError('invalid-patch', `Invalid patch: ${message}`);
const invalidHunk = (message: string, line: number) =>
  new PatchError('invalid-hunk', `Invalid patch hunk on line ${line}: ${message}`);

/** Parse a patch; throws a PatchError worded as Codex's `apply_patch` prints it. */
export function parsePatch(text: string): ParsedPatch {
  const lines = rustLines(trimRust(text));
  const { envelope, body } = checkBoundaries(lines);
  const hunks: PatchHunk[] = [];
  let lineNumber = 2;
  for (let at = 0; at < body.length;) {
    const [hunk, used] = parseHunk(body, at, lineNumber);
    hunks.push(hunk);
    lineNumber += used;
    at += used;
  }
  return { hunks, patch: envelope.join('\n') };
}

function checkStrict(lines: string[]): void {
  const first = lines.length > 0 ? trimRust(lines[0]) : undefined;
  const last = lines.length > 0 ? trimRust(lines[lines.length - 1]) : undefined;
  if (first === BEGIN_PATCH && last === END_PATCH) return;
  if (first !== undefined && first !== BEGIN_PATCH)
    throw invalidPatch("The first line of the patch must be '*** Begin Patch'");
  throw invalidPatch("The last line of the patch must be '*** End Patch'");
}

/** Codex's lenient mode: a patch wrapped in `<<'EOF'` … `EOF` (as gpt-4.1 sends it) is unwrapped. */
function checkBoundaries(lines: string[]): { envelope: string[]; body: string[] } {
  try {
    checkStrict(lines);
    return { envelope: lines, body: lines.slice(1, -1) };
  } catch (strictError) {
    if (lines.length >= 4 && HEREDOC_OPENERS.has(lines[0]) && lines[lines.length - 1].endsWith('EOF')) {
      const inner = lines.slice(1, -1);
      checkStrict(inner);
      return { envelope: inner, body: inner.slice(1, -1) };
    }
    throw strictError;
  }
}

/** One file operation starting at lines[at]; returns it and how many lines it used. */
function parseHunk(lines: string[], at: number, lineNumber: number): [PatchHunk, number] {
  // Codex compares the header trimmed, so indented or padded headers still count.
  const header = trimRust(lines[at]);
  if (header.startsWith(ADD_FILE)) {
    let contents = '';
    let used = 1;
    while (at + used < lines.length && lines[at + used].startsWith('+')) {
      contents += lines[at + used].slice(1) + '\n';
      used++;
    }
    return [{ type: 'add', path: header.slice(ADD_FILE.length), contents }, used];
  }
  if (header.startsWith(DELETE_FILE)) return [{ type: 'delete', path: header.slice(DELETE_FILE.length) }, 1];
  if (header.startsWith(UPDATE_FILE)) {
    const path = header.slice(UPDATE_FILE.length);
    let used = 1;
    let movePath: string | null = null;
    const next = at + 1 < lines.length ? trimRust(lines[at + 1]) : '';
    if (next.startsWith(MOVE_TO)) {
      movePath = next.slice(MOVE_TO.length);
      used++;
    }
    const chunks: UpdateChunk[] = [];
    while (at + used < lines.length) {
      const line = lines[at + used];
      // Blank lines between chunks are skipped; any `*` line ends this file's chunks.
      if (trimRust(line) === '') {
        used++;
        continue;
      }
      if (line.startsWith('*')) break;
      const [chunk, chunkLines] = parseChunk(lines, at + used, lineNumber + used, chunks.length === 0);
      chunks.push(chunk);
      used += chunkLines;
    }
    if (chunks.length === 0) throw invalidHunk(`Update file hunk for path '${path}' is empty`, lineNumber);
    return [{ type: 'update', path, movePath, chunks }, used];
  }
  throw invalidHunk(
    `'${header}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'`,
    lineNumber,
  );
}

function parseChunk(
  lines: string[],
  at: number,
  lineNumber: number,
  allowMissingContext: boolean,
): [UpdateChunk, number] {
  let changeContext: string | null = null;
  let start = 0;
  if (lines[at] === EMPTY_CONTEXT) {
    start = 1;
  } else if (lines[at].startsWith(CONTEXT_PREFIX)) {
    changeContext = lines[at].slice(CONTEXT_PREFIX.length);
    start = 1;
  } else if (!allowMissingContext) {
    throw invalidHunk(`Expected update hunk to start with a @@ context marker, got: '${lines[at]}'`, lineNumber);
  }
  if (at + start >= lines.length) throw invalidHunk('Update hunk does not contain any lines', lineNumber + 1);

  const chunk: UpdateChunk = { changeContext, oldLines: [], newLines: [], newLineSources: [], isEndOfFile: false };
  let parsed = 0;
  for (let i = at + start; i < lines.length; i++) {
    const line = lines[i];
    if (line === END_OF_FILE) {
      if (parsed === 0) throw invalidHunk('Update hunk does not contain any lines', lineNumber + 1);
      chunk.isEndOfFile = true;
      parsed++;
      break;
    }
    const prefix = line[0];
    if (prefix === undefined || prefix === ' ') {
      // A context line; an entirely empty line is an empty context line.
      const text = line.slice(1);
      chunk.newLineSources.push(chunk.oldLines.length);
      chunk.oldLines.push(text);
      chunk.newLines.push(text);
    } else if (prefix === '+') {
      chunk.newLineSources.push(-1);
      chunk.newLines.push(line.slice(1));
    } else if (prefix === '-') {
      chunk.oldLines.push(line.slice(1));
    } else {
      if (parsed === 0) {
        throw invalidHunk(
          `Unexpected line found in update hunk: '${line}'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)`,
          lineNumber + 1,
        );
      }
      break; // the start of the next chunk or file
    }
    parsed++;
  }
  return [chunk, parsed + start];
}
