/** The rule core's createSpec enforces (electron/core/specs/create-spec.ts), checked here to explain before submitting. */
const SPEC_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_NAME = 64;
/** How many words of the idea make the name: enough to tell specs apart, short enough to type. */
const WORDS = 4;
/** Words that say nothing about the feature; dropped so "Add a way to export todos" gives export-todos. */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'and',
  'or',
  'for',
  'with',
  'in',
  'on',
  'at',
  'as',
  'by',
  'is',
  'be',
  'it',
  'its',
  'that',
  'this',
  'i',
  'we',
  'you',
  'want',
  'should',
  'can',
  'could',
  'would',
  'please',
  'let',
  'lets',
  'add',
  'make',
  'way',
  'so',
  'when',
  'from',
]);

/**
 * A kebab-case spec name from the idea's first words: deterministic (the same idea always gives the same name),
 * ASCII only (accents dropped, other scripts skipped), and not one of `taken`: a clash gets -2, -3, ...
 * Returns '' when the idea has no usable word (the person names the spec).
 */
export function suggestSpecName(idea: string, taken: Iterable<string> = []): string {
  const words = idea
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !FILLER.has(w));
  let base = '';
  for (const word of words.slice(0, WORDS)) {
    const next = base ? `${base}-${word}` : word.slice(0, MAX_NAME - 4);
    if (next.length > MAX_NAME - 4) break; // room for a -NNN suffix
    base = next;
  }
  if (!base) return '';
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Why `name` cannot name a new spec (bad form, or a spec of that name exists), or null. */
export function specNameProblem(name: string, taken: Iterable<string> = []): string | null {
  if (!name) return 'Give the spec a name, or an idea to suggest one from.';
  if (!SPEC_NAME.test(name))
    return `A spec name is kebab-case, such as todo-export (lower-case letters, digits and single hyphens).`;
  if (name.length > MAX_NAME) return `A spec name has at most ${MAX_NAME} characters.`;
  for (const t of taken) if (t === name) return `A spec named ${name} already exists; pick another name.`;
  return null;
}
