import { describe, expect, it } from 'vitest';
import { waitForItem } from './wait-for-item';

/** Let every promise callback already due run (no time passes). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('waitForItem', () => {
  it('resolves with an item already there', async () => {
    expect(await waitForItem([1, 2, 3], (n) => n > 1)).toBe(2);
  });

  it('resolves when a matching item is pushed, and not before', async () => {
    const items: string[] = [];
    let found: string | undefined;
    void waitForItem(items, (s) => s.startsWith('b')).then((s) => (found = s));
    items.push('a');
    await settle();
    expect(found).toBeUndefined();
    items.push('x', 'b1');
    await settle();
    expect(found).toBe('b1');
    expect(items).toEqual(['a', 'x', 'b1']); // pushing still pushes
  });

  it('serves several waiters on one array, each with its own check', async () => {
    const items: number[] = [];
    const even = waitForItem(items, (n) => n % 2 === 0);
    const big = waitForItem(items, (n) => n > 10);
    items.push(3, 4);
    items.push(11);
    expect(await Promise.all([even, big])).toEqual([4, 11]);
    expect(await waitForItem(items, (_, i) => i === 2)).toBe(11);
  });
});
