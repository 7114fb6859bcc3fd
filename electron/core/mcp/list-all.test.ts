import { describe, expect, it } from 'vitest';
import { listAll } from './list-all';

describe('listAll', () => {
  it('follows nextCursor until the last page', async () => {
    const pages: Record<string, { items: number[]; nextCursor?: string }> = {
      start: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3], nextCursor: 'c' },
      c: { items: [4, 5] },
    };
    const asked: (string | undefined)[] = [];
    const items = await listAll(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? 'start'];
    });
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('stops when a server hands out a cursor it gave before', async () => {
    let calls = 0;
    const items = await listAll(async (cursor) => {
      calls++;
      return { items: [cursor ?? 'first'], nextCursor: cursor === 'a' ? 'b' : 'a' };
    });
    expect(items).toEqual(['first', 'a', 'b']);
    expect(calls).toBe(3);
  });
});
