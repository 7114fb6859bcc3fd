import type { EarsPattern, SpecDiagnostic } from './spec-model';
import { diagnostic } from './spec-model';

const LEAD = /^(WHEN|WHILE|IF|WHERE)\b/i;
const PATTERN_OF: Record<string, EarsPattern> = {
  WHEN: 'event-driven',
  WHILE: 'state-driven',
  IF: 'unwanted-behaviour',
  WHERE: 'optional-feature',
};
const SHALL = /\bSHALL\b/i;
// A second clause keyword makes a criterion complex: upper case anywhere, or any case right after a comma.
const MORE_CLAUSES = /\b(?:WHEN|WHILE|WHERE|IF)\b|,\s*(?:when|while|where|if)\b/gi;
const UPPER_CLAUSE = /^(?:WHEN|WHILE|WHERE|IF)$/;
const MODAL = /^(.*?)\b(?:must|should|will|shall|needs to|has to)\s+(.*)$/i;
const GLOSSARY_SUBJECT = /\bTHE\s+([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)\s+SHALL\b/;

/**
 * Classifies one acceptance criterion (list number already stripped) by its leading keywords, as the formats
 * doc prescribes: WHILE…WHEN or WHEN…AND ⇒ complex, WHEN ⇒ event, WHILE ⇒ state, IF ⇒ unwanted,
 * WHERE ⇒ optional, otherwise SHALL ⇒ ubiquitous, else null (not EARS). Both dialects classify alike.
 */
export function classifyEars(text: string): EarsPattern | null {
  const t = text.trim().replace(/^\*\*|^_/, '');
  const lead = LEAD.exec(t);
  const shallAt = t.search(SHALL);
  if (!lead) return shallAt >= 0 ? 'ubiquitous' : null;
  const condition = (shallAt >= 0 ? t.slice(0, shallAt) : t).slice(lead[0].length);
  for (const m of condition.matchAll(MORE_CLAUSES)) {
    const word = m[0].replace(/^,\s*/, '');
    if (m[0].startsWith(',') || UPPER_CLAUSE.test(word)) return 'complex';
  }
  if (lead[1].toUpperCase() === 'WHEN' && /\bAND\b/.test(condition)) return 'complex';
  return PATTERN_OF[lead[1].toUpperCase()];
}

/** Third person singular to base form, for the common cases: shows -> show, pushes -> push, carries -> carry. */
const baseForm = (verb: string) =>
  verb === 'does'
    ? 'do'
    : verb === 'has'
      ? 'have'
      : verb
          .replace(/ies$/, 'y')
          .replace(/(ss|sh|ch|x|z)es$/, '$1')
          .replace(/s$/, '');

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** A rewrite in EARS form to put in the warning, built from the criterion's own words. */
export function suggestEars(text: string): string {
  const t = text.trim().replace(/[.。]$/, '');
  const lead = LEAD.exec(t);
  if (lead) {
    // Keep the condition clause, make the rest a SHALL response.
    const comma = t.indexOf(',');
    const then = t.search(/\bTHEN\b/);
    const cut = comma >= 0 ? comma : then >= 0 ? then : -1;
    const condition = cut >= 0 ? t.slice(0, cut).trim() : t;
    let response = cut >= 0 ? t.slice(cut).replace(/^,?\s*(?:THEN\b\s*)?/i, '') : '<response>';
    const modal = MODAL.exec(response);
    response = modal
      ? `${modal[1].trim().replace(/^the\s+/i, '') || '<system>'} SHALL ${modal[2]}`
      : `<system> SHALL ${lowerFirst(response)}`;
    const keyword = lead[1].toUpperCase();
    const clause = `${keyword}${condition.slice(lead[0].length)}`;
    return keyword === 'IF' ? `${clause}, THEN THE ${response}` : `${clause}, THE ${response}`;
  }
  const modal = MODAL.exec(t);
  if (modal && modal[1].trim()) return `THE ${modal[1].trim().replace(/^the\s+/i, '')} SHALL ${modal[2]}`;
  // "The export shows a bar" -> "THE export SHALL show a bar": subject, then the verb in its base form.
  const sentence = /^(?:the|a|an)\s+(\S+)\s+([a-z]+s)\s+(.*)$/i.exec(t);
  if (sentence) return `THE ${sentence[1]} SHALL ${baseForm(sentence[2])} ${sentence[3]}`;
  return `THE <system> SHALL ${lowerFirst(t)}`;
}

export interface EarsLintTarget {
  id: string;
  text: string;
  line: number;
}

/**
 * Lint for one criterion; warnings only, since EARS is a convention, not a grammar the documents must obey.
 * `glossary` (terms of the 2026 dialect) enables the undefined-subject check; `defect` marks a bugfix
 * "current behaviour" clause, which describes what happens and so has no SHALL.
 */
export function lintEars(
  criterion: EarsLintTarget,
  file: string,
  options: { glossary?: ReadonlySet<string>; defect?: boolean } = {},
): SpecDiagnostic[] {
  const { id, text, line } = criterion;
  const found: SpecDiagnostic[] = [];
  const pattern = classifyEars(text);
  if (options.defect) return found;
  if (pattern === null) {
    found.push(
      diagnostic(
        file,
        line,
        'warning',
        'ears-non-ears',
        `criterion ${id} follows no EARS pattern; rewrite as, e.g.: "${suggestEars(text)}"`,
      ),
    );
    return found;
  }
  if (!SHALL.test(text)) {
    found.push(
      diagnostic(
        file,
        line,
        'warning',
        'ears-missing-shall',
        `criterion ${id} has no SHALL; rewrite as, e.g.: "${suggestEars(text)}"`,
      ),
    );
  }
  if (LEAD.exec(text.trim())?.[1].toUpperCase() === 'IF' && !/\bTHEN\b/i.test(text)) {
    found.push(
      diagnostic(
        file,
        line,
        'warning',
        'ears-if-without-then',
        `criterion ${id} has IF without THEN; rewrite as, e.g.: "${suggestEars(text)}"`,
      ),
    );
  }
  const subject = GLOSSARY_SUBJECT.exec(text)?.[1];
  if (subject && options.glossary?.size && !options.glossary.has(subject)) {
    found.push(
      diagnostic(
        file,
        line,
        'warning',
        'ears-undefined-term',
        `criterion ${id} names ${subject}, which the glossary does not define`,
      ),
    );
  }
  return found;
}
