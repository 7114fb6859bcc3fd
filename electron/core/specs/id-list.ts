/** A criterion (`1.2`), a whole requirement (`3`), a lettered id (`1.2a`) or a prefixed one (`R-EXP-1`). */
const ID = /^(?:\d+(?:\.\d+)*[a-z]?|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+(?:\.\d+)*)$/;

/** The marker tasks use to say they cover every requirement. */
export const ALL_REQUIREMENTS = '*';

/**
 * Parses a reference value such as `1.2, 3.1`, `Requirements 1.1 and 2.3` or `All requirements`
 * into ids, or null when it is not an id list (then the line is a labelled detail, kept as text).
 */
export function parseIdList(value: string): string[] | null {
  let rest = value
    .trim()
    .replace(/[.。]$/, '')
    .trim();
  if (/^all(?: requirements)?$/i.test(rest)) return [ALL_REQUIREMENTS];
  // "Requirements 1.1, 2.3" (design properties and some task lines name the kind first)
  rest = rest.replace(/^(?:requirements?|reqs?\.?|criteria)\s*:?\s*/i, '');
  if (!rest) return null;
  const ids: string[] = [];
  for (const part of rest.split(/\s*(?:[,，、;]|\band\b)\s*/)) {
    if (!part) continue;
    const id = part.replace(/^(?:requirements?|reqs?\.?)\s*/i, '');
    if (!ID.test(id)) return null;
    ids.push(id);
  }
  return ids.length ? ids : null;
}
