/**
 * The one random generator tests use: seeded, so a failing case replays exactly.
 * `TRELLIS_TEST_SEED=N` replaces a test's default seed (to replay a failure, or to explore new cases).
 */

/** The variable that replaces every test's default seed. */
export const TEST_SEED_VARIABLE = 'TRELLIS_TEST_SEED';

/** mulberry32: a small seedable generator, so a property test's failing case reproduces from its seed. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  /** An integer in [0, n), for indexing. */
  const below = (n: number) => int(0, n - 1);
  return {
    next,
    int,
    below,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)],
  };
}

export type SeededRandom = ReturnType<typeof seededRandom>;

/**
 * The seed a test runs with: `TRELLIS_TEST_SEED` when set, else the test's own default (so runs are
 * reproducible by default). A value that is not a non-negative integer is refused in one sentence.
 */
export function testSeed(defaultSeed: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TEST_SEED_VARIABLE]?.trim();
  if (!raw) return defaultSeed;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`${TEST_SEED_VARIABLE} must be a non-negative integer, not "${raw}".`);
  }
  return Number(raw);
}

/** What a failing assertion says, so the failure can be replayed: `seed 7 (replay: TRELLIS_TEST_SEED=7)`. */
export function seedLabel(seed: number, detail?: string): string {
  return `${detail ? `${detail}, ` : ''}seed ${seed} (replay: ${TEST_SEED_VARIABLE}=${seed})`;
}
