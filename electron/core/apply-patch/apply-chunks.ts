/**
 * One Update's chunks applied to a file's lines, in memory (codex-compat.md §1.2): a cursor that
 * only moves forward, `@@` context sought first, pure insertions appended at end of file, the
 * old block sought in four passes (retried once without a trailing empty line), replacements
 * spliced in one forward pass. Every line of the result ends with a newline.
 */
import type { UpdateChunk } from './parse-patch';
import { PatchError } from './patch-error';
import { SeekTarget, seekSequence } from './seek-sequence';
import { type LineEnding, type TextFile } from './text-file';

interface Replacement {
  start: number;
  oldLength: number;
  newLines: string[];
  /** Per new line, the index (relative to start) of the file line it keeps, or -1. */
  sources: number[];
}

/** `path` is the path as the patch wrote it, for error messages. */
export function applyChunks(file: TextFile, chunks: readonly UpdateChunk[], path: string): TextFile {
  const replacements = computeReplacements(file.lines, chunks, path);
  return splice(file, replacements);
}

function computeReplacements(lines: readonly string[], chunks: readonly UpdateChunk[], path: string): Replacement[] {
  const target = new SeekTarget(lines);
  const replacements: Replacement[] = [];
  let cursor = 0;
  let matchedUpTo = 0;
  for (const chunk of chunks) {
    if (chunk.changeContext !== null) {
      const at = seekSequence(target, [chunk.changeContext], cursor, false);
      if (at === null)
        throw new PatchError('context-not-found', `Failed to find context '${chunk.changeContext}' in ${path}`);
      cursor = at + 1;
    }
    if (chunk.oldLines.length === 0) {
      // A pure insertion goes to the end of the file, whatever its `@@` said (as in Codex).
      replacements.push({ start: lines.length, oldLength: 0, newLines: chunk.newLines, sources: chunk.newLineSources });
      continue;
    }
    let pattern = chunk.oldLines;
    let newLines = chunk.newLines;
    let sources = chunk.newLineSources;
    let found = seekSequence(target, pattern, cursor, chunk.isEndOfFile);
    if (found === null && pattern[pattern.length - 1] === '') {
      // The trailing empty line often stands for the file's final newline, which is not a line here.
      pattern = pattern.slice(0, -1);
      if (newLines[newLines.length - 1] === '') {
        newLines = newLines.slice(0, -1);
        sources = sources.slice(0, -1);
      }
      found = seekSequence(target, pattern, cursor, chunk.isEndOfFile);
    }
    // An `*** End of File` block is sought at the end regardless of the cursor; if that lands on an
    // earlier chunk's lines, the chunks are out of order, which the format does not allow.
    if (found === null || found < matchedUpTo) {
      throw new PatchError(
        'lines-not-found',
        `Failed to find expected lines in ${path}:\n${chunk.oldLines.join('\n')}`,
      );
    }
    replacements.push({ start: found, oldLength: pattern.length, newLines, sources });
    cursor = matchedUpTo = found + pattern.length;
  }
  // Stable, so insertions at the same place keep the patch's order (as Codex's bottom-up splice does).
  return replacements.sort((a, b) => a.start - b.start);
}

function splice(file: TextFile, replacements: readonly Replacement[]): TextFile {
  const { lines, endings, raw, preferred } = file;
  const outLines: string[] = [];
  const outEndings: LineEnding[] = [];
  const outRaw: (Buffer | undefined)[] | null = raw ? [] : null;
  const keep = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      outLines.push(lines[i]);
      // Updates always end with a newline, and an unterminated last line may no longer be last.
      outEndings.push(endings[i] || preferred);
      outRaw?.push(raw![i]);
    }
  };
  let next = 0;
  for (const { start, oldLength, newLines, sources } of replacements) {
    keep(next, start);
    for (let j = 0; j < newLines.length; j++) {
      // The patch's text is written (passes 2-4 only locate), except that a kept line which is not
      // valid UTF-8 keeps its bytes: the patch can only have matched it through a lossy decoding.
      const source = sources[j];
      const original = source >= 0 && source < oldLength ? raw?.[start + source] : undefined;
      outLines.push(original ? lines[start + source] : newLines[j]);
      outEndings.push(preferred);
      outRaw?.push(original);
    }
    next = start + oldLength;
  }
  keep(next, lines.length);
  return { lines: outLines, endings: outEndings, raw: outRaw, preferred };
}
