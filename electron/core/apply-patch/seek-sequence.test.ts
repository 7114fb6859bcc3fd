import { describe, expect, it } from 'vitest';
import { SeekTarget, seekSequence } from './seek-sequence';

const seek = (lines: string[], pattern: string[], start = 0, eof = false) =>
  seekSequence(new SeekTarget(lines), pattern, start, eof);

describe('seekSequence: the four passes', () => {
  it('pass 1: finds an exact block at or after the cursor, never before it', () => {
    expect(seek(['foo', 'bar', 'baz'], ['bar', 'baz'])).toBe(1);
    expect(seek(['a', 'x', 'a', 'x'], ['a', 'x'], 1)).toBe(2);
    expect(seek(['a', 'x', 'b'], ['a', 'x'], 1)).toBeNull();
  });

  it('pass 2: ignores trailing whitespace on either side', () => {
    expect(seek(['foo   ', 'bar\t\t'], ['foo', 'bar'])).toBe(0);
    expect(seek(['foo', 'bar'], ['foo \t', 'bar  '])).toBe(0);
    expect(seek(['  foo'], ['foo'])).toBe(0); // only pass 3 can do this one
  });

  it('pass 3: ignores leading and trailing whitespace, never whitespace inside a line', () => {
    expect(seek(['    foo   ', '   bar\t'], ['foo', 'bar'])).toBe(0);
    expect(seek(['a   b'], ['a b'])).toBeNull();
    expect(seek(['\u00a0\u3000x\u2009'], ['x'])).toBe(0); // Rust's trim strips Unicode spaces
    expect(seek(['\ufeffx'], ['x'])).toBeNull(); // but not a BOM, unlike JavaScript's trim
  });

  it('pass 4: folds Unicode dashes, quotes and spaces to ASCII', () => {
    expect(seek(['const s = \u201chi\u201d; // it\u2019s \u2013 ok'], ['const s = "hi"; // it\'s - ok'])).toBe(0);
    for (const dash of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212') expect(seek([`a${dash}b`], ['a-b'])).toBe(0);
    for (const quote of '\u2018\u2019\u201a\u201b') expect(seek([`${quote}q${quote}`], ["'q'"])).toBe(0);
    for (const quote of '\u201c\u201d\u201e\u201f') expect(seek([`${quote}q${quote}`], ['"q"'])).toBe(0);
    for (const space of '\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000')
      expect(seek([`a${space}b`], ['a b'])).toBe(0);
    // The patch side is folded too, and other look-alikes are not.
    expect(seek(['a-b'], ['a\u2014b'])).toBe(0);
    expect(seek(['a\u2022b'], ['a-b'])).toBeNull();
  });

  it('lets an earlier pass win even when a later pass would match earlier in the file', () => {
    expect(seek(['foo  ', 'foo'], ['foo'])).toBe(1);
    expect(seek(['  foo', 'foo  '], ['foo'])).toBe(1);
    expect(seek(['a\u2013b', ' a-b'], ['a-b'])).toBe(1);
  });
});

describe('seekSequence: edges', () => {
  it('with *** End of File, tries only the last possible position', () => {
    expect(seek(['x', 'end', 'x', 'end'], ['x', 'end'], 0, true)).toBe(2);
    expect(seek(['x', 'end', 'tail'], ['x', 'end'], 0, true)).toBeNull();
    expect(seek(['x', 'end  '], ['x', 'end'], 0, true)).toBe(0);
  });

  it('matches an empty pattern at the cursor and never a pattern longer than the file', () => {
    expect(seek(['a', 'b'], [], 1)).toBe(1);
    expect(seek(['just one line'], ['too', 'many', 'lines'])).toBeNull();
    expect(seek([], ['x'])).toBeNull();
  });

  it('reuses one target across searches (normalized views are computed once)', () => {
    const target = new SeekTarget(['  a', '  b', '  a', '  b']);
    expect(seekSequence(target, ['a', 'b'], 0, false)).toBe(0);
    expect(seekSequence(target, ['a', 'b'], 2, false)).toBe(2);
    expect(target.view(2)).toBe(target.view(2));
  });
});
