import { describe, expect, it } from 'vitest';
import { seedLabel, seededRandom, testSeed } from './seeded-random';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const rng = seededRandom(seed);
      return Array.from({ length: 8 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const x of draw(1)) expect(x >= 0 && x < 1).toBe(true);
  });

  it('keeps int, below and pick within their bounds', () => {
    const rng = seededRandom(5);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const n = rng.int(2, 4);
      expect(n >= 2 && n <= 4).toBe(true);
      seen.add(n);
      expect(rng.below(3)).toBeLessThan(3);
      expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
    }
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });
});

describe('testSeed', () => {
  it('uses the default unless TRELLIS_TEST_SEED is set', () => {
    expect(testSeed(7, {})).toBe(7);
    expect(testSeed(7, { TRELLIS_TEST_SEED: '' })).toBe(7);
    expect(testSeed(7, { TRELLIS_TEST_SEED: ' 123 ' })).toBe(123);
  });

  it('refuses a seed that is not a non-negative integer, in one sentence', () => {
    expect(() => testSeed(7, { TRELLIS_TEST_SEED: 'abc' })).toThrow(
      'TRELLIS_TEST_SEED must be a non-negative integer, not "abc".',
    );
    expect(() => testSeed(7, { TRELLIS_TEST_SEED: '-1' })).toThrow(/non-negative integer/);
    expect(() => testSeed(7, { TRELLIS_TEST_SEED: '1e99' })).toThrow(/non-negative integer/);
  });

  it('labels a failure with the way to replay it', () => {
    expect(seedLabel(9)).toBe('seed 9 (replay: TRELLIS_TEST_SEED=9)');
    expect(seedLabel(9, 'case 3')).toBe('case 3, seed 9 (replay: TRELLIS_TEST_SEED=9)');
  });
});
