/** Enough pages for any honest server; a server that hands out cursors forever is cut off there. */
const MAX_PAGES = 200;

/**
 * Every item of an MCP list, following `nextCursor` page by page. A cursor seen before ends the walk, so a server
 * that loops its cursors cannot keep the client busy.
 */
export async function listAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor || seen.has(cursor)) break;
    seen.add(cursor);
  }
  return items;
}
