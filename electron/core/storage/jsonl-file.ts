import fs from 'node:fs/promises';

/**
 * An append-only JSON-lines file with one writer. Each line is written (in order, to the page cache, so a
 * `kill -9` of this process cannot lose it) before `append` resolves; only then may anyone be told of it.
 * After a failed write every later append fails too, so nothing is acknowledged out of order.
 */
export class JsonlAppender {
  private queue: Promise<unknown> = Promise.resolve();
  private failed: Error | null = null;

  private constructor(
    readonly file: string,
    private readonly handle: fs.FileHandle,
  ) {}

  /** `wx`: a new file (refused when it exists); `a`: continue one (see readJsonl's validBytes). */
  static async open(file: string, flags: 'wx' | 'a'): Promise<JsonlAppender> {
    return new JsonlAppender(file, await fs.open(file, flags, 0o600));
  }

  append(value: unknown): Promise<void> {
    const line = JSON.stringify(value) + '\n';
    const write = this.queue.then(async () => {
      if (this.failed) throw this.failed;
      try {
        await this.handle.write(line);
      } catch (err) {
        this.failed = new Error(`Cannot write ${this.file}: ${(err as Error).message}`);
        throw this.failed;
      }
    });
    this.queue = write.catch(() => {});
    return write;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}

export interface JsonlContents<T> {
  values: T[];
  /** Bytes up to the end of the last complete line: where appending may continue. */
  validBytes: number;
  /** The last line had no newline: a write cut short by a crash. It is not a value. */
  tornTail: boolean;
  /** Complete lines that `parse` refused (corruption, or records from a newer Trellis). */
  skipped: number;
}

/**
 * Read a JSON-lines file. A torn last line is detected and left out; a line that does not parse (or that
 * `parse` refuses by returning null) is skipped and counted, never fatal, so a damaged file still gives
 * back everything that was acknowledged.
 */
export async function readJsonl<T>(file: string, parse: (raw: unknown) => T | null): Promise<JsonlContents<T>> {
  const buffer = await fs.readFile(file);
  const end = buffer.lastIndexOf(0x0a) + 1;
  const text = buffer.subarray(0, end).toString('utf8');
  const values: T[] = [];
  let skipped = 0;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const line = text.slice(start, newline);
    start = newline + 1;
    if (!line) continue;
    let value: T | null = null;
    try {
      value = parse(JSON.parse(line));
    } catch {
      value = null;
    }
    if (value === null) skipped++;
    else values.push(value);
  }
  return { values, validBytes: end, tornTail: end < buffer.length, skipped };
}
