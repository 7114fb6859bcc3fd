import { describe, expect, it } from 'vitest';
import { CRLF, decodeText, encodeText, LF, NO_EOL } from './text-file';
import { seedLabel, seededRandom, testSeed } from '../testing/seeded-random';

describe('decodeText / encodeText', () => {
  it('splits lines with their own endings and picks the first ending for new lines', () => {
    expect(decodeText(Buffer.from('a\r\nb\nc'))).toEqual({
      lines: ['a', 'b', 'c'],
      endings: [CRLF, LF, NO_EOL],
      raw: null,
      preferred: CRLF,
    });
    expect(decodeText(Buffer.from('only'))).toMatchObject({ lines: ['only'], endings: [NO_EOL], preferred: LF });
    expect(decodeText(Buffer.alloc(0))).toMatchObject({ lines: [], endings: [] });
    expect(decodeText(Buffer.from('\ufeffbom\n'))!.lines).toEqual(['\ufeffbom']);
  });

  it('keeps the bytes of lines that are not UTF-8, decoding them lossily for matching', () => {
    const file = decodeText(Buffer.from('ok\ncaf\xe9\n', 'latin1'))!;
    expect(file.lines).toEqual(['ok', 'caf\ufffd']);
    expect(file.raw![1]!.toString('latin1')).toBe('caf\xe9');
  });

  it('refuses what is not text: a NUL byte in a file that is not UTF-8', () => {
    expect(decodeText(Buffer.from('\ufeffhi\n', 'utf16le'))).toBeNull();
    expect(decodeText(Buffer.from('nul \0 but utf-8\n'))).not.toBeNull();
  });

  it('round-trips any bytes without NUL exactly', () => {
    const seed = testSeed(7);
    const rng = seededRandom(seed);
    const alphabet = [0x61, 0x20, 0x0a, 0x0d, 0xe9, 0xc3, 0xa9, 0xe2, 0x80, 0x94, 0xff, 0x09];
    for (let n = 0; n < 500; n++) {
      const bytes = Buffer.from(Array.from({ length: rng.below(40) }, () => rng.pick(alphabet)));
      const file = decodeText(bytes);
      const label = seedLabel(seed, bytes.toString('hex'));
      expect(file, label).not.toBeNull();
      expect(encodeText(file!).equals(bytes), label).toBe(true);
    }
  });
});
