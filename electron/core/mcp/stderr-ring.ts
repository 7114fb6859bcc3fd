/** A server's stderr, the most recent `limit` characters kept: enough to explain a crash, bounded however chatty it is. */
export class StderrRing {
  private text = '';

  /** `mask` hides what must not be shown (secret-masker.ts); applied when read, so a secret split across chunks is caught. */
  constructor(
    private readonly limit = 64 * 1024,
    private readonly mask: (text: string) => string = (text) => text,
  ) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.limit) this.text = this.text.slice(this.text.length - this.limit);
  }

  all(): string {
    return this.mask(this.text);
  }

  /** The last few lines, for an error sentence. */
  tail(maxChars = 1000): string {
    const trimmed = this.mask(this.text).trimEnd();
    if (trimmed.length <= maxChars) return trimmed;
    const cut = trimmed.slice(trimmed.length - maxChars);
    const newline = cut.indexOf('\n');
    return newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
  }
}
