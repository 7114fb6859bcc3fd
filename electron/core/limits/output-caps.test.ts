import { describe, expect, it } from 'vitest';
import { formatBytes, LoggedOutputCap, utf8Head } from './output-caps';

describe('formatBytes', () => {
  it.each([
    [900, '900 bytes'],
    [12 * 1024, '12 KB'],
    [187 * 1024 * 1024, '187 MB'],
    [3 * 1024 ** 3, '3.0 GB'],
  ])('%d is %s', (n, text) => expect(formatBytes(n)).toBe(text));
});

describe('utf8Head', () => {
  it('never cuts a character in half', () => {
    expect(utf8Head('aé', 2)).toBe('a');
    expect(utf8Head('aé', 3)).toBe('aé');
    expect(utf8Head('abc', 0)).toBe('');
  });
});

describe('LoggedOutputCap', () => {
  it('passes everything under the limit and says nothing at the end', () => {
    const cap = new LoggedOutputCap(10, 4);
    expect(cap.admit('abc')).toBe('abc');
    expect(cap.admit('defg')).toBe('defg');
    expect(cap.finish()).toBeNull();
  });

  it('keeps the head, counts the middle and keeps the tail', () => {
    const cap = new LoggedOutputCap(5, 4);
    expect(cap.admit('abcdefg')).toBe('abcde');
    expect(cap.admit('hijklmnop')).toBe('');
    expect(cap.admit('qrstuvwxyz')).toBe('');
    expect(cap.finish()).toBe('\n[… 17 bytes omitted …]\nwxyz');
  });

  it('gives a short overflow back whole as the tail', () => {
    const cap = new LoggedOutputCap(3, 10);
    expect(cap.admit('abcdef')).toBe('abc');
    expect(cap.finish()).toBe('def');
  });
});
