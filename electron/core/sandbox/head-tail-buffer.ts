import { formatBytes } from '../limits/output-caps';

/**
 * Keeps the first and last bytes of a stream and counts what falls between,
 * so a command that prints gigabytes costs bounded memory and the model still
 * sees how it started and how it ended.
 */
export class HeadTailBuffer {
  private head = '';
  private tail = '';
  private dropped = 0;

  constructor(
    private readonly headChars: number,
    private readonly tailChars: number,
  ) {}

  push(chunk: string): void {
    if (this.head.length < this.headChars) {
      const room = this.headChars - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (!chunk) return;
    const combined = this.tail + chunk;
    if (combined.length > this.tailChars) {
      this.dropped += Buffer.byteLength(combined.slice(0, combined.length - this.tailChars), 'utf8');
      this.tail = combined.slice(combined.length - this.tailChars);
    } else {
      this.tail = combined;
    }
  }

  toString(): string {
    if (!this.dropped) return this.head + this.tail;
    return `${this.head}\n[… ${formatBytes(this.dropped)} omitted from the middle of the output …]\n${this.tail}`;
  }
}
