/**
 * Bounded keeping of streamed text: sizes said in words, UTF-8 cuts that never split a character, and
 * the cap on what one command's output puts in the session log.
 */

/** Streamed output of one command kept in the session log, unless config.toml says otherwise. */
export const DEFAULT_LOGGED_OUTPUT_BYTES = 1024 * 1024;

/** "187 MB", "12 KB", "900 bytes": how much was left out, in words a person reads at a glance. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** The first `bytes` bytes of `text` in UTF-8, never ending in half a character. */
export function utf8Head(text: string, bytes: number): string {
  const cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, bytes)).toString('utf8');
  return cut.endsWith('\uFFFD') && !text.startsWith(cut) ? cut.slice(0, -1) : cut;
}

/**
 * Decides which streamed output of one command reaches the session log: the head up to the limit,
 * then nothing but a count and a bounded tail, said once the command ends ("… 187 MB omitted …").
 */
export class LoggedOutputCap {
  private logged = 0;
  private omitted = 0;
  private tail = '';

  constructor(
    private readonly maxBytes: number,
    private readonly tailChars = 16 * 1024,
  ) {}

  /** The part of `chunk` to log now ('' once the head is full). */
  admit(chunk: string): string {
    if (this.logged < this.maxBytes) {
      const size = Buffer.byteLength(chunk, 'utf8');
      if (this.logged + size <= this.maxBytes) {
        this.logged += size;
        return chunk;
      }
      const head = utf8Head(chunk, this.maxBytes - this.logged);
      this.logged = this.maxBytes;
      this.keep(chunk.slice(head.length));
      return head;
    }
    this.keep(chunk);
    return '';
  }

  /** What to log when the command ends: how much was left out and the tail, or null when nothing was. */
  finish(): string | null {
    if (!this.omitted && !this.tail) return null;
    const left = this.omitted;
    this.omitted = 0;
    const tail = this.tail;
    this.tail = '';
    return left ? `\n[… ${formatBytes(left)} omitted …]\n${tail}` : tail;
  }

  private keep(text: string): void {
    const combined = this.tail + text;
    if (combined.length <= this.tailChars) {
      this.tail = combined;
      return;
    }
    const dropped = combined.slice(0, combined.length - this.tailChars);
    this.omitted += Buffer.byteLength(dropped, 'utf8');
    this.tail = combined.slice(combined.length - this.tailChars);
  }
}
