import { classifyEars } from './ears';
import { heading, proseLines } from './source-lines';
import type {
  AcceptanceCriterion,
  GlossaryTerm,
  Requirement,
  RequirementsDocument,
  SpecDiagnostic,
} from './spec-model';
import { diagnostic } from './spec-model';

// "Requirement 2: Title", "Anforderung 1", "要件 2", "R-EXP-1: Title": the word is optional only for level 3+.
const REQUIREMENT_WORD = String.raw`(?:user story|story|requirements?|req\.?|anforderung|exigence|requisito|requisiti|exigência|wymaganie|требование|要件|需求|要求|요구사항)`;
const REQUIREMENT_HEADING = new RegExp(
  String.raw`^(${REQUIREMENT_WORD}\s*)?(\d+|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+)\s*(?:[:：.\-–—]\s*(.*))?$`,
  'iu',
);
const REQUIREMENT_WORD_ONLY = new RegExp(String.raw`^${REQUIREMENT_WORD}\s*[:：]\s*(.*)$`, 'iu');
const ACCEPTANCE = /acceptance|akzeptanz|受入|受け入れ|验收|critères|criterios|criteri/i;
const GLOSSARY = /glossary|glossar|用語|术语|glossaire|glosario/i;
const STORY_LABEL = /story|geschichte|ストーリー|故事|histoire|historia/i;
const ORDERED_ITEM = /^([ \t]*)(\d+)(?:\.(\d+)\.?|[.)])[ \t]+(.*)$/;
const BULLET_ITEM = /^([ \t]*)[-*+][ \t]+(.*)$/;

/** `**User Story:** As a …` (bold or not, in any of a few languages): the story text, or null. */
function userStory(text: string): string | null {
  const m = /^(?:[-*][ \t]+)?(?:\*\*|__)?([^*:：_]{1,40}?)(?:\*\*|__)?[ \t]*[:：](?:\*\*|__)?[ \t]*(.*)$/.exec(
    text.trim(),
  );
  return m && STORY_LABEL.test(m[1]) && m[2] ? m[2].trim() : null;
}

/**
 * Parses requirements.md: requirements by heading, user stories, numbered acceptance criteria (with their
 * EARS pattern) and glossary terms. Unknown prose is skipped over, never rejected.
 */
export function parseRequirements(source: string, file = 'requirements.md'): RequirementsDocument {
  const requirements: Requirement[] = [];
  const glossary: GlossaryTerm[] = [];
  const diagnostics: SpecDiagnostic[] = [];
  let current: Requirement | null = null;
  let currentLevel = 0;
  let subsection: 'none' | 'criteria' | 'other' = 'none';
  let inGlossary = false;
  let open: { criterion: AcceptanceCriterion; indent: number } | null = null; // for hard-wrapped criteria

  const finishCriterion = () => {
    if (open) open.criterion.pattern = classifyEars(open.criterion.text);
    open = null;
  };

  for (const { number, text } of proseLines(source, () => finishCriterion())) {
    const h = heading(text);
    if (h) {
      finishCriterion();
      if (h.level <= 2) inGlossary = GLOSSARY.test(h.text);
      const req = h.level >= 2 ? REQUIREMENT_HEADING.exec(h.text) : null;
      const wordOnly = !req && h.level >= 2 ? REQUIREMENT_WORD_ONLY.exec(h.text) : null;
      if ((req && (req[1] || h.level >= 3)) || wordOnly) {
        const id = req ? req[2] : String(requirements.length + 1);
        if (requirements.some((r) => r.id === id))
          diagnostics.push(
            diagnostic(
              file,
              number,
              'warning',
              'duplicate-requirement',
              `requirement ${id} appears twice; references to it are ambiguous`,
            ),
          );
        current = {
          id,
          title: (req ? req[3] : wordOnly![1])?.trim() ?? '',
          line: number,
          userStory: null,
          criteria: [],
        };
        currentLevel = h.level;
        requirements.push(current);
        subsection = 'none';
        continue;
      }
      if (current && h.level <= currentLevel) current = null;
      subsection = ACCEPTANCE.test(h.text) ? 'criteria' : 'other';
      continue;
    }

    if (inGlossary) {
      const term = /^[ \t]*[-*+][ \t]+\*\*([^*]+)\*\*/.exec(text);
      if (term) glossary.push({ term: term[1].trim(), line: number });
      continue;
    }
    if (!current) continue;
    if (!text.trim()) {
      finishCriterion();
      continue;
    }
    const story = current.userStory ? null : userStory(text);
    if (story) {
      finishCriterion();
      current.userStory = { text: story, line: number };
      continue;
    }
    if (subsection === 'other') continue;

    const ordered = ORDERED_ITEM.exec(text);
    const bullet = !ordered && subsection === 'criteria' ? BULLET_ITEM.exec(text) : null;
    const indent = (ordered?.[1] ?? bullet?.[1] ?? '').length;
    if ((ordered || bullet) && (!open || indent <= open.indent)) {
      finishCriterion();
      // `1.` numbers the k-th criterion; `2.3` writes the full id (then its second part is k).
      const k = ordered ? (ordered[3] ?? ordered[2]) : String(current.criteria.length + 1);
      const criterion: AcceptanceCriterion = {
        id: `${current.id}.${k}`,
        text: (ordered ? ordered[4] : bullet![2]).trim(),
        line: number,
        pattern: null,
      };
      if (current.criteria.some((c) => c.id === criterion.id)) {
        diagnostics.push(
          diagnostic(
            file,
            number,
            'warning',
            'duplicate-criterion',
            `criterion ${criterion.id} appears twice; references to it are ambiguous`,
          ),
        );
      }
      current.criteria.push(criterion);
      open = { criterion, indent };
      continue;
    }
    // A hard-wrapped or nested continuation belongs to the criterion above it.
    if (open) open.criterion.text += ` ${text.trim()}`;
  }
  finishCriterion();

  if (!requirements.length && source.trim()) {
    diagnostics.push(
      diagnostic(
        file,
        1,
        'warning',
        'no-requirements',
        'no "### Requirement N" headings found; nothing here can be cited by tasks',
      ),
    );
  }
  return { kind: 'requirements', file, source, glossary, requirements, diagnostics };
}

