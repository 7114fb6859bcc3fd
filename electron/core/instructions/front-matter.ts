/**
 * The YAML front matter of a steering file, between `---` lines, read by the `yaml` library (what Kiro's
 * users write is YAML: quoted strings with colons or `#`, flow and block lists, comments, folded text).
 * Read safely: the failsafe schema (every scalar a string, no tags resolved, so nothing but strings,
 * lists and maps), a size limit, and a cap on aliases. Problems are reported, never thrown: the caller
 * decides how to degrade.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

export type FrontMatterValue = string | FrontMatterValue[] | { [key: string]: FrontMatterValue };

export interface FrontMatter {
  /** null when the document has no front matter. */
  data: Record<string, FrontMatterValue> | null;
  body: string;
  /** Why the front matter could not be read; `data` is then empty. */
  error?: string;
}

/** Front matter is a few keys; past this it is not steering metadata, and parsing it is not worth the cost. */
export const MAX_FRONT_MATTER_BYTES = 64 * 1024;
/** Aliases may repeat a list, not multiply it (a "billion laughs" document). */
const MAX_ALIASES = 50;

// Loaded on first use: only a steering file with front matter needs it, and loading yaml costs a few ms of start.
let loaded: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

export function parseFrontMatter(source: string): FrontMatter {
  const text = source.replace(/^\ufeff/, '');
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return { data: null, body: text };
  const rest = text.slice(open[0].length);
  const end = /^---[ \t]*$/m.exec(rest);
  if (!end) return { data: {}, body: text, error: 'front matter has no closing --- line' };
  const body = rest.slice(end.index + end[0].length).replace(/^\r?\n/, '');
  const yamlText = rest.slice(0, end.index);
  if (Buffer.byteLength(yamlText) > MAX_FRONT_MATTER_BYTES)
    return { data: {}, body, error: `front matter is longer than ${MAX_FRONT_MATTER_BYTES / 1024} KiB` };
  // Line numbers name the file's lines: the opening `---` is line 1. A mistake found at the very end (an
  // unclosed quote) belongs to the last line written, not to the closing `---`.
  const lineOf = (offset: number) =>
    2 + (yamlText.slice(0, Math.min(offset, yamlText.trimEnd().length)).match(/\n/g)?.length ?? 0);
  const failed = (error: string): FrontMatter => ({ data: {}, body, error });

  const doc = yaml().parseDocument(yamlText, {
    schema: 'failsafe',
    resolveKnownTags: false,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const [problem] = doc.errors;
  if (problem) return failed(`cannot read front matter line ${lineOf(problem.pos[0])}: ${problem.message}`);
  if (doc.contents === null) return { data: {}, body };
  if (!yaml().isMap(doc.contents)) {
    const start = doc.contents.range?.[0] ?? 0;
    const line = yamlText.slice(start).split(/\r?\n/, 1)[0]!.trim();
    return failed(`cannot read front matter line ${lineOf(start)}: ${JSON.stringify(line)} is not a "key: value" line`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    // An alias to an anchor set later, or too many aliases.
    return failed(`cannot read front matter: ${(err as Error).message}`);
  }
  return { data: value as Record<string, FrontMatterValue>, body };
}
