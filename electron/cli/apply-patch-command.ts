import path from 'node:path';
import { applyPatch } from '../core/apply-patch';
import { resolveFolder } from '../core/workspace/resolve-folder';

export interface ApplyPatchCommandOptions {
  /** -C DIR: the folder the patch's paths are relative to (default: the current one). */
  dir?: string;
}

export interface CommandIo {
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE = 'Usage: trellis apply-patch [-C DIR] < PATCH';
/** A failure names the file and the lines it could not find; past this many lines, the rest is counted, not printed. */
const MAX_ERROR_LINES = 12;

/**
 * `trellis apply-patch [-C DIR]`: Codex's `apply_patch` on stdin, all or nothing. Exit 0 with Codex's
 * success text on stdout; 1 with the reason on stderr; 2 for a usage error (empty stdin, a bad -C).
 */
export async function applyPatchCommand(options: ApplyPatchCommandOptions, io: CommandIo = process): Promise<number> {
  let cwd: string;
  try {
    cwd = await resolveFolder(path.resolve(options.dir ?? '.'));
  } catch (err) {
    io.stderr.write(`trellis apply-patch: ${(err as Error).message}\n`);
    return 2;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const input = Buffer.concat(chunks);
  if (input.length === 0) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let patch: string;
  try {
    patch = new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    io.stderr.write('trellis apply-patch: the patch on stdin is not valid UTF-8.\n');
    return 1;
  }
  const result = await applyPatch(patch, { cwd });
  if (!result.ok) {
    io.stderr.write(`${clip(result.error)}\n`);
    return 1;
  }
  io.stdout.write(`${result.summary}\n`);
  return 0;
}

function clip(message: string): string {
  const lines = message.split('\n');
  if (lines.length <= MAX_ERROR_LINES) return message;
  return [...lines.slice(0, MAX_ERROR_LINES - 1), `… (${lines.length - MAX_ERROR_LINES + 1} more lines)`].join('\n');
}
