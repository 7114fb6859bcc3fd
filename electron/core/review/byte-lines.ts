/**
 * A file's bytes as lines with their terminators, never decoded for matching: equality is byte
 * equality, so CRLF, a missing final newline and non-UTF-8 bytes survive every operation.
 */
import { isUtf8 } from 'node:buffer';
import type { HunkLine, LineEnd } from './change-model';

/** `starts[i]..starts[i+1]` is line i with its terminator; `starts.length === count + 1`. */
export interface ByteLines {
  bytes: Buffer;
  starts: number[];
  count: number;
}

export function splitLines(bytes: Buffer): ByteLines {
  const starts = [0];
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, nl + 1)) starts.push(nl + 1);
  if (starts[starts.length - 1] !== bytes.length) starts.push(bytes.length);
  return { bytes, starts, count: starts.length - 1 };
}

export function lineSlice(lines: ByteLines, i: number): Buffer {
  return lines.bytes.subarray(lines.starts[i], lines.starts[i + 1]);
}

/** A line's bytes (terminator included) as a hunk line: `\r` counts as the ending only before `\n`, as git sees it. */
export function toHunkLine(marker: HunkLine['marker'], line: Buffer): HunkLine {
  let end = line.length;
  let eol: LineEnd = 'none';
  if (end > 0 && line[end - 1] === 10) {
    end--;
    eol = 'lf';
    if (end > 0 && line[end - 1] === 13) {
      end--;
      eol = 'crlf';
    }
  }
  const body = line.subarray(0, end);
  const text = body.toString('utf8');
  // A cheap ASCII check first: most lines are ASCII, and isUtf8 on a subarray is the slow path.
  if (isAscii(body) || isUtf8(body)) return { marker, text, eol };
  return { marker, text, eol, raw: Buffer.from(body) };
}

function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) return false;
  return true;
}

/** Git's rule: a NUL in the first 8000 bytes makes a file binary. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}