const SECTIONS: { test: RegExp; section: NonNullable<Requirement['section']>; group: string }[] = [
  { test: /current|defect|aktuell|現在|当前/i, section: 'current', group: '1' },
  { test: /expected|correct|erwartet|期待|预期/i, section: 'expected', group: '2' },
  { test: /unchanged|regression|preserv|unverändert|変更なし|不变/i, section: 'unchanged', group: '3' },
];
const CLAUSE = /^[ \t]*(?:[-*+][ \t]+)?(\d+)\.(\d+)\.?[ \t]+(.*)$/;
const PLAIN_ITEM = /^[ \t]*(\d+)[.)][ \t]+(.*)$/;

/**
 * Parses bugfix.md: `N.k` clauses (paragraphs, not list items) under Current (1.x), Expected (2.x) and
 * Unchanged (3.x) behaviour. Each section becomes a requirement so clauses are cited like criteria.
 */
export function parseBugfix(source: string, file = 'bugfix.md'): RequirementsDocument {
  const groups = new Map<string, Requirement>();
  const glossary: GlossaryTerm[] = [];
  const diagnostics: SpecDiagnostic[] = [];
  let section: (typeof SECTIONS)[number] | null = null;
  let sectionHeading = { title: '', line: 1 };
  let inGlossary = false;
  let open: AcceptanceCriterion | null = null;

  const finish = () => {
    if (open) open.pattern = classifyEars(open.text);
    open = null;
  };
  const group = (id: string, line: number): Requirement => {
    let req = groups.get(id);
    if (!req) {
      const known = SECTIONS.find((s) => s.group === id);
      req = {
        id,
        title: section?.group === id ? sectionHeading.title : '',
        line: section?.group === id ? sectionHeading.line : line,
        userStory: null,
        criteria: [],
        section: known?.section,
      };
      groups.set(id, req);
    }
    return req;
  };

  for (const { number, text } of proseLines(source, () => finish())) {
    const h = heading(text);
    if (h) {
      finish();
      if (h.level <= 2) inGlossary = GLOSSARY.test(h.text);
      const match = SECTIONS.find((s) => s.test.test(h.text));
      if (h.level >= 3 && match) {
        section = match;
        sectionHeading = { title: h.text, line: number };
      } else if (h.level <= 3) section = null;
      continue;
    }
    if (inGlossary) {
      const term = /^[ \t]*[-*+][ \t]+\*\*([^*]+)\*\*/.exec(text);
      if (term) glossary.push({ term: term[1].trim(), line: number });
      continue;
    }
    if (!text.trim()) {
      finish();
      continue;
    }
    const clause = CLAUSE.exec(text);
    const item = !clause && section ? PLAIN_ITEM.exec(text) : null;
    if (clause || item) {
      finish();
      const [groupId, k, body] = clause ? [clause[1], clause[2], clause[3]] : [section!.group, item![1], item![2]];
      const req = group(groupId, number);
      const id = `${groupId}.${k}`;
      if (req.criteria.some((c) => c.id === id))
        diagnostics.push(
          diagnostic(
            file,
            number,
            'warning',
            'duplicate-criterion',
            `clause ${id} appears twice; references to it are ambiguous`,
          ),
        );
      open = { id, text: body.trim(), line: number, pattern: null };
      req.criteria.push(open);
      continue;
    }
    if (open) open.text += ` ${text.trim()}`;
  }
  finish();
  const requirements = [...groups.values()].sort((a, b) => Number(a.id) - Number(b.id));
  if (!requirements.length && source.trim()) {
    diagnostics.push(
      diagnostic(
        file,
        1,
        'warning',
        'no-requirements',
        'no numbered clauses (1.1, 2.1, 3.1) found; nothing here can be cited by tasks',
      ),
    );
  }
  return { kind: 'bugfix', file, source, glossary, requirements, diagnostics };
}
